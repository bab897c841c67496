#include "labels/label_template.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace stationd::labels {
namespace {

constexpr std::size_t max_field_bytes = 3072; // a ^FD holds at most this much

bool valid_name(std::string_view n) {
  if (n.empty() || !(n.front() >= 'a' && n.front() <= 'z')) return false;
  return std::all_of(n.begin(), n.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// The length of a valid UTF-8 sequence starting at s[i], or 0.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return 0;
  }
  return n;
}

struct position {
  std::size_t line = 1;
  std::size_t column = 1;
};

position where(std::string_view text, std::size_t offset) {
  position p;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

} // namespace

escaped escape_field(std::string_view field, std::string_view value, char escape) {
  if (value.size() > max_field_bytes) {
    return {std::nullopt, fmt::format("field {}: {} bytes, more than a ZPL field holds ({})", field, value.size(), max_field_bytes)};
  }
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size();) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c == '^' || c == '~') {
      return {std::nullopt, fmt::format("field {}: \"{}\" contains {}, a ZPL command prefix: refused", field, value,
                                        static_cast<char>(c))};
    }
    if (c < 0x20 || c == 0x7f) {
      return {std::nullopt, fmt::format("field {}: control character 0x{:02X} at byte {}: refused", field, c, i)};
    }
    if (c >= 0x80) {
      const auto n = utf8_length(value, i);
      if (n == 0) return {std::nullopt, fmt::format("field {}: not valid UTF-8 at byte {}: refused", field, i)};
      out.append(value.substr(i, n));
      i += n;
      continue;
    }
    if (c == static_cast<unsigned char>(escape)) {
      out += fmt::format("{}{:02X}", escape, c); // the ^FH indicator itself, as its own hex escape
    } else {
      out.push_back(static_cast<char>(c));
    }
    ++i;
  }
  return {std::move(out), {}};
}

std::variant<label_template, template_error> label_template::parse(std::string name, std::string_view text) {
  label_template t;
  t.name_ = std::move(name);
  auto fail = [&](std::size_t offset, std::string message) -> std::variant<label_template, template_error> {
    const auto p = where(text, offset);
    return template_error{p.line, p.column, std::move(message)};
  };

  // Walk the ZPL: commands start with ^ or ~ and have a two-character name.
  bool started = false;   // ^XA seen
  bool ended = false;     // ^XZ seen
  bool utf8 = false;      // ^CI28 seen
  std::optional<char> fh; // ^FH armed for the next ^FD, with its indicator
  bool in_fd = false;     // inside ^FD ... ^FS
  char fd_escape = '_';
  bool fd_escaped = false;
  bool in_comment = false; // ^FX text
  std::string literal;
  auto flush_literal = [&] {
    if (!literal.empty()) t.segments_.push_back({std::move(literal), false, true, '_'});
    literal.clear();
  };

  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (text.substr(i, 2) == "{{") {
      const auto close = text.find("}}", i + 2);
      if (close == std::string_view::npos) return fail(i, "{{ without a closing }}");
      std::string_view spec = text.substr(i + 2, close - i - 2);
      bool required = true;
      if (!spec.empty() && spec.back() == '?') {
        required = false;
        spec.remove_suffix(1);
      }
      if (!valid_name(spec)) return fail(i, fmt::format("\"{{{{{}}}}}\": a field name is lower-case letters, digits and _", spec));
      if (in_comment) return fail(i, fmt::format("field {} inside a ^FX comment", spec));
      if (!in_fd) return fail(i, fmt::format("field {} outside ^FD...^FS: fields may only fill field data", spec));
      if (!fd_escaped) return fail(i, fmt::format("field {}: its ^FD needs ^FH before it, so the value can be escaped", spec));
      if (!utf8) return fail(i, fmt::format("field {}: the template needs ^CI28 (UTF-8) before its first field", spec));
      flush_literal();
      t.segments_.push_back({std::string{spec}, true, required, fd_escape});
      const auto known = std::find_if(t.fields_.begin(), t.fields_.end(), [&](const field_use& f) { return f.name == spec; });
      if (known == t.fields_.end()) {
        const auto p = where(text, i);
        t.fields_.push_back({std::string{spec}, required, p.line, p.column});
      }
      else known->required = known->required || required;
      i = close + 2;
      continue;
    }
    if (c == '^' || c == '~') {
      if (i + 2 >= text.size()) return fail(i, "a command prefix at the end of the template");
      const auto command = std::string{text.substr(i + 1, 2)};
      std::string upper = command;
      std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char x) { return static_cast<char>(std::toupper(x)); });
      in_comment = false;
      if (c == '^' && upper == "XA") {
        if (started) return fail(i, "a second ^XA: a template holds one label format");
        started = true;
      } else if (!started && !(c == '^' && upper == "FX")) {
        return fail(i, "the template must start with ^XA");
      }
      if (ended) return fail(i, "commands after ^XZ");
      if (c == '^' && upper == "XZ") {
        if (in_fd) return fail(i, "^XZ inside ^FD...: missing ^FS");
        ended = true;
      } else if (c == '^' && upper == "CI") {
        utf8 = text.substr(i + 3, 2) == "28";
      } else if (c == '^' && upper == "FH") {
        const char next = i + 3 < text.size() ? text[i + 3] : '^';
        fh = (next == '^' || next == '~' || next == '\n' || next == '\r') ? '_' : next;
      } else if (c == '^' && upper == "FD") {
        in_fd = true;
        fd_escaped = fh.has_value();
        fd_escape = fh.value_or('_');
        fh.reset();
      } else if (c == '^' && upper == "FS") {
        in_fd = false;
      } else if (c == '^' && upper == "FX") {
        in_comment = true;
      }
      literal.append(text.substr(i, 3));
      i += 3;
      continue;
    }
    literal.push_back(c);
    ++i;
  }
  if (!started) return fail(0, "no ^XA: not a ZPL label format");
  if (!ended) return fail(text.size(), "no ^XZ at the end of the format");
  if (in_fd) return fail(text.size(), "^FD without ^FS");
  flush_literal();
  return t;
}

label_template::rendered label_template::render(const std::map<std::string, std::string, std::less<>>& values) const {
  std::string out;
  for (const auto& s : segments_) {
    if (!s.is_field) {
      out += s.text;
      continue;
    }
    const auto it = values.find(s.text);
    if (it == values.end()) {
      if (s.required) return {std::nullopt, fmt::format("label {}: field {} has no value", name_, s.text)};
      continue;
    }
    auto e = escape_field(s.text, it->second, s.escape);
    if (!e.value) return {std::nullopt, fmt::format("label {}: {}", name_, e.error)};
    out += *e.value;
  }
  return {std::move(out), std::nullopt};
}

} // namespace stationd::labels
