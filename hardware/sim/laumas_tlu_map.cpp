#include "sim/laumas_tlu_map.hpp"

namespace stationd::sim {
namespace {

constexpr auto holding = modbus_table::holding_registers;
constexpr std::uint16_t command_register = 5; // 40006

} // namespace

laumas_tlu_map::laumas_tlu_map(const modbus_scale_options& options)
    : modbus_scale{{
                       {holding, 0, 5, false},
                       {holding, 5, 1, true},
                       {holding, 6, 8, false},
                       {holding, 16, 6, true},
                   },
                   options} {
  update([] {});
}

void laumas_tlu_map::render() {
  set_reg(holding, 0, 0x0100);
  set_reg(holding, 1, 1);
  set_reg(holding, 2, 2024);
  set_reg(holding, 3, 12345);
  set_reg(holding, 4, 0);
  set_reg(holding, command_register, 0);

  const auto gross = model_.gross();
  const auto net = model_.net();
  unsigned status = 0;
  if (model_.overload) status |= (1u << 2) | (1u << 3);
  if (gross.counts(model_.decimals) < 0) status |= 1u << 7;
  if (net.counts(model_.decimals) < 0) status |= 1u << 8;
  if (model_.peak.counts(model_.decimals) < 0) status |= 1u << 9;
  if (net_mode_) status |= 1u << 10;
  if (model_.stable) status |= 1u << 11;
  if (model_.at_zero()) status |= 1u << 12;
  set_reg(holding, 6, static_cast<std::uint16_t>(status));
  set_u32(holding, 7, magnitude(gross));
  set_u32(holding, 9, magnitude(net));
  set_u32(holding, 11, magnitude(model_.peak));
  set_reg(holding, 13, 0);
}

void laumas_tlu_map::written(const modbus_request& request) {
  const unsigned first = request.address;
  if (command_register < first || command_register >= first + request.count) return;
  const std::uint16_t code = request.values[command_register - first];
  if (code == options_.laumas_tare_code) {
    if (model_.take_tare() == refusal::none) net_mode_ = true;
  } else if (code == options_.laumas_zero_code) {
    if (model_.zero() == refusal::none) net_mode_ = false;
  } else if (code == options_.laumas_gross_code) {
    net_mode_ = false;
    model_.clear_tare();
  }
}

} // namespace stationd::sim
