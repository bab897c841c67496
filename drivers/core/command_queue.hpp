#pragma once

#include "core/device_error.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace stationd::drivers {

// Commands for a device whose link carries one request and one reply at a time
// (MT-SICS, 8213). Only the driver's run loop talks to the device: it polls, and
// between polls runs the commands queued here. A caller (a `weigh zero` from the
// control socket, say) waits for its command's outcome, at most `timeout`.
class command_queue {
public:
  using body = std::function<boost::asio::awaitable<void>()>;

  explicit command_queue(boost::asio::any_io_executor executor) : executor_{std::move(executor)} {}

  // Queues a command and waits for the run loop to have done it. Throws the
  // command's own error, or device_error when the device is not running or the
  // command did not complete within `timeout`.
  // Callers pass `command` as a named variable (see mtsics_scale.cpp): GCC 12 can
  // destroy a temporary inside a co_await expression twice.
  boost::asio::awaitable<void> submit(std::string_view name, body command, std::chrono::milliseconds timeout) {
    if (!accepting_) throw device_error(std::string{name} + ": the device is not connected");
    auto slot = std::make_shared<outcome>(executor_);
    slot->name = name;
    queue_.push_back({std::string{name}, std::move(command), slot});
    slot->done.expires_after(timeout);
    co_await slot->done.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    if (!slot->finished) {
      slot->abandoned = true;
      throw device_error(slot->name + ": not done within " + std::to_string(timeout.count()) + " ms");
    }
    if (slot->error) std::rethrow_exception(slot->error);
  }

  // For the run loop: runs every queued command, in order.
  boost::asio::awaitable<void> run_pending() {
    while (!queue_.empty()) {
      auto item = std::move(queue_.front());
      queue_.pop_front();
      if (item.slot->abandoned) continue;
      try {
        co_await item.command();
      } catch (const device_error&) {
        finish(*item.slot, std::current_exception());
        throw; // the link is in doubt: the supervisor reconnects
      } catch (...) {
        finish(*item.slot, std::current_exception());
        continue;
      }
      finish(*item.slot, nullptr);
    }
  }

  bool empty() const noexcept { return queue_.empty(); }

  // The device went away (or came back): queued commands fail at once.
  void set_accepting(bool accepting) {
    accepting_ = accepting;
    if (accepting) return;
    while (!queue_.empty()) {
      auto item = std::move(queue_.front());
      queue_.pop_front();
      finish(*item.slot, std::make_exception_ptr(device_error(item.name + ": the device was disconnected")));
    }
  }

private:
  struct outcome {
    explicit outcome(const boost::asio::any_io_executor& ex) : done{ex} {}
    boost::asio::steady_timer done;
    bool finished = false;
    bool abandoned = false;
    std::exception_ptr error;
    std::string name;
  };
  struct queued {
    std::string name;
    body command;
    std::shared_ptr<outcome> slot;
  };

  static void finish(outcome& o, std::exception_ptr error) {
    o.finished = true;
    o.error = std::move(error);
    o.done.cancel();
  }

  boost::asio::any_io_executor executor_;
  std::deque<queued> queue_;
  bool accepting_ = false;
};

} // namespace stationd::drivers
