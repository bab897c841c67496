#pragma once

// The host side of the tests: raw clients that talk to the simulators the way the daemon
// will, with plain termios, sockets and libmodbus. Every read has a timeout.

#include <modbus/modbus.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace stationd::hwtest {

using namespace std::chrono_literals;

// A byte stream (pty or TCP socket) read with poll().
class stream_client {
public:
  stream_client(const stream_client&) = delete;
  stream_client& operator=(const stream_client&) = delete;
  virtual ~stream_client();

  void write(std::string_view data);
  // Everything that arrives within `window`.
  std::string read_for(std::chrono::milliseconds window);
  // Reads until `suffix` has arrived (returns all read so far) or `timeout` passes.
  std::string read_until(std::string_view suffix, std::chrono::milliseconds timeout = 2s);
  // Reads until `count` bytes or timeout.
  std::string read_exactly(std::size_t count, std::chrono::milliseconds timeout = 2s);
  // True once the peer closed (EOF) or the line hung up (EIO), within `timeout`.
  bool closed_within(std::chrono::milliseconds timeout);
  int fd() const noexcept { return fd_; }

protected:
  explicit stream_client(int fd) : fd_{fd} {}

private:
  // -1: error or EOF; 0: timeout; >0: bytes appended.
  int read_some(std::string& into, std::chrono::milliseconds timeout);
  int fd_ = -1;
};

// Opens a pty by its link path (never a port found by enumeration), raw, 8N1.
class pty_client final : public stream_client {
public:
  explicit pty_client(const std::filesystem::path& path);
};

class tcp_client final : public stream_client {
public:
  explicit tcp_client(std::uint16_t port);
};

struct modbus_deleter {
  void operator()(modbus_t* ctx) const noexcept {
    modbus_close(ctx);
    modbus_free(ctx);
  }
};
using modbus_ptr = std::unique_ptr<modbus_t, modbus_deleter>;

// Connected libmodbus clients with short timeouts; fail the test when they cannot connect.
modbus_ptr modbus_tcp_client(std::uint16_t port, int unit = 1, std::chrono::milliseconds timeout = 500ms);
modbus_ptr modbus_rtu_client(const std::filesystem::path& link, int address = 1, std::chrono::milliseconds timeout = 500ms);

// libmodbus reports a Modbus exception as errno = MODBUS_ENOBASE + code.
inline int modbus_exception_errno(int code) { return MODBUS_ENOBASE + code; }

// "00 01 …" to bytes.
std::string bytes_of(std::string_view hex);

} // namespace stationd::hwtest
