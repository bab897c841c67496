#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stationd::scan {

// Builds an 18-digit SSCC: extension digit, company prefix, serial reference
// (zero-padded to fill 17 digits) and the GS1 check digit. nullopt when the
// serial does not fit beside the prefix or an argument is not digits.
std::optional<std::string> make_sscc(int extension_digit, std::string_view company_prefix, std::uint64_t serial);

} // namespace stationd::scan
