#include "support/http_client.hpp"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <fstream>
#include <stdexcept>

namespace stationd::test {

namespace {

class socket_fd {
public:
  explicit socket_fd(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) connected_ = false;
  }
  ~socket_fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  socket_fd(const socket_fd&) = delete;
  socket_fd& operator=(const socket_fd&) = delete;
  bool connected() const { return connected_; }
  bool send_all(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }
  // Reads until the peer closes or `deadline`.
  std::string read_all(std::chrono::steady_clock::time_point deadline) {
    std::string out;
    char buffer[16384];
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
  }

private:
  int fd_ = -1;
  bool connected_ = true;
};

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

http_answer parse_answer(const std::string& bytes) {
  http_answer a;
  const auto end = bytes.find("\r\n\r\n");
  if (end == std::string::npos || bytes.compare(0, 9, "HTTP/1.1 ") != 0) return a;
  a.status = std::stoi(bytes.substr(9, 3));
  std::size_t pos = bytes.find("\r\n") + 2;
  while (pos < end) {
    const auto eol = bytes.find("\r\n", pos);
    const auto line = bytes.substr(pos, eol - pos);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
      auto value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      a.headers[lower(line.substr(0, colon))] = value;
    }
    pos = eol + 2;
  }
  a.body = bytes.substr(end + 4);
  if (const auto length = a.header("content-length"); !length.empty()) {
    a.body = a.body.substr(0, std::stoul(length));
  }
  return a;
}

} // namespace

void http_recorder::record(const std::string& method, const std::string& target, const http_answer& a) {
  boost::json::object headers;
  for (const auto& [k, v] : a.headers) headers[k] = v;
  const boost::json::object line{
      {"method", method}, {"target", target}, {"status", a.status}, {"headers", headers}, {"body", a.body}};
  std::lock_guard lock{mutex_};
  std::ofstream out{path_, std::ios::app};
  out << boost::json::serialize(line) << '\n';
}

http_answer http_client::request(const std::string& method, const std::string& target, const std::string& body,
                                 const std::map<std::string, std::string>& headers, std::chrono::milliseconds timeout) {
  std::string bytes = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& [k, v] : headers) bytes += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST") bytes += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  bytes += "\r\n" + body;
  auto answer = raw(bytes, timeout);
  if (recorder_ && answer.status != 0) recorder_->record(method, target, answer);
  return answer;
}

http_answer http_client::raw(const std::string& bytes, std::chrono::milliseconds timeout) {
  socket_fd s{port_};
  if (!s.connected()) return {};
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  s.send_all(bytes); // the server may answer (and close) before reading everything
  return parse_answer(s.read_all(deadline));
}

http_answer http_client::get(const std::string& target, const std::string& token,
                             const std::map<std::string, std::string>& headers, std::chrono::milliseconds timeout) {
  auto all = headers;
  if (!token.empty()) all["Authorization"] = "Bearer " + token;
  return request("GET", target, "", all, timeout);
}

http_answer http_client::post(const std::string& target, const std::string& json_body, const std::string& token,
                              std::chrono::milliseconds timeout) {
  std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
  if (!token.empty()) headers["Authorization"] = "Bearer " + token;
  return request("POST", target, json_body, headers, timeout);
}

std::string url_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

} // namespace stationd::test
