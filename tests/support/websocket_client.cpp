#include "support/websocket_client.hpp"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdexcept>

namespace stationd::test {

websocket_client::websocket_client(std::uint16_t port, const std::string& protocols, const std::string& authorization) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("connect failed");
  std::string request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
  if (!protocols.empty()) request += "Sec-WebSocket-Protocol: " + protocols + "\r\n";
  if (!authorization.empty()) request += "Authorization: " + authorization + "\r\n";
  request += "\r\n";
  ::send(fd_, request.data(), request.size(), MSG_NOSIGNAL);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  while (buffer_.find("\r\n\r\n") == std::string::npos) {
    if (!fill(buffer_.size() + 1, deadline)) break;
  }
  const auto end = buffer_.find("\r\n\r\n");
  if (end == std::string::npos) return;
  response_ = buffer_.substr(0, end + 4);
  buffer_.erase(0, end + 4);
  if (response_.size() > 12) status_ = std::stoi(response_.substr(9, 3));
  if (status_ != 101) {
    // The refusal's body, for the test to read.
    const auto length_at = response_.find("Content-Length: ");
    if (length_at != std::string::npos) {
      const auto length = std::stoul(response_.substr(length_at + 16));
      fill(length, deadline);
      response_ += buffer_.substr(0, length);
    }
  }
}

websocket_client::~websocket_client() {
  if (fd_ >= 0) ::close(fd_);
}

bool websocket_client::fill(std::size_t n, std::chrono::steady_clock::time_point deadline) {
  char chunk[65536];
  while (buffer_.size() < n) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    const auto got = ::recv(fd_, chunk, sizeof chunk, 0);
    if (got <= 0) {
      closed_ = true;
      return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(got));
  }
  return true;
}

void websocket_client::send_text(const std::string& text) {
  std::string frame;
  frame += static_cast<char>(0x81); // FIN, text
  const unsigned char mask[4] = {0x12, 0x34, 0x56, 0x78};
  if (text.size() < 126) {
    frame += static_cast<char>(0x80 | text.size());
  } else if (text.size() < 65536) {
    frame += static_cast<char>(0x80 | 126);
    frame += static_cast<char>((text.size() >> 8) & 0xff);
    frame += static_cast<char>(text.size() & 0xff);
  } else {
    frame += static_cast<char>(0x80 | 127);
    for (int i = 7; i >= 0; --i) frame += static_cast<char>((static_cast<std::uint64_t>(text.size()) >> (8 * i)) & 0xff);
  }
  frame.append(reinterpret_cast<const char*>(mask), 4);
  for (std::size_t i = 0; i < text.size(); ++i) frame += static_cast<char>(text[i] ^ static_cast<char>(mask[i % 4]));
  ::send(fd_, frame.data(), frame.size(), MSG_NOSIGNAL);
}

std::optional<std::string> websocket_client::read_text(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (!fill(2, deadline)) return std::nullopt;
    const auto b0 = static_cast<unsigned char>(buffer_[0]);
    const auto b1 = static_cast<unsigned char>(buffer_[1]);
    std::size_t header = 2;
    std::uint64_t length = b1 & 0x7f;
    if (length == 126) {
      if (!fill(4, deadline)) return std::nullopt;
      length = (static_cast<unsigned char>(buffer_[2]) << 8) | static_cast<unsigned char>(buffer_[3]);
      header = 4;
    } else if (length == 127) {
      if (!fill(10, deadline)) return std::nullopt;
      length = 0;
      for (int i = 0; i < 8; ++i) length = (length << 8) | static_cast<unsigned char>(buffer_[2 + i]);
      header = 10;
    }
    if (!fill(header + length, deadline)) return std::nullopt;
    std::string payload = buffer_.substr(header, length);
    buffer_.erase(0, header + length);
    const int opcode = b0 & 0x0f;
    if (opcode == 0x8) {
      closed_ = true;
      if (payload.size() >= 2) {
        close_code_ = (static_cast<unsigned char>(payload[0]) << 8) | static_cast<unsigned char>(payload[1]);
      }
      return std::nullopt;
    }
    if (opcode == 0x1) return payload;
    // Pings, pongs and binary frames are not what the tests wait for.
  }
}

} // namespace stationd::test
