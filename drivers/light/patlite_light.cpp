#include "light/patlite_light.hpp"

#include "core/timeouts.hpp"

#include <boost/asio/as_tuple.hpp>
#include <fmt/format.h>

namespace stationd::drivers {

namespace asio = boost::asio;

namespace {

constexpr std::uint16_t control = 0x0100; // high byte 0x01: "control this unit"
constexpr std::chrono::seconds health_interval{2};

std::uint16_t tier_value(lamp l) {
  switch (l) {
  case lamp::off: return control | 0x00;
  case lamp::on: return control | 0x01;
  case lamp::flash: return control | 0x02;
  }
  return control;
}

} // namespace

patlite_light::patlite_light(const driver_context& context)
    : context_{context}, endpoint_{}, red_tier_{static_cast<int>(context.device.settings.get_int("red_tier"))},
      amber_tier_{static_cast<int>(context.device.settings.get_int("amber_tier"))},
      green_tier_{static_cast<int>(context.device.settings.get_int("green_tier"))},
      buzzer_pattern_{static_cast<int>(context.device.settings.get_int("buzzer_pattern"))}, wake_{context.executor} {
  const auto& d = context.device.settings;
  endpoint_.transport = "tcp";
  endpoint_.host = d.get_string("host");
  endpoint_.tcp_port = static_cast<int>(d.get_int("tcp_port"));
  endpoint_.unit_id = static_cast<int>(d.get_int("unit_id"));
  endpoint_.timeout = context.device.io_timeout;
  link_ = std::make_unique<modbus_link>(context_.executor, endpoint_);
}

std::vector<std::uint16_t> patlite_light::registers_for(const light_pattern& p, int red_tier, int amber_tier,
                                                        int green_tier, int buzzer_pattern) {
  std::vector<std::uint16_t> regs(6, control | 0x00); // every tier off unless set below
  regs[static_cast<std::size_t>(red_tier - 1)] = tier_value(p.red);
  regs[static_cast<std::size_t>(amber_tier - 1)] = tier_value(p.amber);
  regs[static_cast<std::size_t>(green_tier - 1)] = tier_value(p.green);
  regs[5] = static_cast<std::uint16_t>(control | (p.buzzer && buzzer_pattern > 0 ? buzzer_pattern : 0));
  return regs;
}

asio::awaitable<void> patlite_light::open() {
  shown_.reset();
  co_await link_->connect();
}

asio::awaitable<std::string> patlite_light::identify() {
  (void)co_await link_->read_registers(0, 6, false);
  co_return std::string{"Patlite signal tower"};
}

asio::awaitable<void> patlite_light::write(light_pattern p) {
  auto registers = registers_for(p, red_tier_, amber_tier_, green_tier_, buzzer_pattern_);
  co_await link_->write_registers(0, std::move(registers));
  shown_ = p;
}

asio::awaitable<void> patlite_light::configure() { co_await write(desired_); }

asio::awaitable<void> patlite_light::run() {
  for (;;) {
    if (shown_ != desired_) {
      const auto wanted = desired_;
      co_await write(wanted);
      continue;
    }
    // Woken by show(); otherwise a periodic read notices a tower that is gone
    // (nothing ever arrives from a tower by itself).
    wake_.expires_after(health_interval);
    const auto [ec] = co_await wake_.async_wait(asio::as_tuple(asio::use_awaitable));
    if (!ec) (void)co_await link_->read_registers(0, 6, false);
  }
}

void patlite_light::show(light_pattern pattern) {
  desired_ = pattern;
  wake_.cancel();
}

void patlite_light::close() noexcept {
  shown_.reset();
  link_->close();
}

std::string patlite_light::address() const { return endpoint_.address(); }

} // namespace stationd::drivers
