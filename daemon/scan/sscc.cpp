#include "scan/sscc.hpp"

#include "gs1/gs1.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace stationd::scan {

std::optional<std::string> make_sscc(int extension_digit, std::string_view company_prefix, std::uint64_t serial) {
  if (extension_digit < 0 || extension_digit > 9) return std::nullopt;
  if (company_prefix.empty() || company_prefix.size() > 16 ||
      !std::all_of(company_prefix.begin(), company_prefix.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  const auto width = 16 - company_prefix.size();
  auto reference = fmt::format("{:0{}}", serial, width);
  if (reference.size() != width) return std::nullopt; // serial too large for the prefix
  auto data = fmt::format("{}{}{}", extension_digit, company_prefix, reference);
  const auto check = gs1::check_digit(data);
  if (!check) return std::nullopt;
  data.push_back(*check);
  return data;
}

} // namespace stationd::scan
