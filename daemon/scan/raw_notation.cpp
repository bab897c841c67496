#include "scan/raw_notation.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>

namespace stationd::scan {
namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i]))) return false;
  }
  return true;
}

} // namespace

std::string expand_notation(std::string_view typed) {
  constexpr std::array<std::string_view, 3> spellings{"<GS>", "<FNC1>", "\\x1d"};
  std::string out;
  out.reserve(typed.size());
  while (!typed.empty()) {
    bool replaced = false;
    for (const auto spelling : spellings) {
      if (starts_with_nocase(typed, spelling)) {
        out.push_back('\x1d');
        typed.remove_prefix(spelling.size());
        replaced = true;
        break;
      }
    }
    if (!replaced) {
      out.push_back(typed.front());
      typed.remove_prefix(1);
    }
  }
  return out;
}

std::string show_notation(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (const char c : raw) {
    const auto b = static_cast<unsigned char>(c);
    if (b == 0x1d) out += "<GS>";
    else if (b < 0x20 || b >= 0x7f) out += fmt::format("\\x{:02x}", b);
    else out.push_back(c);
  }
  return out;
}

} // namespace stationd::scan
