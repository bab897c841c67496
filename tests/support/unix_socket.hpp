#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace stationd::test {

// A raw Unix stream socket client for sending arbitrary (also malformed) bytes.
class unix_socket {
public:
  explicit unix_socket(const std::string& path);
  ~unix_socket();
  unix_socket(const unix_socket&) = delete;
  unix_socket& operator=(const unix_socket&) = delete;

  void send(const std::string& bytes);
  // The next line without its newline; nullopt at end of stream. Throws on timeout.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout = std::chrono::seconds{10});

private:
  int fd_ = -1;
  std::string buffer_;
};

} // namespace stationd::test
