#pragma once

// Serves a modbus_slave as a Modbus RTU device on a pty (RS-485 mode is not possible on
// a pty, nor needed: the daemon sees a serial line either way). Frames end where their
// function code says, or after a silent gap as on a real line; frames with a bad CRC or
// for another address are ignored, as on a shared bus. Answers go through libmodbus,
// handed the pty master with modbus_set_socket().

#include "sim/modbus_slave.hpp"
#include "sim/serial_device.hpp"

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace stationd::sim {

class modbus_rtu_server final : public serial_device {
public:
  struct options {
    std::filesystem::path link{};
    std::uint8_t address = 1;
    // 3.5 character times at 9600 baud is about 4 ms.
    std::chrono::milliseconds frame_gap{5};
  };

  modbus_rtu_server(modbus_slave& slave, options opts);
  ~modbus_rtu_server() override;

  std::uint8_t address() const noexcept { return options_.address; }
  // The next `count` replies go out with a wrong CRC (line noise).
  void corrupt_next_replies(unsigned count);

protected:
  void on_input(std::string_view data) override;
  void on_plugged() override;
  void on_unplugged() override;
  void on_stopping() override;

private:
  struct context_deleter {
    void operator()(modbus_t* ctx) const noexcept;
  };

  void take_frames();
  void take_frame(std::size_t length);
  void serve_next();

  modbus_slave& slave_;
  options options_;
  std::unique_ptr<modbus_t, context_deleter> ctx_;
  std::vector<std::uint8_t> buffer_;
  std::deque<std::vector<std::uint8_t>> frames_;
  bool busy_ = false;
  unsigned corrupt_ = 0;
  boost::asio::steady_timer gap_timer_;
  boost::asio::steady_timer reply_timer_;
  // Tell a stale timer from the current one: the gap timer restarts with every input,
  // the reply timer belongs to the link it was started on.
  std::uint64_t gap_serial_ = 0;
  std::uint64_t link_serial_ = 0;
};

} // namespace stationd::sim
