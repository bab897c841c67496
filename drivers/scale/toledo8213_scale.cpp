#include "scale/toledo8213_scale.hpp"

#include "core/timeouts.hpp"

#include <boost/asio/write.hpp>
#include <fmt/format.h>

#include <array>

#include <termios.h>

namespace stationd::drivers {

namespace asio = boost::asio;

toledo8213_scale::toledo8213_scale(const driver_context& context)
    : context_{context}, settings_{serial_settings::from(context.device.settings)},
      timing_{scale_timing::from(context.device)}, unit_{context.device.settings.get_string("unit")},
      port_{context.executor}, commands_{context.executor} {}

asio::awaitable<void> toledo8213_scale::open() {
  path_ = resolve_port(settings_);
  open_serial(port_, path_, settings_);
  parser_.reset();
  pending_.clear();
  co_return;
}

asio::awaitable<toledo8213::frame> toledo8213_scale::exchange(char command, std::chrono::milliseconds timeout) {
  // A late frame from an earlier, timed-out request is not this one's answer.
  ::tcflush(port_.native_handle(), TCIFLUSH);
  pending_.clear();
  parser_.reset();
  const std::array<char, 1> out{command};
  context_.log.trace_bytes(context_.device.name, "tx", {reinterpret_cast<const unsigned char*>(out.data()), 1});
  const std::string what = std::string{"8213 "} + command;
  co_await within(timeout, what, asio::async_write(port_, asio::buffer(out), asio::use_awaitable));
  std::array<char, 64> buffer;
  while (pending_.empty()) {
    const auto n = co_await within(timeout, what, port_.async_read_some(asio::buffer(buffer), asio::use_awaitable));
    context_.log.trace_bytes(context_.device.name, "rx", {reinterpret_cast<const unsigned char*>(buffer.data()), n});
    for (auto& f : parser_.feed({buffer.data(), n})) pending_.push_back(std::move(f));
  }
  auto f = std::move(pending_.front());
  pending_.pop_front();
  co_return f;
}

asio::awaitable<std::string> toledo8213_scale::identify() {
  // The protocol cannot say who the scale is; one answered request shows it is there.
  const auto f = co_await exchange(toledo8213::weigh, timing_.io_timeout);
  if (!f.record) throw device_error(fmt::format("no 8213 answer: {}", f.error.value_or("unreadable")));
  co_return std::string{"Toledo 8213 protocol"};
}

asio::awaitable<void> toledo8213_scale::configure() {
  commands_.set_accepting(true);
  co_return;
}

asio::awaitable<void> toledo8213_scale::run() {
  reply_health health;
  for (;;) {
    co_await commands_.run_pending();
    const auto f = co_await exchange(toledo8213::weigh, timing_.io_timeout);
    scale_reading reading;
    reading.unit = unit_;
    if (!f.record) {
      reading.error = f.error.value_or("unreadable 8213 frame");
    } else if (f.record->weight) {
      // The 8213 sends a weight only when it is valid: not in motion, in range.
      reading.weight = f.record->weight;
      reading.stable = true;
    } else {
      const auto& s = *f.record->status;
      reading.overload = s.over_capacity;
      reading.underload = s.under_zero;
      reading.stable = false;
      if (!s.motion && !s.over_capacity && !s.under_zero) reading.error = "the scale reports no valid weight";
    }
    context_.on_reading(reading);
    health.note(reading);
    co_await sleep_for(timing_.poll_interval);
  }
}

asio::awaitable<void> toledo8213_scale::zero() {
  command_queue::body body = [this]() -> asio::awaitable<void> {
        const auto f = co_await exchange(toledo8213::zero, timing_.command_timeout);
        if (!f.record || !f.record->status) throw std::runtime_error("zero: no status record in reply");
        if (f.record->status->motion) throw std::runtime_error("zero: the scale is in motion");
        if (f.record->status->outside_zero_capture) throw std::runtime_error("zero: outside the zero capture range");
  };
  co_await commands_.submit("zero", std::move(body), timing_.command_timeout * 2);
}

asio::awaitable<void> toledo8213_scale::tare() {
  throw std::runtime_error("tare: the 8213 protocol has no tare command; tare on the scale itself");
  co_return;
}

asio::awaitable<void> toledo8213_scale::clear_tare() {
  throw std::runtime_error("clear tare: the 8213 protocol has no tare command");
  co_return;
}

void toledo8213_scale::close() noexcept {
  commands_.set_accepting(false);
  boost::system::error_code ignored;
  port_.close(ignored);
}

std::string toledo8213_scale::address() const { return path_.empty() ? settings_.port : path_; }

} // namespace stationd::drivers
