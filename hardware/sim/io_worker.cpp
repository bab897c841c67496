#include "sim/io_worker.hpp"

#include <chrono>

namespace stationd::sim {

io_worker::~io_worker() { stop(); }

void io_worker::start() {
  if (running_) return;
  io_.restart();
  guard_.emplace(io_.get_executor());
  std::promise<void> started;
  auto ready = started.get_future();
  std::promise<void> finished;
  finished_ = finished.get_future();
  thread_ = std::thread([this, &started, finished = std::move(finished)]() mutable {
    thread_id_ = std::this_thread::get_id();
    started.set_value();
    io_.run();
    finished.set_value();
  });
  ready.wait();
  running_ = true;
}

void io_worker::stop() {
  if (!thread_.joinable()) return;
  guard_.reset();
  // The owner has closed everything, so the loop drains at once. A forgotten operation
  // must not hang a test run: after a grace period the loop is stopped outright.
  if (finished_.wait_for(std::chrono::seconds{2}) != std::future_status::ready) io_.stop();
  thread_.join();
  thread_id_ = std::thread::id{};
  running_ = false;
}

} // namespace stationd::sim
