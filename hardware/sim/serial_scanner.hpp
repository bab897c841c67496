#pragma once

// A barcode scanner on a serial (RS-232 / USB-CDC) port: pushes each scan when told to,
// framed as configured (device-protocols.md §1.1–§1.4). Bytes from the host are recorded
// (received()) and otherwise ignored, as by a scanner with no host commands enabled.

#include "sim/scan_format.hpp"
#include "sim/serial_device.hpp"

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

namespace stationd::sim {

class serial_scanner final : public serial_device {
public:
  struct options {
    std::filesystem::path link{};
    scan_format format{};
    // Pause between characters, as from a slow or buffered scanner (exercises the
    // daemon's inter-character timeout).
    std::chrono::milliseconds char_delay{};
  };

  explicit serial_scanner(options opts);
  ~serial_scanner() override;

  // `scan` carries its AIM identifier; see frame_scan().
  void send(std::string_view scan);
  void set_format(const scan_format& format);
  scan_format format();
  void set_char_delay(std::chrono::milliseconds delay);

protected:
  void on_input(std::string_view) override {}

private:
  scan_format format_;
  std::chrono::milliseconds char_delay_;
};

} // namespace stationd::sim
