#include "stationctl/control_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace stationd::ctl {

control_client::control_client(const std::string& socket_path, std::chrono::milliseconds timeout)
    : socket_path_{socket_path}, timeout_{timeout} {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socket_path.size() >= sizeof address.sun_path) throw unreachable{"socket path too long: " + socket_path};
  std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
  fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw unreachable{fmt::format("socket: {}", std::strerror(errno))};
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    const int err = errno;
    ::close(fd_);
    fd_ = -1;
    throw unreachable{fmt::format("cannot connect to {}: {} (is stationd running? see --socket)", socket_path,
                                  std::strerror(err))};
  }
}

control_client::~control_client() {
  if (fd_ >= 0) ::close(fd_);
}

boost::json::object control_client::call(const std::string& command, const boost::json::object& arguments) {
  boost::json::object request{{"command", command}};
  if (!arguments.empty()) request["arguments"] = arguments;
  const auto line = boost::json::serialize(request) + "\n";
  std::size_t sent = 0;
  while (sent < line.size()) {
    const auto n = ::send(fd_, line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw unreachable{fmt::format("send to {}: {}", socket_path_, std::strerror(errno))};
    }
    sent += static_cast<std::size_t>(n);
  }
  // Skip pushed events that may precede the reply on a subscribed connection.
  for (;;) {
    auto reply = next(timeout_);
    if (!reply) throw unreachable{fmt::format("{} closed the connection without replying", socket_path_)};
    if (!reply->contains("class")) return *reply;
  }
}

std::optional<boost::json::object> control_client::next(std::optional<std::chrono::milliseconds> timeout) {
  const auto line = read_line(timeout);
  if (!line) return std::nullopt;
  boost::system::error_code ec;
  auto value = boost::json::parse(*line, ec);
  if (ec || !value.is_object()) throw unreachable{fmt::format("unreadable reply from stationd: {}", *line)};
  return std::move(value.get_object());
}

std::optional<std::string> control_client::read_line(std::optional<std::chrono::milliseconds> timeout) {
  for (;;) {
    if (const auto newline = buffer_.find('\n'); newline != std::string::npos) {
      auto line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return line;
    }
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, timeout ? static_cast<int>(timeout->count()) : -1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) throw unreachable{fmt::format("no reply from {} within {} ms", socket_path_, timeout->count())};
    char chunk[4096];
    const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw unreachable{fmt::format("receive from {}: {}", socket_path_, std::strerror(errno))};
    if (n == 0) return std::nullopt;
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

} // namespace stationd::ctl
