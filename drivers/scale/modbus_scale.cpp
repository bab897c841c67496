#include "scale/modbus_scale.hpp"

#include "core/timeouts.hpp"

#include <fmt/format.h>

namespace stationd::drivers {

namespace asio = boost::asio;

modbus_scale::modbus_scale(const driver_context& context, modbus::scale_profile profile)
    : context_{context}, profile_{std::move(profile)}, timing_{scale_timing::from(context.device)},
      endpoint_{modbus_endpoint::from(context.device.settings, context.device.io_timeout)},
      link_{std::make_unique<modbus_link>(context.executor, endpoint_)}, commands_{context.executor} {}

asio::awaitable<void> modbus_scale::open() { co_await link_->connect(); }

asio::awaitable<std::vector<std::uint16_t>> modbus_scale::read_block() {
  co_return co_await link_->read_registers(profile_.block_address, profile_.block_length, profile_.input_registers);
}

asio::awaitable<std::string> modbus_scale::identify() {
  // Modbus has no common "who are you"; a successful read of the profile's block
  // shows the instrument answers with that map.
  (void)co_await read_block();
  co_return fmt::format("{} (profile {})", profile_.title, profile_.name);
}

asio::awaitable<void> modbus_scale::configure() {
  commands_.set_accepting(true);
  co_return;
}

asio::awaitable<void> modbus_scale::run() {
  reply_health health;
  for (;;) {
    co_await commands_.run_pending();
    scale_reading reading;
    reading.unit = profile_.unit;
    try {
      const auto block = co_await read_block();
      const auto decoded = modbus::decode(profile_, block);
      if (decoded.reading) {
        reading.weight = decoded.reading->weight;
        reading.stable = decoded.reading->stable;
        reading.overload = decoded.reading->overload;
        reading.underload = decoded.reading->underload;
      } else {
        reading.error = decoded.error.value_or("undecodable registers");
      }
    } catch (const modbus_error& e) {
      // An exception reply (the instrument is there but refused) or a damaged one
      // (line noise): report it and keep polling; a lost link is thrown on.
      if (!e.is_exception() && !e.is_bad_reply()) throw;
      reading.error = e.what();
    }
    context_.on_reading(reading);
    health.note(reading);
    co_await sleep_for(timing_.poll_interval);
  }
}

asio::awaitable<void> modbus_scale::send(modbus::scale_profile::command c, std::string_view what) {
  if (c.address < 0) throw std::runtime_error(fmt::format("{}: profile {} has no {} command", what, profile_.name, what));
  // Run by the poll loop between polls, like every other request to the device.
  command_queue::body body = [this, c]() -> asio::awaitable<void> {
    if (c.coil) {
      co_await link_->write_coil(c.address, c.value != 0);
      if (c.reset_value) co_await link_->write_coil(c.address, *c.reset_value != 0);
    } else {
      co_await link_->write_register(c.address, c.value);
      if (c.reset_value) co_await link_->write_register(c.address, *c.reset_value);
    }
  };
  co_await commands_.submit(what, std::move(body), timing_.command_timeout);
}

asio::awaitable<void> modbus_scale::zero() { co_await send(profile_.zero, "zero"); }
asio::awaitable<void> modbus_scale::tare() { co_await send(profile_.tare, "tare"); }
asio::awaitable<void> modbus_scale::clear_tare() { co_await send(profile_.clear_tare, "clear tare"); }

void modbus_scale::close() noexcept {
  commands_.set_accepting(false);
  link_->close();
}

std::string modbus_scale::address() const { return endpoint_.address(); }

} // namespace stationd::drivers
