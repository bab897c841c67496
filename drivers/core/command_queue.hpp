#pragma once

#include "core/device_error.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <fmt/format.h>

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

  explicit command_queue(boost::asio::any_io_executor executor) : executor_{executor}, wake_{std::move(executor)} {}

  // For the run loop: waits `interval`, or less when a command arrives meanwhile.
  boost::asio::awaitable<void> wait(std::chrono::milliseconds interval) {
    if (!queue_.empty()) co_return;
    wake_.expires_after(interval);
    co_await wake_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  }

  // Queues a command and waits for the run loop to have done it. Throws the
  // command's own error, or device_error when the device is not running or the
  // run loop did not start the command within `timeout`. Once started, the
  // command is waited for to the end (its own I/O has timeouts): a caller must
  // not hear "not done" about a zero that then happens.
  //
  // Callers pass `command` as a named variable (see mtsics_scale.cpp): GCC 12 can
  // destroy a temporary inside a co_await expression twice.
  boost::asio::awaitable<void> submit(std::string_view name, body command, std::chrono::milliseconds timeout) {
    if (!accepting_) throw device_error(std::string{name} + ": the device is not connected");
    auto slot = std::make_shared<outcome>(executor_);
    slot->name = name;
    queue_.push_back({std::move(command), slot});
    wake_.cancel();
    slot->done.expires_after(timeout);
    for (;;) {
      const auto [ec] = co_await slot->done.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
      if (slot->finished) break;
      if (ec == boost::asio::error::operation_aborted) { // cancelled, not woken
        slot->abandoned = true;
        throw device_error(slot->name + ": cancelled");
      }
      if (!slot->started) {
        slot->abandoned = true;
        throw device_error(fmt::format("{}: the device did not take the command within {} ms", slot->name, timeout.count()));
      }
      slot->done.expires_at(boost::asio::steady_timer::time_point::max()); // running: wait for its end
    }
    if (slot->error) std::rethrow_exception(slot->error);
  }

  // For the run loop: runs every queued command, in order. A device_error or an
  // I/O error means the link is in doubt: it is thrown on, so the supervisor reconnects.
  boost::asio::awaitable<void> run_pending() {
    while (!queue_.empty()) {
      auto item = std::move(queue_.front());
      queue_.pop_front();
      if (item.slot->abandoned) continue;
      item.slot->started = true;
      try {
        co_await item.command();
      } catch (const device_error&) {
        finish(*item.slot, std::current_exception());
        throw;
      } catch (const boost::system::system_error&) {
        finish(*item.slot, std::current_exception());
        throw;
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
      finish(*item.slot, std::make_exception_ptr(device_error(item.slot->name + ": the device was disconnected")));
    }
  }

private:
  struct outcome {
    explicit outcome(const boost::asio::any_io_executor& ex) : done{ex} {}
    boost::asio::steady_timer done;
    bool started = false;
    bool finished = false;
    bool abandoned = false;
    std::exception_ptr error;
    std::string name;
  };
  struct queued {
    body command;
    std::shared_ptr<outcome> slot;
  };

  // Wakes the waiting submit() by moving its deadline to now: a cancel would look
  // like the caller's own cancellation.
  static void finish(outcome& o, std::exception_ptr error) {
    o.finished = true;
    o.error = std::move(error);
    o.done.expires_at(boost::asio::steady_timer::time_point::min());
  }

  boost::asio::any_io_executor executor_;
  boost::asio::steady_timer wake_; // the run loop's wait, cut short by submit()
  std::deque<queued> queue_;
  bool accepting_ = false;
};

} // namespace stationd::drivers
