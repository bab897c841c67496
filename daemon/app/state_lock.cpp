#include "app/state_lock.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace stationd::app {

state_lock::state_lock(const std::filesystem::path& directory) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot create state directory {}: {}", directory.string(), ec.message()));
  const auto path = directory / "stationd.lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
  if (fd_ < 0) throw std::runtime_error(fmt::format("cannot open {}: {}", path.string(), std::strerror(errno)));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    char holder[32] = {};
    const auto n = ::pread(fd_, holder, sizeof holder - 1, 0);
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error(fmt::format("another stationd (pid {}) is using {}",
                                         n > 0 ? std::string{holder, static_cast<std::size_t>(n)} : "unknown",
                                         directory.string()));
  }
  const auto pid = std::to_string(::getpid());
  if (::ftruncate(fd_, 0) == 0) {
    [[maybe_unused]] const auto written = ::pwrite(fd_, pid.data(), pid.size(), 0);
  }
}

state_lock::~state_lock() {
  if (fd_ >= 0) ::close(fd_);
}

} // namespace stationd::app
