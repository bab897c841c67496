#include "light/relay_light.hpp"

#include "core/timeouts.hpp"

#include <boost/asio/as_tuple.hpp>

#include <algorithm>

namespace stationd::drivers {

namespace asio = boost::asio;

namespace {

constexpr std::chrono::milliseconds flash_half_period{500};

bool lit(lamp l, bool phase) { return l == lamp::on || (l == lamp::flash && phase); }

} // namespace

relay_light::relay_light(const driver_context& context)
    : context_{context}, endpoint_{modbus_endpoint::from(context.device.settings, context.device.io_timeout)},
      red_coil_{static_cast<int>(context.device.settings.get_int("red_coil"))},
      amber_coil_{static_cast<int>(context.device.settings.get_int("amber_coil"))},
      green_coil_{static_cast<int>(context.device.settings.get_int("green_coil"))},
      buzzer_coil_{static_cast<int>(context.device.settings.get_int("buzzer_coil"))}, wake_{context.executor} {
  link_ = std::make_unique<modbus_link>(context_.executor, endpoint_);
}

asio::awaitable<void> relay_light::open() {
  shown_.reset();
  co_await link_->connect();
}

asio::awaitable<std::string> relay_light::identify() {
  // Read the coils this device uses: a 4-relay module has no coil 7.
  const int highest = std::max({red_coil_, amber_coil_, green_coil_, buzzer_coil_, 0});
  (void)co_await link_->read_coils(0, highest + 1);
  co_return std::string{"Modbus relay module"};
}

asio::awaitable<void> relay_light::apply(light_pattern pattern, bool phase) {
  const std::pair<int, bool> coils[] = {{red_coil_, lit(pattern.red, phase)},
                                        {amber_coil_, lit(pattern.amber, phase)},
                                        {green_coil_, lit(pattern.green, phase)},
                                        {buzzer_coil_, pattern.buzzer}};
  for (const auto& [coil, on] : coils) {
    if (coil >= 0) co_await link_->write_coil(coil, on);
  }
  shown_ = pattern;
}

asio::awaitable<void> relay_light::configure() {
  phase_ = true;
  co_await apply(desired_, phase_);
}

asio::awaitable<void> relay_light::run() {
  for (;;) {
    if (shown_ != desired_) {
      phase_ = true;
      co_await apply(desired_, phase_);
      continue;
    }
    const bool flashing = desired_.red == lamp::flash || desired_.amber == lamp::flash || desired_.green == lamp::flash;
    wake_.expires_after(flash_half_period);
    const auto [ec] = co_await wake_.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) continue; // show() woke us: apply the new pattern
    if (flashing) {
      phase_ = !phase_;
      co_await apply(desired_, phase_);
    } else {
      (void)co_await link_->read_coils(0, 1); // notices a module that is gone
    }
  }
}

void relay_light::show(light_pattern pattern) {
  desired_ = pattern;
  wake_.cancel();
}

void relay_light::close() noexcept {
  shown_.reset();
  link_->close();
}

std::string relay_light::address() const { return endpoint_.address(); }

} // namespace stationd::drivers
