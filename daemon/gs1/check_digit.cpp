// GS1 mod-10 check digits (GTIN, SSCC, GLN, GRAI, GSRN, ...).

#include "gs1/gs1.hpp"

namespace stationd::gs1 {

std::optional<char> check_digit(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  // Weights 3, 1, 3, ... from the rightmost data digit leftwards, so the same
  // rule serves every key length.
  int sum = 0;
  int weight = 3;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (*it < '0' || *it > '9') return std::nullopt;
    sum += (*it - '0') * weight;
    weight = 4 - weight;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

bool valid_check_digit(std::string_view full) {
  if (full.size() < 2) return false;
  const auto expected = check_digit(full.substr(0, full.size() - 1));
  return expected && *expected == full.back();
}

std::optional<std::string> normalize_gtin(std::string_view gtin) {
  if (gtin.size() != 8 && gtin.size() != 12 && gtin.size() != 13 && gtin.size() != 14) return std::nullopt;
  if (!valid_check_digit(gtin)) return std::nullopt;
  std::string out(14 - gtin.size(), '0');
  out += gtin;
  return out;
}

} // namespace stationd::gs1
