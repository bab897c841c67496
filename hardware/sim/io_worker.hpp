#pragma once

// One thread running one io_context: every simulator keeps its protocol state on such a
// thread, so protocol code needs no locks, and control calls from tests hop onto it.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <atomic>
#include <future>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>

namespace stationd::sim {

class io_worker {
public:
  io_worker() = default;
  ~io_worker();
  io_worker(const io_worker&) = delete;
  io_worker& operator=(const io_worker&) = delete;

  void start();
  // Lets the run loop finish and joins the thread. The owner closes its sockets and
  // timers first (through call()), so the loop drains instead of waiting forever.
  void stop();
  bool running() const noexcept { return running_.load(); }
  bool on_worker_thread() const noexcept { return std::this_thread::get_id() == thread_id_.load(); }
  boost::asio::io_context& context() noexcept { return io_; }

  // Runs `fn` on the worker thread and returns its result (exceptions propagate). Runs
  // inline when called from the worker itself or while the worker is stopped, when no
  // other thread touches the state.
  template <typename F>
  auto call(F&& fn) -> std::invoke_result_t<F&> {
    using result = std::invoke_result_t<F&>;
    if (!running() || on_worker_thread()) return fn();
    std::packaged_task<result()> task{std::forward<F>(fn)};
    auto done = task.get_future();
    boost::asio::post(io_, [&task] { task(); });
    return done.get();
  }

private:
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard_;
  std::thread thread_;
  std::future<void> finished_;
  std::atomic<std::thread::id> thread_id_{};
  std::atomic<bool> running_{false};
};

} // namespace stationd::sim
