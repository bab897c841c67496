#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace stationd::config {

enum class value_kind { boolean, integer, floating, string, duration, string_list };

std::string_view to_string(value_kind kind) noexcept;

using duration = std::chrono::milliseconds;

// A validated configuration value. Durations are written in the file as strings
// with a unit ("250ms", "5s", "2m", "1h") so that no key needs its unit in its name.
using config_value = std::variant<bool, std::int64_t, double, std::string, duration, std::vector<std::string>>;

value_kind kind_of(const config_value& v) noexcept;

// "250ms" -> 250 ms. Accepts ms, s, m, h, d; an integer count; no sign, no spaces.
std::optional<duration> parse_duration(std::string_view text) noexcept;

// TOML literal for messages and `stationd --dump-config`.
std::string render(const config_value& v);
std::string render_duration(duration d);
std::string quote(std::string_view text);

} // namespace stationd::config
