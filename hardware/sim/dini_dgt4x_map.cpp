#include "sim/dini_dgt4x_map.hpp"

namespace stationd::sim {
namespace {

constexpr auto input = modbus_table::input_registers;
constexpr auto holding = modbus_table::holding_registers;

constexpr std::uint16_t command_register = 0;   // 40001
constexpr std::uint16_t parameter_register = 1; // 40002–40003

enum : std::uint16_t { command_none = 0, command_zero = 1, command_tare = 2, command_preset_tare = 3 };

} // namespace

dini_dgt4x_map::dini_dgt4x_map(const modbus_scale_options& options)
    : modbus_scale{{
                       {input, 0, 7, false},
                       {holding, 0, 3, true},
                       {holding, 100, 7, false},
                   },
                   options} {
  update([] {});
}

std::uint16_t dini_dgt4x_map::last_command() const {
  return inspect([this] { return command_; });
}

void dini_dgt4x_map::render() {
  const auto gross = model_.gross();
  const auto net = model_.net();
  set_u32(input, 0, magnitude(gross));
  set_u32(input, 2, magnitude(net));
  unsigned status = 0;
  if (net.counts(model_.decimals) < 0) status |= 1u << 0;
  if (gross.counts(model_.decimals) < 0) status |= 1u << 1;
  if (model_.stable) status |= 1u << 2;
  if (model_.underload) status |= 1u << 3;
  if (model_.overload) status |= 1u << 4;
  if (model_.tare_active() && !model_.preset_tare) status |= 1u << 5;
  if (model_.tare_active() && model_.preset_tare) status |= 1u << 6;
  if (model_.at_zero()) status |= 1u << 7;
  set_reg(input, 4, static_cast<std::uint16_t>(status));
  set_reg(input, 5, 0);
  set_reg(input, 6, 0);

  set_u32(holding, 100, magnitude(gross));
  set_u32(holding, 102, magnitude(net));
  set_u32(holding, 104, magnitude(model_.tare));
  set_reg(holding, 106, 0);
}

void dini_dgt4x_map::written(const modbus_request& request) {
  const unsigned first = request.address;
  const unsigned last = first + request.count;
  if (command_register < first || command_register >= last) return;
  const std::uint16_t code = reg(holding, command_register);
  const bool changed = code != command_;
  command_ = code;
  if (!changed) return;
  switch (code) {
  case command_zero: model_.zero(); break;
  case command_tare: model_.take_tare(); break;
  case command_preset_tare: model_.set_preset_tare(from_counts(u32(holding, parameter_register))); break;
  case command_none:
  default: break;
  }
}

} // namespace stationd::sim
