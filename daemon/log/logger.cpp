#include "log/logger.hpp"

#include <sys/stat.h>

#include <chrono>
#include <cstring>
#include <ctime>

namespace stationd::log {

format detect_format(const char* journal_stream_env) noexcept {
  if (journal_stream_env == nullptr || *journal_stream_env == '\0') return format::plain;
  unsigned long long dev = 0;
  unsigned long long ino = 0;
  if (std::sscanf(journal_stream_env, "%llu:%llu", &dev, &ino) != 2) return format::plain;
  struct stat st {};
  if (::fstat(STDERR_FILENO, &st) != 0) return format::plain;
  return (st.st_dev == dev && st.st_ino == ino) ? format::journald : format::plain;
}

logger::logger(std::FILE* sink, format fmt, level min) : sink_{sink}, format_{fmt}, min_level_{min} {}

void logger::set_traced_devices(std::vector<std::string> names) {
  std::lock_guard lock{mutex_};
  traced_devices_ = {std::make_move_iterator(names.begin()), std::make_move_iterator(names.end())};
}

void logger::write(level l, std::string_view component, std::string_view text) {
  std::string line;
  if (format_.load(std::memory_order_relaxed) == format::journald) {
    line = fmt::format("<{}>{}: {}\n", journald_priority(l), component, text);
  } else {
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    const std::time_t secs = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    ::gmtime_r(&secs, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
    line = fmt::format("{}.{:03}Z {} {}: {}\n", stamp, ms, to_string(l), component, text);
  }
  std::lock_guard lock{mutex_};
  std::fwrite(line.data(), 1, line.size(), sink_);
  std::fflush(sink_);
}

bool logger::tracing_device(std::string_view device) const {
  if (enabled(level::trace)) return true;
  std::lock_guard lock{mutex_};
  return traced_devices_.find(device) != traced_devices_.end();
}

void logger::trace_bytes(std::string_view device, std::string_view direction, std::span<const unsigned char> bytes) {
  if (!tracing_device(device)) return;
  // Traced devices are logged at debug priority so journald keeps them with the rest.
  write(level::debug, device, fmt::format("{} {} bytes: {}", direction, bytes.size(), hex_dump(bytes)));
}

std::string hex_dump(std::span<const unsigned char> bytes) {
  std::string hex;
  std::string ascii;
  hex.reserve(bytes.size() * 3);
  ascii.reserve(bytes.size());
  for (unsigned char b : bytes) {
    if (!hex.empty()) hex.push_back(' ');
    fmt::format_to(std::back_inserter(hex), "{:02x}", b);
    ascii.push_back((b >= 0x20 && b < 0x7f) ? static_cast<char>(b) : '.');
  }
  return hex + " |" + ascii + "|";
}

} // namespace stationd::log
