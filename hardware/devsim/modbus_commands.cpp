#include "devsim/command_helpers.hpp"
#include "devsim/device_kinds.hpp"
#include "sim/modbus_scale.hpp"
#include "sim/patlite_la6.hpp"
#include "sim/relay_module.hpp"

#include <fmt/format.h>

namespace stationd::devsim {
namespace {

class modbus_scale_device final : public device_commands {
public:
  modbus_scale_device(std::unique_ptr<sim::modbus_scale> scale, const device_settings& s)
      : scale_{std::move(scale)}, transport_{*scale_, s} {
    log_modbus_requests(*scale_, s);
  }
  ~modbus_scale_device() override { transport_.stop(); }
  void start() override { transport_.start(); }
  void stop() override { transport_.stop(); }
  std::string where() const override { return transport_.where(); }

  std::string execute(const sim::command& cmd) override {
    std::string output;
    if (run_scale(*scale_, cmd, output) || run_modbus_fault(*scale_, cmd, output) || transport_.run(cmd, output))
      return output;
    throw command_error("unknown command '" + cmd.name + "' for modbus-scale (try help)");
  }

  std::string status() override {
    return fmt::format("modbus-scale map={} {} {}", scale_->name(), transport_.status(), describe(scale_->state()));
  }

private:
  std::unique_ptr<sim::modbus_scale> scale_;
  modbus_transport transport_;
};

std::string led_name(std::uint8_t state) {
  switch (state) {
  case sim::patlite_la6::led_off: return "off";
  case sim::patlite_la6::led_on: return "on";
  case sim::patlite_la6::led_flashing: return "flashing";
  default: return std::to_string(state);
  }
}

class patlite_device final : public device_commands {
public:
  explicit patlite_device(const device_settings& s) : transport_{light_, s} { log_modbus_requests(light_, s); }
  ~patlite_device() override { transport_.stop(); }
  void start() override { transport_.start(); }
  void stop() override { transport_.stop(); }
  std::string where() const override { return transport_.where(); }

  std::string execute(const sim::command& cmd) override {
    std::string output;
    if (run_modbus_fault(light_, cmd, output) || transport_.run(cmd, output)) return output;
    if (cmd.name == "input") {
      expect_args(cmd, 2, 2, "input <1-8> on|off");
      light_.set_input(static_cast<int>(to_integer(cmd.args[0], 1, 8, "input")), to_switch(cmd.args[1]));
      return output;
    }
    throw command_error("unknown command '" + cmd.name + "' for modbus-light patlite-la6 (try help)");
  }

  std::string status() override {
    const auto s = light_.snapshot();
    std::string tiers;
    for (std::size_t i = 0; i < s.tiers.size(); ++i) tiers += fmt::format(" {}:{}", i + 1, led_name(s.tiers[i]));
    return fmt::format("patlite-la6 {} tiers{} buzzer={} smart={} mute={} stop={} pulses={}", transport_.status(),
                       tiers, s.buzzer, s.smart_group, yes_no(s.muted), yes_no(s.stopped), s.pulses);
  }

private:
  sim::patlite_la6 light_;
  modbus_transport transport_;
};

class relay_device final : public device_commands {
public:
  explicit relay_device(const device_settings& s)
      : relays_{{.relays = 8, .toggle = s.toggle, .unit_id = std::nullopt}}, transport_{relays_, s} {
    log_modbus_requests(relays_, s);
  }
  ~relay_device() override { transport_.stop(); }
  void start() override { transport_.start(); }
  void stop() override { transport_.stop(); }
  std::string where() const override { return transport_.where(); }

  std::string execute(const sim::command& cmd) override {
    std::string output;
    if (run_modbus_fault(relays_, cmd, output) || transport_.run(cmd, output)) return output;
    throw command_error("unknown command '" + cmd.name + "' for modbus-light relay (try help)");
  }

  std::string status() override {
    std::string coils;
    for (const bool on : relays_.coils()) coils += on ? '1' : '0';
    return fmt::format("relay {} coils={} (coil 0 first)", transport_.status(), coils);
  }

private:
  sim::relay_module relays_;
  modbus_transport transport_;
};

} // namespace

std::unique_ptr<device_commands> make_modbus_scale(const device_settings& settings) {
  const auto map = sim::parse_scale_map(settings.map.empty() ? "dini-dgt4x" : settings.map);
  if (!map) {
    std::string names;
    for (const auto name : sim::scale_map_names()) names += fmt::format(" {}", name);
    throw command_error("unknown scale map '" + settings.map + "'; known:" + names);
  }
  sim::modbus_scale_options options;
  if (settings.decimals >= 0) options.decimals = settings.decimals;
  if (!settings.unit.empty()) options.unit = settings.unit;
  return std::make_unique<modbus_scale_device>(sim::modbus_scale::make(*map, options), settings);
}

std::unique_ptr<device_commands> make_modbus_light(const device_settings& settings) {
  const auto& map = settings.map.empty() ? std::string{"patlite-la6"} : settings.map;
  if (map == "patlite-la6") return std::make_unique<patlite_device>(settings);
  if (map == "relay") return std::make_unique<relay_device>(settings);
  throw command_error("unknown light map '" + map + "'; known: patlite-la6 relay");
}

} // namespace stationd::devsim
