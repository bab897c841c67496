#pragma once

// Code lists that GS1 values refer to: ISO 3166 countries, ISO 4217 currencies.
// Internal to the gs1 library.

#include <string_view>

namespace stationd::gs1::detail {

// "276" (Germany): a current ISO 3166-1 numeric country code.
bool is_iso3166_numeric(std::string_view three_digits) noexcept;
// "DE": a current ISO 3166-1 alpha-2 country code.
bool is_iso3166_alpha2(std::string_view two_letters) noexcept;
// "978" (euro): a current ISO 4217 numeric currency code.
bool is_iso4217_numeric(std::string_view three_digits) noexcept;

} // namespace stationd::gs1::detail
