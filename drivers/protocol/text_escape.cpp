#include "protocol/text_escape.hpp"

#include <fmt/format.h>

namespace stationd::drivers {

std::string escape_bytes(std::string_view bytes, std::size_t limit) {
  std::string out;
  const std::string_view shown = bytes.substr(0, limit);
  out.reserve(shown.size());
  for (const char ch : shown) {
    const auto byte = static_cast<unsigned char>(ch);
    if (ch == '\\') {
      out += "\\\\";
    } else if (byte >= 0x20 && byte < 0x7F) {
      out += ch;
    } else {
      out += fmt::format("\\x{:02X}", byte);
    }
  }
  if (bytes.size() > limit) {
    out += fmt::format("... ({} bytes)", bytes.size());
  }
  return out;
}

std::string hex_bytes(std::string_view bytes, std::size_t limit) {
  std::string out;
  const std::string_view shown = bytes.substr(0, limit);
  for (std::size_t i = 0; i < shown.size(); ++i) {
    if (i != 0) {
      out += ' ';
    }
    out += fmt::format("{:02X}", static_cast<unsigned char>(shown[i]));
  }
  if (bytes.size() > limit) {
    out += " ...";
  }
  return out;
}

} // namespace stationd::drivers
