// The bracketed (human readable) form: "(01)19501101530000(10)LOT-A1". A '('
// inside a value is written "\(".

#include "gs1/ai_table.hpp"
#include "gs1/validate.hpp"

#include <fmt/format.h>

namespace stationd::gs1 {

namespace {

bool printable(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= 0x20 && byte < 0x7F;
}

// Where the value that starts at `from` ends: the next '(' that is not escaped.
std::size_t value_end(std::string_view text, std::size_t from, bool& escaped) {
  escaped = false;
  for (std::size_t i = from; i < text.size(); ++i) {
    if (text[i] != '(') continue;
    if (i > from && text[i - 1] == '\\') {
      escaped = true;
      continue;
    }
    return i;
  }
  return text.size();
}

} // namespace

parsed parse_bracketed(std::string_view text, const parse_options& options) {
  using detail::make_error;
  parsed out;
  if (text.empty()) {
    out.failure = make_error(errc::empty, "", "", 0, "The text holds no data");
    return out;
  }
  out.elements.reserve(8);
  detail::element_collector collector(out, {detail::form::bracketed, options.current_year, options.require_companions});
  std::string unescaped; // only used for values with "\("

  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t open = pos;
    if (text[open] != '(') {
      if (!printable(text[open]))
        collector.fail(make_error(errc::not_ascii, "", "", open,
                                  fmt::format("Byte 0x{:02X} at position {} is not printable ASCII", static_cast<unsigned char>(text[open]), open)));
      else
        collector.fail(make_error(errc::bad_syntax, "", "", open, fmt::format("Expected '(' to start an AI at position {}, found '{}'", open, text[open])));
      return out;
    }
    const std::size_t close = text.find(')', open + 1);
    if (close == std::string_view::npos) {
      collector.fail(make_error(errc::bad_syntax, "", "", open, fmt::format("The '(' at position {} is never closed by ')'", open)));
      return out;
    }
    const std::string_view ai = text.substr(open + 1, close - open - 1);
    if (ai.empty()) {
      collector.fail(make_error(errc::bad_syntax, "", "", open, fmt::format("Empty AI \"()\" at position {}", open)));
      return out;
    }
    for (std::size_t i = 0; i < ai.size(); ++i) {
      if (printable(ai[i])) continue;
      collector.fail(make_error(errc::not_ascii, "", "", open + 1 + i,
                                fmt::format("Byte 0x{:02X} at position {} is not printable ASCII", static_cast<unsigned char>(ai[i]), open + 1 + i)));
      return out;
    }
    if (ai.size() < 2 || ai.size() > 4 || ai.find_first_not_of("0123456789") != std::string_view::npos) {
      collector.fail(make_error(errc::bad_syntax, ai, "", open,
                                fmt::format("({}) at position {} is not an AI: AIs are 2 to 4 digits", ai, open)));
      return out;
    }
    const detail::ai_entry* entry = detail::lookup(ai);
    if (!entry) {
      collector.fail(make_error(errc::unknown_ai, ai, "", open, fmt::format("Unknown AI ({}) at position {}", ai, open)));
      return out;
    }

    const std::size_t value_position = close + 1;
    bool escaped = false;
    const std::size_t end = value_end(text, value_position, escaped);
    const std::string_view raw = text.substr(value_position, end - value_position);
    std::string_view value = raw;
    if (escaped) {
      unescaped.clear();
      for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\\' && i + 1 < raw.size() && raw[i + 1] == '(') continue;
        unescaped += raw[i];
      }
      value = unescaped;
    }
    pos = end;
    if (!collector.add(*entry, value, open, detail::value_origin{value_position, raw, escaped ? '\\' : '\0'})) return out;
  }
  collector.finish();
  return out;
}

std::string to_bracketed(const std::vector<element>& elements) {
  std::size_t size = 0;
  for (const auto& e : elements) size += e.ai.size() + e.value.size() + 2;
  std::string out;
  out.reserve(size);
  for (const auto& e : elements) {
    out += '(';
    out += e.ai;
    out += ')';
    for (char c : e.value) {
      if (c == '(') out += '\\';
      out += c;
    }
  }
  return out;
}

} // namespace stationd::gs1
