#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stationd::central {

// Bytes as read() delivers them in, whole lines out (without '\n' or '\r').
class line_buffer {
public:
  void append(std::string_view bytes) { pending_.append(bytes); }
  std::optional<std::string> next() {
    const auto end = pending_.find('\n');
    if (end == std::string::npos) return std::nullopt;
    std::string line = pending_.substr(0, end);
    pending_.erase(0, end + 1);
    if (line.ends_with('\r')) line.pop_back();
    return line;
  }

private:
  std::string pending_;
};

} // namespace stationd::central
