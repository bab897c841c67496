#pragma once

#include <filesystem>

namespace stationd::app {

// An exclusive flock(2) on <state directory>/stationd.lock for the life of the
// process, so two daemons never share one journal. Released by the kernel when
// the process ends, however it ends.
class state_lock {
public:
  // Throws std::runtime_error naming the holder's pid when another process has it.
  explicit state_lock(const std::filesystem::path& directory);
  ~state_lock();
  state_lock(const state_lock&) = delete;
  state_lock& operator=(const state_lock&) = delete;

private:
  int fd_ = -1;
};

} // namespace stationd::app
