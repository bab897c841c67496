#pragma once

// Device captures: a text file of timed traffic between a host and a serial device,
// replayed by capture_player (the idea of gpsd's gpsfake logs).
//
//   # device: Mettler Toledo MT-SICS balance / indicator
//   # interface: RS-232, 9600 8N1, no handshake
//   # settings: line end CR LF
//   # source: constructed from the byte-exact examples in … ; not recorded from a device
//   #
//   0    > "SI\r\n"
//   40   < "S D      0.120 kg\r\n"
//   3000 ! unplug
//
// Header lines are `# key: value` before the first record; other `#` lines and blank
// lines are comments. A record is `<ms> <direction> <payload>`: the time in milliseconds
// since the capture began (non-decreasing), `>` host to device, `<` device to host with
// the bytes as a double-quoted C-escaped string (escape_bytes), or `!` with an event
// (`unplug`, `replug`).

#include <cstdint>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::sim {

enum class capture_direction { host_to_device, device_to_host, event };

struct capture_record {
  std::int64_t time_ms = 0;
  capture_direction direction = capture_direction::device_to_host;
  std::string data; // bytes, or the event name
  int line = 0;     // in the source file, for error messages
};

struct capture {
  std::map<std::string, std::string> header; // "device", "interface", "settings", "source", …
  std::vector<capture_record> records;
};

class capture_error : public std::runtime_error {
public:
  capture_error(int line, const std::string& what);
  int line() const noexcept { return line_; }

private:
  int line_;
};

capture parse_capture(std::string_view text);             // throws capture_error
capture load_capture(const std::filesystem::path& path);  // throws capture_error, std::runtime_error
std::string format_capture(const capture& recording);

} // namespace stationd::sim
