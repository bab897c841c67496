#include "log/log_level.hpp"

#include <array>
#include <utility>

namespace stationd::log {
namespace {

constexpr std::array<std::pair<level, std::string_view>, 7> level_names{{
    {level::trace, "trace"},
    {level::debug, "debug"},
    {level::info, "info"},
    {level::notice, "notice"},
    {level::warning, "warning"},
    {level::error, "error"},
    {level::critical, "critical"},
}};

} // namespace

std::string_view to_string(level l) noexcept {
  for (const auto& [value, name] : level_names) {
    if (value == l) return name;
  }
  return "unknown";
}

std::optional<level> parse_level(std::string_view text) noexcept {
  for (const auto& [value, name] : level_names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

int journald_priority(level l) noexcept {
  switch (l) {
  case level::trace:
  case level::debug: return 7;
  case level::info: return 6;
  case level::notice: return 5;
  case level::warning: return 4;
  case level::error: return 3;
  case level::critical: return 2;
  }
  return 6;
}

} // namespace stationd::log
