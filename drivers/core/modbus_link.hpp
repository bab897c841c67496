#pragma once

#include "core/device_error.hpp"
#include "core/serial_link.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <modbus/modbus.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace stationd::drivers {

struct modbus_endpoint {
  std::string transport = "tcp"; // tcp or rtu
  std::string host;
  int tcp_port = 502;
  serial_settings serial;        // rtu
  int unit_id = 1;
  std::chrono::milliseconds timeout{1000};

  static modbus_endpoint from(const config::config_section& device, std::chrono::milliseconds io_timeout);
  std::string address() const;
};

// A Modbus request failed. `exception_code` is set when the device answered
// with a Modbus exception (it is there, but refused the request); otherwise the
// link itself failed (timeout, connection lost, bad CRC).
class modbus_error : public device_error {
public:
  modbus_error(const std::string& what, int exception_code) : device_error{what}, exception_code_{exception_code} {}
  int exception_code() const noexcept { return exception_code_; }
  bool is_exception() const noexcept { return exception_code_ != 0; }
  // A reply arrived but was damaged (bad CRC, wrong length, another slave's):
  // line noise, not a lost link.
  bool is_bad_reply() const noexcept { return bad_reply_; }
  void set_bad_reply() noexcept { bad_reply_ = true; }

private:
  int exception_code_;
  bool bad_reply_ = false;
};

// libmodbus blocks, so each link has its own worker thread; requests go to it
// and their results come back to the io_context. libmodbus's response timeout
// bounds every request.
class modbus_link {
public:
  modbus_link(boost::asio::any_io_executor executor, modbus_endpoint endpoint);
  ~modbus_link();
  modbus_link(const modbus_link&) = delete;
  modbus_link& operator=(const modbus_link&) = delete;

  boost::asio::awaitable<void> connect();
  void close() noexcept;
  std::string address() const { return endpoint_.address(); }

  boost::asio::awaitable<std::vector<std::uint16_t>> read_registers(int address, int count, bool input_registers);
  boost::asio::awaitable<void> write_register(int address, std::uint16_t value);
  boost::asio::awaitable<void> write_registers(int address, std::vector<std::uint16_t> values);
  boost::asio::awaitable<void> write_coil(int address, bool on);
  boost::asio::awaitable<std::vector<bool>> read_coils(int address, int count);

  // Runs `job` on the worker thread with the live context; throws its error here.
  template <typename R>
  boost::asio::awaitable<R> call(std::function<R(modbus_t*)> job);

private:
  struct worker;
  template <typename R>
  boost::asio::awaitable<R> on_worker(std::function<R(worker&)> job);
  // Throws modbus_error for the failed request `what` from errno.
  [[noreturn]] static void fail(const std::string& what);

  boost::asio::any_io_executor executor_;
  modbus_endpoint endpoint_;
  std::shared_ptr<worker> worker_;
};

// The worker thread: runs jobs in order; a job posts its own completion back.
struct modbus_link::worker {
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::function<void()>> jobs;
  bool stopping = false;
  modbus_t* context = nullptr; // touched only by the worker thread
  std::thread thread;

  void post(std::function<void()> job) {
    {
      std::lock_guard lock{mutex};
      jobs.push_back(std::move(job));
    }
    wake.notify_one();
  }
};

template <typename R>
boost::asio::awaitable<R> modbus_link::call(std::function<R(modbus_t*)> job) {
  std::function<R(worker&)> on_context = [job = std::move(job)](worker& w) {
    if (w.context == nullptr) throw device_error("the Modbus link is not connected");
    return job(w.context);
  };
  co_return co_await on_worker<R>(std::move(on_context));
}

template <typename R>
boost::asio::awaitable<R> modbus_link::on_worker(std::function<R(worker&)> job) {
  namespace asio = boost::asio;
  struct state {
    explicit state(const asio::any_io_executor& ex) : done{ex, asio::steady_timer::time_point::max()} {}
    asio::steady_timer done;
    bool finished = false;
    std::optional<R> result;
    std::exception_ptr error;
  };
  auto s = std::make_shared<state>(executor_);
  auto w = worker_;
  w->post([s, w, job = std::move(job), executor = executor_] {
    std::optional<R> result;
    std::exception_ptr error;
    try {
      result.emplace(job(*w));
    } catch (...) {
      error = std::current_exception();
    }
    asio::post(executor, [s, result = std::move(result), error]() mutable {
      s->finished = true;
      s->result = std::move(result);
      s->error = error;
      s->done.cancel();
    });
  });
  co_await s->done.async_wait(asio::as_tuple(asio::use_awaitable));
  if (!s->finished) throw device_error("Modbus request cancelled");
  if (s->error) std::rethrow_exception(s->error);
  co_return std::move(*s->result);
}

} // namespace stationd::drivers
