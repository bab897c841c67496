#include "devsim/command_helpers.hpp"
#include "devsim/device_kinds.hpp"
#include "sim/mtsics_scale.hpp"
#include "sim/toledo8213_scale.hpp"

#include <fmt/format.h>

namespace stationd::devsim {
namespace {

class mtsics_device final : public device_commands {
public:
  explicit mtsics_device(const device_settings& s)
      : scale_{{.link = s.link,
                .serial_number = s.serial_number,
                .unit = s.unit.empty() ? "kg" : s.unit,
                .decimals = s.decimals < 0 ? 3 : s.decimals,
                .stability_timeout = s.stability_timeout,
                .repeat_interval = s.repeat_interval}} {
    if (auto logger = traffic_logger(s)) scale_.set_observer(std::move(logger));
  }
  void start() override { scale_.start(); }
  void stop() override { scale_.stop(); }
  std::string where() const override { return scale_.link_path().string(); }

  std::string execute(const sim::command& cmd) override {
    std::string output;
    if (run_scale(scale_, cmd, output) || run_serial_fault(scale_, cmd, output)) return output;
    if (cmd.name == "error") {
      expect_args(cmd, 1, 2, "error ET|EL|ES [<count>]");
      const auto& code = cmd.args[0];
      if (code != "ET" && code != "EL" && code != "ES") throw command_error("error must be ET, EL or ES");
      const auto count = cmd.args.size() > 1 ? to_integer(cmd.args[1], 0, 1'000'000, "count") : 1;
      scale_.answer_next_with(code, static_cast<unsigned>(count));
      return output;
    }
    if (cmd.name == "hw-error") {
      expect_args(cmd, 1, 1, "hw-error <code>|off");
      scale_.set_hardware_error(cmd.args[0] == "off" ? std::nullopt : std::optional<std::string>{cmd.args[0]});
      return output;
    }
    throw command_error("unknown command '" + cmd.name + "' for mt-sics (try help)");
  }

  std::string status() override {
    return fmt::format("mt-sics link={} plugged={} streaming={} {}", scale_.link_path().string(),
                       yes_no(scale_.plugged()), yes_no(scale_.streaming()), describe(scale_.state()));
  }

private:
  sim::mtsics_scale scale_;
};

class toledo8213_device final : public device_commands {
public:
  explicit toledo8213_device(const device_settings& s)
      : scale_{{.link = s.link,
                .decimals = s.decimals < 0 ? 2 : s.decimals,
                .grams = s.grams,
                .parity = s.parity,
                .unit = s.unit.empty() ? (s.grams ? "g" : "lb") : s.unit}},
        parity_{s.parity} {
    if (auto logger = traffic_logger(s)) scale_.set_observer(std::move(logger));
  }
  void start() override { scale_.start(); }
  void stop() override { scale_.stop(); }
  std::string where() const override { return scale_.link_path().string(); }

  std::string execute(const sim::command& cmd) override {
    std::string output;
    if (run_scale(scale_, cmd, output) || run_serial_fault(scale_, cmd, output)) return output;
    if (cmd.name == "parity") {
      expect_args(cmd, 1, 1, "parity on|off");
      parity_ = to_switch(cmd.args[0]);
      scale_.set_parity(parity_);
      return output;
    }
    if (cmd.name == "zero-capture-error") {
      expect_args(cmd, 1, 1, "zero-capture-error on|off");
      scale_.set_zero_capture_error(to_switch(cmd.args[0]));
      return output;
    }
    throw command_error("unknown command '" + cmd.name + "' for toledo-8213 (try help)");
  }

  std::string status() override {
    return fmt::format("toledo-8213 link={} plugged={} parity={} {}", scale_.link_path().string(),
                       yes_no(scale_.plugged()), parity_ ? "even-in-bit7" : "none", describe(scale_.state()));
  }

private:
  sim::toledo8213_scale scale_;
  bool parity_;
};

} // namespace

std::unique_ptr<device_commands> make_mtsics(const device_settings& settings) {
  if (settings.link.empty()) throw command_error("mt-sics needs a link path");
  return std::make_unique<mtsics_device>(settings);
}

std::unique_ptr<device_commands> make_toledo8213(const device_settings& settings) {
  if (settings.link.empty()) throw command_error("toledo-8213 needs a link path");
  return std::make_unique<toledo8213_device>(settings);
}

} // namespace stationd::devsim
