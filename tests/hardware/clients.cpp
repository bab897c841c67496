#include "clients.hpp"

#include "sim/bytes.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace stationd::hwtest {
namespace {
using clock = std::chrono::steady_clock;

std::chrono::milliseconds left(clock::time_point deadline) {
  const auto rest = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
  return rest.count() > 0 ? rest : 0ms;
}
} // namespace

stream_client::~stream_client() {
  if (fd_ >= 0) ::close(fd_);
}

void stream_client::write(std::string_view data) {
  while (!data.empty()) {
    const auto written = ::write(fd_, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "write");
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
}

int stream_client::read_some(std::string& into, std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  const int ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
  if (ready <= 0) return 0;
  char buffer[1024];
  const auto size = ::read(fd_, buffer, sizeof buffer);
  if (size <= 0) return -1;
  into.append(buffer, static_cast<std::size_t>(size));
  return static_cast<int>(size);
}

std::string stream_client::read_for(std::chrono::milliseconds window) {
  std::string data;
  const auto deadline = clock::now() + window;
  while (clock::now() < deadline) {
    if (read_some(data, left(deadline)) < 0) break;
  }
  return data;
}

std::string stream_client::read_until(std::string_view suffix, std::chrono::milliseconds timeout) {
  std::string data;
  const auto deadline = clock::now() + timeout;
  while (!data.ends_with(suffix) && clock::now() < deadline) {
    if (read_some(data, left(deadline)) < 0) break;
  }
  return data;
}

std::string stream_client::read_exactly(std::size_t count, std::chrono::milliseconds timeout) {
  std::string data;
  const auto deadline = clock::now() + timeout;
  while (data.size() < count && clock::now() < deadline) {
    if (read_some(data, left(deadline)) < 0) break;
  }
  return data;
}

bool stream_client::closed_within(std::chrono::milliseconds timeout) {
  std::string ignored;
  const auto deadline = clock::now() + timeout;
  while (clock::now() < deadline) {
    if (read_some(ignored, left(deadline)) < 0) return true;
  }
  return false;
}

pty_client::pty_client(const std::filesystem::path& path) : stream_client{::open(path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC)} {
  if (fd() < 0) throw std::system_error(errno, std::generic_category(), "open " + path.string());
  termios mode{};
  ::tcgetattr(fd(), &mode);
  ::cfmakeraw(&mode);
  ::cfsetispeed(&mode, B9600);
  ::cfsetospeed(&mode, B9600);
  mode.c_cflag |= CLOCAL | CREAD;
  ::tcsetattr(fd(), TCSANOW, &mode);
}

namespace {
int connect_loopback(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "socket");
  sockaddr_in where{};
  where.sin_family = AF_INET;
  where.sin_port = htons(port);
  where.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&where), sizeof where) != 0) {
    const int error = errno;
    ::close(fd);
    throw std::system_error(error, std::generic_category(), "connect");
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}
} // namespace

tcp_client::tcp_client(std::uint16_t port) : stream_client{connect_loopback(port)} {}

namespace {
void set_timeouts(modbus_t* ctx, std::chrono::milliseconds timeout) {
  const auto ms = timeout.count();
  modbus_set_response_timeout(ctx, static_cast<std::uint32_t>(ms / 1000), static_cast<std::uint32_t>((ms % 1000) * 1000));
  modbus_set_byte_timeout(ctx, 0, 200'000);
}
} // namespace

modbus_ptr modbus_tcp_client(std::uint16_t port, int unit, std::chrono::milliseconds timeout) {
  modbus_ptr ctx{modbus_new_tcp("127.0.0.1", port)};
  REQUIRE(ctx);
  modbus_set_slave(ctx.get(), unit);
  set_timeouts(ctx.get(), timeout);
  REQUIRE_MESSAGE(modbus_connect(ctx.get()) == 0, modbus_strerror(errno));
  return ctx;
}

modbus_ptr modbus_rtu_client(const std::filesystem::path& link, int address, std::chrono::milliseconds timeout) {
  modbus_ptr ctx{modbus_new_rtu(link.c_str(), 9600, 'N', 8, 1)};
  REQUIRE(ctx);
  modbus_set_slave(ctx.get(), address);
  set_timeouts(ctx.get(), timeout);
  REQUIRE_MESSAGE(modbus_connect(ctx.get()) == 0, modbus_strerror(errno));
  return ctx;
}

std::string bytes_of(std::string_view hex) { return sim::parse_hex(hex); }

} // namespace stationd::hwtest
