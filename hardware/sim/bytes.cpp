#include "sim/bytes.hpp"

#include <array>
#include <cctype>
#include <stdexcept>
#include <utility>

namespace stationd::sim {
namespace {

constexpr char hex_digits[] = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes one backslash escape starting at text[i] == '\\'; returns the byte and advances i.
char decode_escape(std::string_view text, std::size_t& i) {
  if (i + 1 >= text.size()) throw std::invalid_argument("escape at end of text");
  const char kind = text[i + 1];
  i += 2;
  switch (kind) {
  case 'r': return '\r';
  case 'n': return '\n';
  case 't': return '\t';
  case '0': return '\0';
  case 'e': return '\x1b';
  case '\\': return '\\';
  case '"': return '"';
  case '<': return '<';
  case 'x': {
    int value = 0;
    int digits = 0;
    while (digits < 2 && i < text.size() && hex_value(text[i]) >= 0) {
      value = value * 16 + hex_value(text[i]);
      ++i;
      ++digits;
    }
    if (digits == 0) throw std::invalid_argument("\\x without hex digits");
    return static_cast<char>(value);
  }
  default: throw std::invalid_argument(std::string("unknown escape \\") + kind);
  }
}

constexpr std::array<std::pair<std::string_view, char>, 14> control_names{{
    {"GS", '\x1d'}, {"CR", '\r'}, {"LF", '\n'}, {"STX", '\x02'}, {"ETX", '\x03'},
    {"EOT", '\x04'}, {"TAB", '\t'}, {"HT", '\t'}, {"SP", ' '}, {"NUL", '\0'},
    {"ESC", '\x1b'}, {"RS", '\x1e'}, {"FS", '\x1c'}, {"FNC1", '\x1d'},
}};

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

} // namespace

std::string escape_bytes(std::string_view data) {
  std::string out;
  out.reserve(data.size());
  for (const char c : data) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
    case '\r': out += "\\r"; break;
    case '\n': out += "\\n"; break;
    case '\t': out += "\\t"; break;
    case '\\': out += "\\\\"; break;
    case '"': out += "\\\""; break;
    default:
      if (byte >= 0x20 && byte < 0x7f) {
        out += c;
      } else {
        out += "\\x";
        out += hex_digits[byte >> 4];
        out += hex_digits[byte & 0x0f];
      }
    }
  }
  return out;
}

std::string unescape_bytes(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\\') {
      out += decode_escape(text, i);
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::string decode_markup(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\\') {
      out += decode_escape(text, i);
      continue;
    }
    if (text[i] == '<') {
      const auto close = text.find('>', i + 1);
      if (close != std::string_view::npos) {
        const auto name = text.substr(i + 1, close - i - 1);
        bool known = false;
        for (const auto& [control, value] : control_names) {
          if (same_name(name, control)) {
            out += value;
            known = true;
            break;
          }
        }
        if (known) {
          i = close + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

std::string parse_hex(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == ',' || c == ':' || c == '\t') {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && text[end] != ' ' && text[end] != ',' && text[end] != ':' && text[end] != '\t')
      ++end;
    auto token = text.substr(i, end - i);
    if (token.size() > 2 && token[0] == '0' && (token[1] == 'x' || token[1] == 'X')) token.remove_prefix(2);
    if (token.empty() || token.size() > 2) throw std::invalid_argument("bad hex byte '" + std::string(text.substr(i, end - i)) + "'");
    int value = 0;
    for (const char d : token) {
      const int v = hex_value(d);
      if (v < 0) throw std::invalid_argument("bad hex byte '" + std::string(token) + "'");
      value = value * 16 + v;
    }
    out += static_cast<char>(value);
    i = end;
  }
  return out;
}

std::string to_hex(std::string_view data) {
  std::string out;
  for (const char c : data) {
    const auto byte = static_cast<unsigned char>(c);
    if (!out.empty()) out += ' ';
    out += hex_digits[byte >> 4];
    out += hex_digits[byte & 0x0f];
  }
  return out;
}

} // namespace stationd::sim
