#include "sim/pty_endpoint.hpp"

#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <system_error>
#include <utility>

namespace stationd::sim {
namespace {

[[noreturn]] void fail(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

void close_quietly(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

} // namespace

pty_endpoint::pty_endpoint(std::filesystem::path link) : link_{std::move(link)} {}

pty_endpoint::~pty_endpoint() { unplug(); }

void pty_endpoint::plug() {
  unplug();
  int master = -1;
  int slave = -1;
  if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) fail("openpty");
  master_ = master;
  slave_ = slave;
  try {
    ::fcntl(master_, F_SETFD, FD_CLOEXEC);
    ::fcntl(slave_, F_SETFD, FD_CLOEXEC);

    // Raw both ways: no echo of what the device sends back to it, no CR/LF translation,
    // no signals from control bytes such as 0x03. The daemon sets its own mode on open;
    // a pty keeps 8 data bits whatever parity it asks for.
    termios mode{};
    if (::tcgetattr(slave_, &mode) != 0) fail("tcgetattr");
    ::cfmakeraw(&mode);
    ::cfsetispeed(&mode, B9600);
    ::cfsetospeed(&mode, B9600);
    if (::tcsetattr(slave_, TCSANOW, &mode) != 0) fail("tcsetattr");

    char name[128];
    if (::ptsname_r(master_, name, sizeof name) != 0) fail("ptsname_r");
    device_ = name;

    std::filesystem::create_directories(link_.parent_path());
    // Symlink under a temporary name, then rename over the link: a daemon probing the
    // path never sees it missing or dangling during a replug.
    auto temporary = link_;
    temporary += ".new";
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    std::filesystem::create_symlink(device_, temporary);
    std::filesystem::rename(temporary, link_);
  } catch (...) {
    close_quietly(slave_);
    close_quietly(master_);
    device_.clear();
    throw;
  }
}

void pty_endpoint::unplug() {
  if (master_ < 0) return;
  std::error_code ignored;
  std::filesystem::remove(link_, ignored);
  close_quietly(slave_);
  close_quietly(master_);
  device_.clear();
}

} // namespace stationd::sim
