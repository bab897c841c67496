#include "sim/pavone_dat700_map.hpp"

namespace stationd::sim {
namespace {

constexpr auto holding = modbus_table::holding_registers;
constexpr std::uint16_t command_register = 502; // 0503

enum : std::uint16_t { command_zero = 0x0001, command_autotare = 0x0002, command_peak_reset = 0x0003 };

} // namespace

pavone_dat700_map::pavone_dat700_map(const modbus_scale_options& options)
    : modbus_scale{{
                       {holding, 0, 9, false},
                       {holding, 500, 3, true},
                   },
                   options} {
  update([] {});
}

void pavone_dat700_map::render() {
  const auto gross = model_.gross();
  unsigned status = 0;
  if (model_.at_zero()) status |= 1u << 0;
  if (model_.stable) status |= 1u << 1;
  const bool in_zero_band = model_.zero_range ? gross.abs() <= *model_.zero_range : model_.at_zero();
  if (in_zero_band) status |= 1u << 2;
  if (model_.tare_active()) status |= 1u << 3;
  if (model_.underload) status |= 1u << 4;
  if (model_.overload) status |= 1u << 5;
  if (model_.overload || model_.underload) status |= 1u << 6;
  set_reg(holding, 0, static_cast<std::uint16_t>(status));
  set_u32(holding, 1, signed_counts(gross));
  set_u32(holding, 3, signed_counts(model_.net()));
  set_u32(holding, 5, signed_counts(model_.peak));
  set_reg(holding, 7, 0);
  set_reg(holding, 8, 0);
  set_reg(holding, command_register, 0);
}

void pavone_dat700_map::written(const modbus_request& request) {
  const unsigned first = request.address;
  if (command_register < first || command_register >= first + request.count) return;
  switch (request.values[command_register - first]) {
  case command_zero: model_.zero(); break;
  case command_autotare: model_.take_tare(); break;
  case command_peak_reset: model_.peak = model_.gross(); break;
  default: break;
  }
}

} // namespace stationd::sim
