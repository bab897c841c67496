#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace stationd::workflow {

// "YYYY-MM-DD" as days since 1970-01-01 (proleptic Gregorian); nullopt for
// anything else. Plain arithmetic: the workflows take today's date from their
// context, never from a clock.
std::optional<std::int64_t> iso_day_number(std::string_view iso);

} // namespace stationd::workflow
