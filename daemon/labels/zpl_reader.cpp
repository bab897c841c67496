#include "labels/zpl_reader.hpp"
#include "util/hex_digit.hpp"

#include <cctype>

namespace stationd::labels {
namespace {

std::string unescape(std::string_view data, char indicator) {
  std::string out;
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data[i] == indicator && i + 2 < data.size() && util::hex_value(data[i + 1]) >= 0 && util::hex_value(data[i + 2]) >= 0) {
      out.push_back(static_cast<char>(util::hex_value(data[i + 1]) * 16 + util::hex_value(data[i + 2])));
      i += 2;
    } else {
      out.push_back(data[i]);
    }
  }
  return out;
}

} // namespace

std::vector<zpl_field> read_fields(std::string_view zpl) {
  std::vector<zpl_field> fields;
  std::string barcode;
  bool hex = false;
  char indicator = '_';
  for (std::size_t i = 0; i + 2 < zpl.size(); ++i) {
    if (zpl[i] != '^') continue;
    const char a = static_cast<char>(std::toupper(static_cast<unsigned char>(zpl[i + 1])));
    const char b = static_cast<char>(std::toupper(static_cast<unsigned char>(zpl[i + 2])));
    if (a == 'B' && b != 'Y') {
      barcode = std::string{a, b};
    } else if (a == 'F' && b == 'H') {
      hex = true;
      const char next = i + 3 < zpl.size() ? zpl[i + 3] : '^';
      indicator = (next == '^' || next == '~' || next == '\n' || next == '\r') ? '_' : next;
    } else if (a == 'F' && b == 'D') {
      const auto end = zpl.find("^FS", i + 3);
      const auto raw = zpl.substr(i + 3, end == std::string_view::npos ? std::string_view::npos : end - i - 3);
      fields.push_back({barcode, hex ? unescape(raw, indicator) : std::string{raw}});
      barcode.clear();
      hex = false;
      i = end == std::string_view::npos ? zpl.size() : end + 2;
    } else if (a == 'F' && b == 'S') {
      barcode.clear();
      hex = false;
    }
  }
  return fields;
}

} // namespace stationd::labels
