#pragma once

#include <optional>
#include <string_view>

namespace stationd::log {

// Ordered from most to least verbose. `trace` adds raw device bytes on top of `debug`.
enum class level { trace, debug, info, notice, warning, error, critical };

std::string_view to_string(level l) noexcept;
std::optional<level> parse_level(std::string_view text) noexcept;

// syslog/journald priority (sd-daemon.h SD_* prefixes): 2 crit .. 7 debug.
int journald_priority(level l) noexcept;

} // namespace stationd::log
