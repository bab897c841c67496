#pragma once

// The device side of a pseudo-terminal pair, reachable by the daemon under a stable link
// path (a symlink to /dev/pts/N), the way udev gives a USB serial adapter a stable name.
// Unplugging closes the pair and removes the link, so a reader of the other side sees an
// error or end-of-file, as when a USB cable is pulled; plugging again makes a new pair.
//
// Not thread-safe: the simulator thread that owns it is the only user.

#include <filesystem>

namespace stationd::sim {

class pty_endpoint {
public:
  explicit pty_endpoint(std::filesystem::path link);
  ~pty_endpoint();
  pty_endpoint(const pty_endpoint&) = delete;
  pty_endpoint& operator=(const pty_endpoint&) = delete;

  // Opens a new pair (raw, 9600 baud nominal) and points the link at it, replacing any
  // previous link atomically. Throws std::system_error.
  void plug();
  // Closes the pair and removes the link; does nothing when already unplugged.
  void unplug();
  bool plugged() const noexcept { return master_ >= 0; }

  // The master side: what the simulated device reads and writes. -1 when unplugged.
  int master_fd() const noexcept { return master_; }
  const std::filesystem::path& link_path() const noexcept { return link_; }
  // "/dev/pts/N" while plugged, empty otherwise.
  const std::filesystem::path& device_path() const noexcept { return device_; }

private:
  std::filesystem::path link_;
  std::filesystem::path device_;
  int master_ = -1;
  // Held open so that the daemon closing and reopening the link does not hang up the
  // master (reads there would fail with EIO until the next open).
  int slave_ = -1;
};

} // namespace stationd::sim
