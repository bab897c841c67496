#pragma once

// Content checks of one part of a value (check digits, dates, country codes
// ...). Internal to the gs1 library.

#include "gs1/ai_table.hpp"
#include "gs1/validate.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace stationd::gs1::detail {

struct lint_problem {
  errc code = errc::bad_value;
  std::size_t offset = 0; // within the part
  std::string detail;     // the end of the sentence: "13 is not a month"
};

struct lint_context {
  int current_year = 2026;
  const value_origin* origin = nullptr; // to name input positions in a detail
  std::size_t part_offset = 0;          // where the part starts in the value
};

// The part has already passed its character-set check.
std::optional<lint_problem> run_linter(linter which, std::string_view part, const lint_context& context);

} // namespace stationd::gs1::detail
