#pragma once

#include "log/log_level.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::log {

// `journald`: "<6>component: text" lines that journald turns into priorities.
// `plain`: "2026-11-27T10:00:00.123Z info component: text" for a terminal.
enum class format { journald, plain };

// Picks journald format when stderr is connected to the journal ($JOURNAL_STREAM
// names stderr's device:inode, see systemd.exec(5)); plain otherwise.
format detect_format(const char* journal_stream_env) noexcept;

// Thread-safe line logger writing to one stdio stream (stderr in the daemon).
// Passed by reference to every component that logs; there is no global logger.
class logger {
public:
  explicit logger(std::FILE* sink = stderr, format fmt = format::plain, level min = level::info);

  void set_level(level min) noexcept { min_level_.store(min, std::memory_order_relaxed); }
  level current_level() const noexcept { return min_level_.load(std::memory_order_relaxed); }
  void set_format(format fmt) noexcept { format_.store(fmt, std::memory_order_relaxed); }
  // Devices whose raw bytes are logged even when the level is above `trace`.
  void set_traced_devices(std::vector<std::string> names);

  bool enabled(level l) const noexcept { return l >= current_level(); }

  void write(level l, std::string_view component, std::string_view text);

  template <typename... Args>
  void log(level l, std::string_view component, fmt::format_string<Args...> f, Args&&... args) {
    if (!enabled(l)) return;
    write(l, component, fmt::format(f, std::forward<Args>(args)...));
  }

  template <typename... Args>
  void debug(std::string_view c, fmt::format_string<Args...> f, Args&&... a) { log(level::debug, c, f, std::forward<Args>(a)...); }
  template <typename... Args>
  void info(std::string_view c, fmt::format_string<Args...> f, Args&&... a) { log(level::info, c, f, std::forward<Args>(a)...); }
  template <typename... Args>
  void notice(std::string_view c, fmt::format_string<Args...> f, Args&&... a) { log(level::notice, c, f, std::forward<Args>(a)...); }
  template <typename... Args>
  void warning(std::string_view c, fmt::format_string<Args...> f, Args&&... a) { log(level::warning, c, f, std::forward<Args>(a)...); }
  template <typename... Args>
  void error(std::string_view c, fmt::format_string<Args...> f, Args&&... a) { log(level::error, c, f, std::forward<Args>(a)...); }
  template <typename... Args>
  void critical(std::string_view c, fmt::format_string<Args...> f, Args&&... a) { log(level::critical, c, f, std::forward<Args>(a)...); }

  // Raw byte trace for a device: "scale-1 rx 3 bytes: 53 0d 0a |S..|".
  bool tracing_device(std::string_view device) const;
  void trace_bytes(std::string_view device, std::string_view direction, std::span<const unsigned char> bytes);

private:
  std::FILE* sink_;
  std::atomic<format> format_;
  std::atomic<level> min_level_;
  mutable std::mutex mutex_; // serialises lines and guards traced_devices_
  std::set<std::string, std::less<>> traced_devices_;
};

// Formats bytes as "53 20 0d |S .|", the layout used by byte traces and captures.
std::string hex_dump(std::span<const unsigned char> bytes);

} // namespace stationd::log
