#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

// A small blocking WebSocket client (RFC 6455) for the integration tests: the
// upgrade, masked text frames out, frames in.
namespace stationd::test {

class websocket_client {
public:
  // Connects and upgrades; `protocols` is the Sec-WebSocket-Protocol header
  // (empty: none). The status line's code is in upgrade_status().
  websocket_client(std::uint16_t port, const std::string& protocols, const std::string& authorization = {});
  ~websocket_client();
  websocket_client(const websocket_client&) = delete;
  websocket_client& operator=(const websocket_client&) = delete;

  int upgrade_status() const noexcept { return status_; }
  const std::string& upgrade_response() const noexcept { return response_; }
  void send_text(const std::string& text);
  // The next text message; nothing on timeout. A close frame sets closed() and close_code().
  std::optional<std::string> read_text(std::chrono::milliseconds timeout = std::chrono::seconds{10});
  bool closed() const noexcept { return closed_; }
  int close_code() const noexcept { return close_code_; }

private:
  bool fill(std::size_t n, std::chrono::steady_clock::time_point deadline);
  int fd_ = -1;
  int status_ = 0;
  std::string response_;
  std::string buffer_;
  bool closed_ = false;
  int close_code_ = 0;
};

} // namespace stationd::test
