#include "protocol/mtsics.hpp"

#include "protocol/text_escape.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace stationd::drivers::mtsics {

namespace {

struct token {
  std::string_view text; // without the quotes of quoted text
  bool quoted = false;
  std::size_t begin = 0; // offset in the line, quotes included
};

bool is_upper_or_digit(char ch) noexcept { return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'); }
bool is_letter(char ch) noexcept { return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'); }

bool is_unit(const token& t) noexcept {
  if (t.quoted || t.text.empty()) {
    return false;
  }
  for (const char ch : t.text) {
    if (!is_letter(ch)) {
      return false;
    }
  }
  return true;
}

// Builds the result for one line; `fail` keeps every message in one shape.
class reply_parser {
public:
  explicit reply_parser(std::string_view line) : line_{line} {}

  parse_result run() {
    if (line_.empty()) {
      return fail("empty line");
    }
    for (std::size_t i = 0; i < line_.size(); ++i) {
      const auto byte = static_cast<unsigned char>(line_[i]);
      if (byte < 0x20 || byte >= 0x7F) {
        return fail(fmt::format("byte 0x{:02X} at position {} is not printable ASCII", byte, i));
      }
    }
    if (auto problem = split()) {
      return fail(std::move(*problem));
    }
    if (tokens_.empty()) {
      return fail("no reply ID");
    }
    const token& id = tokens_[0];
    if (id.quoted || !is_id(id.text)) {
      return fail(fmt::format("\"{}\" is not a reply ID", id.text));
    }
    reply_.id = std::string{id.text};
    if (id.text == "ES" || id.text == "ET" || id.text == "EL") {
      return general_error(id.text);
    }
    if (tokens_.size() < 2) {
      return fail("no status after the ID");
    }
    const token& status = tokens_[1];
    if (status.quoted || status.text.size() != 1) {
      return fail(fmt::format("unknown status '{}'", status.text));
    }
    switch (status.text[0]) {
    case 'A': return final_or_more(reply_kind::done);
    case 'B': return final_or_more(reply_kind::more);
    case 'S': return stable_or_dynamic(true);
    case 'D': return stable_or_dynamic(false);
    case 'I': return bare(reply_kind::not_executable);
    case '+': return bare(reply_kind::overload);
    case '-': return bare(reply_kind::underload);
    case 'L': return bare(reply_kind::parameter_error);
    default: return fail(fmt::format("unknown status '{}'", status.text));
    }
  }

private:
  static bool is_id(std::string_view text) noexcept {
    if (text.empty() || !is_letter(text[0])) {
      return false;
    }
    for (const char ch : text) {
      if (!is_upper_or_digit(ch)) {
        return false;
      }
    }
    return true;
  }

  // Splits on runs of spaces; "quoted text" is one token and may hold spaces.
  std::optional<std::string> split() {
    std::size_t i = 0;
    while (i < line_.size()) {
      if (line_[i] == ' ') {
        ++i;
        continue;
      }
      token t;
      t.begin = i;
      if (line_[i] == '"') {
        const std::size_t close = line_.find('"', i + 1);
        if (close == std::string_view::npos) {
          return "unterminated quoted text";
        }
        t.text = line_.substr(i + 1, close - i - 1);
        t.quoted = true;
        i = close + 1;
        if (i < line_.size() && line_[i] != ' ') {
          return "no space after quoted text";
        }
      } else {
        const std::size_t end = std::min(line_.find(' ', i), line_.size());
        t.text = line_.substr(i, end - i);
        i = end;
      }
      tokens_.push_back(t);
    }
    return std::nullopt;
  }

  parse_result general_error(std::string_view id) {
    if (tokens_.size() > 1) {
      return fail(fmt::format("unexpected \"{}\" after {}", tokens_[1].text, id));
    }
    reply_.kind = id == "ES" ? reply_kind::syntax_error
                : id == "ET" ? reply_kind::transmission_error
                             : reply_kind::logical_error;
    return ok();
  }

  parse_result bare(reply_kind kind) {
    if (tokens_.size() > 2) {
      return fail(fmt::format("unexpected \"{}\" after status '{}'", tokens_[2].text, tokens_[1].text));
    }
    reply_.kind = kind;
    return ok();
  }

  // "<cmd> A ..." / "<cmd> B ...": nothing, a weight ("TA A 0.500 kg"), one
  // text field (quoted or not), or several fields kept as sent ("I0 B 0 I0").
  parse_result final_or_more(reply_kind kind) {
    reply_.kind = kind;
    const std::size_t fields = tokens_.size() - 2;
    const bool identification = reply_.id[0] == 'I';
    if (fields == 2 && !identification && !tokens_[2].quoted && is_unit(tokens_[3])) {
      if (auto weight = decimal_weight::parse(tokens_[2].text)) {
        reply_.weight = weight;
        reply_.unit = std::string{tokens_[3].text};
        return ok();
      }
    }
    if (fields == 1) {
      reply_.text = std::string{tokens_[2].text};
    } else if (fields > 1) {
      std::string_view rest = line_.substr(tokens_[2].begin);
      while (!rest.empty() && rest.back() == ' ') {
        rest.remove_suffix(1);
      }
      reply_.text = std::string{rest};
    }
    return ok();
  }

  // 'S'/'D': a weight ("S S 0.256 kg"), a hardware error ("S S Error 2t"), a
  // tare ("T S 0.500 kg") or a zeroing outcome ("ZI D").
  parse_result stable_or_dynamic(bool stable) {
    reply_.stable = stable;
    const char family = reply_.id[0];
    if (family == 'Z') {
      reply_.kind = reply_kind::done;
      if (tokens_.size() > 2) {
        return fail(fmt::format("unexpected \"{}\" after status '{}'", tokens_[2].text, tokens_[1].text));
      }
      return ok();
    }
    if (family != 'S' && family != 'T') {
      return fail(fmt::format("status '{}' does not belong to a reply to {}", tokens_[1].text, reply_.id));
    }
    if (family == 'S' && tokens_.size() > 2 && !tokens_[2].quoted && tokens_[2].text == "Error") {
      return device_error();
    }
    reply_.kind = family == 'S' ? reply_kind::weight : reply_kind::done;
    if (tokens_.size() < 3) {
      return fail("no weight value");
    }
    const token& value = tokens_[2];
    auto weight = value.quoted ? std::nullopt : decimal_weight::parse(value.text);
    if (!weight) {
      return fail(fmt::format("\"{}\" is not a weight value", value.text));
    }
    if (tokens_.size() < 4) {
      return fail("weight without unit");
    }
    if (!is_unit(tokens_[3])) {
      return fail(fmt::format("\"{}\" is not a unit", tokens_[3].text));
    }
    if (tokens_.size() > 4) {
      return fail(fmt::format("unexpected \"{}\" after the unit", tokens_[4].text));
    }
    reply_.weight = weight;
    reply_.unit = std::string{tokens_[3].text};
    return ok();
  }

  parse_result device_error() {
    reply_.kind = reply_kind::device_error;
    if (tokens_.size() < 4) {
      return fail("Error without a code");
    }
    if (tokens_.size() > 4) {
      return fail(fmt::format("unexpected \"{}\" after the error code", tokens_[4].text));
    }
    reply_.text = std::string{tokens_[3].text};
    return ok();
  }

  parse_result ok() { return parse_result{std::move(reply_), std::nullopt}; }

  parse_result fail(std::string reason) const {
    return parse_result{std::nullopt,
                        parse_failure{fmt::format("unreadable MT-SICS reply \"{}\": {}", escape_bytes(line_), reason)}};
  }

  std::string_view line_;
  std::vector<token> tokens_;
  reply reply_;
};

} // namespace

std::string command(std::string_view name) {
  std::string line{name};
  line += "\r\n";
  return line;
}

parse_result parse_reply(std::string_view line) { return reply_parser{line}.run(); }

} // namespace stationd::drivers::mtsics
