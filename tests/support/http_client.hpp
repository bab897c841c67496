#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

// A small blocking HTTP/1.1 client for the integration tests: one request per
// connection (Connection: close), the answer read whole. Every answer can be
// recorded (JSON lines) for the OpenAPI check.
namespace stationd::test {

struct http_answer {
  int status = 0; // 0: no answer (connection closed or timed out)
  std::map<std::string, std::string> headers; // names in lower case
  std::string body;
  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string{} : it->second;
  }
};

class http_recorder {
public:
  explicit http_recorder(std::string path) : path_{std::move(path)} {}
  void record(const std::string& method, const std::string& target, const http_answer& a);
  const std::string& path() const noexcept { return path_; }

private:
  std::string path_;
  std::mutex mutex_;
};

class http_client {
public:
  explicit http_client(std::uint16_t port, http_recorder* recorder = nullptr) : port_{port}, recorder_{recorder} {}
  http_answer get(const std::string& target, const std::string& token = {},
                  const std::map<std::string, std::string>& headers = {},
                  std::chrono::milliseconds timeout = std::chrono::seconds{10});
  http_answer post(const std::string& target, const std::string& json_body, const std::string& token = {},
                   std::chrono::milliseconds timeout = std::chrono::seconds{10});
  http_answer request(const std::string& method, const std::string& target, const std::string& body,
                      const std::map<std::string, std::string>& headers, std::chrono::milliseconds timeout);
  // Sends `bytes` as they are and reads what comes back (malformed requests).
  http_answer raw(const std::string& bytes, std::chrono::milliseconds timeout = std::chrono::seconds{10});
  void set_port(std::uint16_t port) { port_ = port; }

private:
  std::uint16_t port_;
  http_recorder* recorder_;
};

// Percent-encodes a query value.
std::string url_encode(const std::string& text);

} // namespace stationd::test
