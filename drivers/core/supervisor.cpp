#include "core/supervisor.hpp"

#include "core/device_error.hpp"
#include "core/timeouts.hpp"

#include <boost/asio/this_coro.hpp>
#include <boost/system/system_error.hpp>
#include <fmt/format.h>

namespace stationd::drivers {

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

device_supervisor::device_supervisor(std::string name, std::unique_ptr<device_driver> driver, reconnect_policy policy,
                                     std::chrono::milliseconds step_timeout, device_observer& observer,
                                     log::logger& log)
    : name_{std::move(name)}, driver_{std::move(driver)}, policy_{policy}, step_timeout_{step_timeout},
      observer_{observer}, log_{log} {
  status_.address = driver_->address();
}

void device_supervisor::publish() { observer_.on_status(name_, status_); }

asio::awaitable<void> device_supervisor::run() {
  auto delay = policy_.initial;
  bool first = true;
  for (;;) {
    if (!first) ++status_.reconnects;
    first = false;
    status_.address = driver_->address();
    status_.error.clear();
    status_.retry_in = {};
    std::string failure;
    std::string step = "opening";
    auto online_since = clock_type::time_point{};
    try {
      status_.state = "connecting";
      publish();
      co_await within(step_timeout_, "open", driver_->open());
      status_.address = driver_->address();
      step = "identifying";
      status_.state = "identifying";
      publish();
      status_.identity = co_await within(step_timeout_, "identify", driver_->identify());
      step = "configuring";
      status_.state = "configuring";
      publish();
      co_await within(step_timeout_, "configure", driver_->configure());
      status_.state = "online";
      online_since = clock_type::now();
      step = "running";
      publish();
      log_.info(name_, "online at {}{}", status_.address, status_.identity.empty() ? "" : " (" + status_.identity + ")");
      co_await driver_->run();
      failure = "the device closed the connection";
    } catch (const device_error& e) {
      failure = e.what();
    } catch (const boost::system::system_error& e) {
      // A bare "End of file" means little at a bench: say where and when.
      failure = fmt::format("{}: {} while {}{}", status_.address, e.code().message(), step,
                            e.code() == asio::error::eof ? " (unplugged or closed by the device)" : "");
    } catch (const std::exception& e) {
      failure = std::string{"driver fault: "} + e.what();
    }
    driver_->close();
    const auto cancelled = (co_await asio::this_coro::cancellation_state).cancelled();
    if (cancelled == asio::cancellation_type::none && failure.starts_with("driver fault: ")) {
      // Not a device failure but a fault in the driver: logged loudly, and the
      // device is still retried rather than taking the station down.
      log_.critical(name_, "{}", failure);
    }
    if (cancelled != asio::cancellation_type::none) {
      status_.state = "stopped";
      status_.identity.clear();
      publish();
      co_return;
    }
    if (online_since != clock_type::time_point{} && clock_type::now() - online_since >= policy_.max) {
      delay = policy_.initial; // it had been working: start the backoff over
    }
    status_.state = "offline";
    status_.identity.clear();
    status_.error = failure;
    status_.retry_in = delay;
    publish();
    log_.warning(name_, "offline: {}; next attempt in {} ms", failure, delay.count());
    asio::steady_timer wait{co_await asio::this_coro::executor, delay};
    co_await wait.async_wait(asio::as_tuple(asio::use_awaitable));
    if ((co_await asio::this_coro::cancellation_state).cancelled() != asio::cancellation_type::none) {
      status_.state = "stopped";
      publish();
      co_return;
    }
    delay = std::min(delay * 2, policy_.max);
  }
}

} // namespace stationd::drivers
