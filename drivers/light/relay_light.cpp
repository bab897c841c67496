#include "light/relay_light.hpp"

#include "core/timeouts.hpp"

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
      buzzer_coil_{static_cast<int>(context.device.settings.get_int("buzzer_coil"))} {}

asio::awaitable<void> relay_light::open() {
  link_ = std::make_unique<modbus_link>(context_.executor, endpoint_);
  co_await link_->connect();
}

asio::awaitable<std::string> relay_light::identify() {
  (void)co_await link_->read_coils(0, 8);
  co_return std::string{"Modbus relay module"};
}

asio::awaitable<void> relay_light::apply(bool phase) {
  const std::pair<int, bool> coils[] = {{red_coil_, lit(desired_.red, phase)},
                                        {amber_coil_, lit(desired_.amber, phase)},
                                        {green_coil_, lit(desired_.green, phase)},
                                        {buzzer_coil_, desired_.buzzer}};
  for (const auto& [coil, on] : coils) {
    if (coil >= 0) co_await link_->write_coil(coil, on);
  }
}

asio::awaitable<void> relay_light::configure() {
  co_await apply(true);
  online_ = true;
}

asio::awaitable<void> relay_light::run() {
  for (;;) {
    co_await sleep_for(flash_half_period);
    const bool flashing = desired_.red == lamp::flash || desired_.amber == lamp::flash || desired_.green == lamp::flash;
    if (flashing) {
      phase_ = !phase_;
      co_await apply(phase_);
    } else {
      (void)co_await link_->read_coils(0, 1); // notices a module that is gone
    }
  }
}

asio::awaitable<void> relay_light::show(light_pattern pattern) {
  desired_ = pattern;
  phase_ = true;
  if (!online_) co_return;
  co_await apply(true);
}

void relay_light::close() noexcept {
  online_ = false;
  if (link_) link_->close();
}

std::string relay_light::address() const { return endpoint_.address(); }

} // namespace stationd::drivers
