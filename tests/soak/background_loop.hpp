#pragma once
// A thread that runs one loop until stop(); the loop waits only through
// pause(), which ends early (returning true) once stop() was called, so a
// stop never waits out a long pause.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace stationd::soak {

class background_loop {
public:
  background_loop() = default;
  ~background_loop() { stop(); }
  background_loop(const background_loop&) = delete;
  background_loop& operator=(const background_loop&) = delete;

  void start(std::function<void()> loop) { thread_ = std::thread{std::move(loop)}; }
  void stop() {
    {
      std::lock_guard lock{mutex_};
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  // Waits `d`; true when the loop is to stop.
  bool pause(std::chrono::milliseconds d) {
    std::unique_lock lock{mutex_};
    return wake_.wait_for(lock, d, [&] { return stopping_; });
  }

private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

} // namespace stationd::soak
