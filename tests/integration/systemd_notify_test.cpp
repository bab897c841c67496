// sd_notify as systemd sees it: a datagram socket in $NOTIFY_SOCKET.

#include "daemon_fixture.hpp"
#include "journal/sqlite.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <thread>

using namespace stationd::test;

namespace {

class notify_listener {
public:
  explicit notify_listener(const std::string& path) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
    REQUIRE(::bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
  }
  ~notify_listener() { ::close(fd_); }

  // Collects messages until one contains `wanted` or the timeout passes.
  bool wait_for(const std::string& wanted, std::chrono::milliseconds timeout = std::chrono::seconds{10}) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      for (const auto& m : messages) {
        if (m.find(wanted) != std::string::npos) return true;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buffer[4096];
      const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n > 0) messages.emplace_back(buffer, static_cast<std::size_t>(n));
    }
  }
  // Forgets everything received so far, including datagrams not read yet.
  void clear() {
    char buffer[4096];
    while (::recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT) > 0) {
    }
    messages.clear();
  }

  std::vector<std::string> messages;

private:
  int fd_ = -1;
};

} // namespace

TEST_CASE("READY, WATCHDOG, RELOADING and STOPPING reach systemd") {
  temp_dir sockets;
  const auto path = (sockets / "notify.sock").string();
  notify_listener listener{path};
  running_daemon d{"", {{"NOTIFY_SOCKET", path}, {"WATCHDOG_USEC", "300000"}}};

  CHECK(listener.wait_for("READY=1"));
  CHECK(listener.wait_for("STATUS=station test-bench ready"));
  listener.clear();
  CHECK(listener.wait_for("WATCHDOG=1", std::chrono::seconds{2}));

  listener.clear();
  d.process().signal(SIGHUP);
  CHECK(listener.wait_for("RELOADING=1"));
  CHECK(listener.wait_for("READY=1"));

  listener.clear();
  d.process().signal(SIGTERM);
  CHECK(listener.wait_for("STOPPING=1"));
  CHECK(d.process().wait(std::chrono::seconds{10}) == 0);
}

TEST_CASE("the watchdog is not fed while the journal writer is stuck") {
  temp_dir sockets;
  const auto path = (sockets / "notify.sock").string();
  notify_listener listener{path};
  running_daemon d{"", {{"NOTIFY_SOCKET", path}, {"WATCHDOG_USEC", "300000"}}};
  CHECK(listener.wait_for("WATCHDOG=1", std::chrono::seconds{2}));
  // Another program holds the write lock; a reload's journal record makes the writer wait on it.
  stationd::sqlite::database blocker{d.journal_path(), stationd::sqlite::database::mode::read_write_create};
  blocker.exec("BEGIN IMMEDIATE");
  d.process().signal(SIGHUP);
  std::this_thread::sleep_for(std::chrono::milliseconds{800}); // past one watchdog interval
  listener.clear();
  CHECK_FALSE(listener.wait_for("WATCHDOG=1", std::chrono::milliseconds{1500}));
  blocker.exec("COMMIT");
  CHECK(listener.wait_for("WATCHDOG=1", std::chrono::seconds{5}));
}
