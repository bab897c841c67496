#include "sim/flintec_dad141_map.hpp"

#include <bit>

namespace stationd::sim {
namespace {

constexpr auto holding = modbus_table::holding_registers;
constexpr std::uint16_t command_register = 0x2061;

} // namespace

flintec_dad141_map::flintec_dad141_map(const modbus_scale_options& options)
    : modbus_scale{{
                       {holding, 0x2000, 4, false},
                       {holding, 0x2008, 2, false},
                       {holding, 0x2020, 4, false},
                       {holding, 0x2028, 4, false},
                       {holding, 0x2030, 2, false},
                       {holding, 0x2034, 2, false},
                       {holding, 0x2060, 1, false},
                       {holding, command_register, 1, true},
                       {holding, 0x3300, 5, false},
                       {holding, 0x3500, 5, false},
                   },
                   options} {
  update([] {});
}

void flintec_dad141_map::set_float(std::uint16_t address, decimal value) {
  const auto bits = std::bit_cast<std::uint32_t>(static_cast<float>(value.to_double()));
  set_u32(holding, address, bits, options_.high_word_first);
}

std::uint16_t flintec_dad141_map::qualifier() const {
  unsigned q = 0;
  if (model_.underload) q |= 0x0001;
  if (model_.overload) q |= 0x0002;
  if (model_.stable) q |= 0x0010;
  if (model_.tare_active()) q |= 0x0020;
  return static_cast<std::uint16_t>(q);
}

void flintec_dad141_map::render() {
  const bool hw = options_.high_word_first;
  const auto gross = model_.gross();
  const auto net = model_.net();
  set_float(0x2000, gross);
  set_float(0x2002, net);
  set_float(0x2008, gross);
  set_u32(holding, 0x2020, signed_counts(gross), hw);
  set_u32(holding, 0x2022, signed_counts(net), hw);
  set_u32(holding, 0x2028, signed_counts(gross), hw);
  set_u32(holding, 0x202A, signed_counts(model_.load), hw);
  set_u32(holding, 0x2030, 0, hw);
  set_u32(holding, 0x2034, 141001, hw);
  set_reg(holding, 0x2060, qualifier());
  set_reg(holding, command_register, 0);
  set_u32(holding, 0x3300, signed_counts(gross), hw);
  set_u32(holding, 0x3302, signed_counts(net), hw);
  set_reg(holding, 0x3304, qualifier());
  set_float(0x3500, gross);
  set_float(0x3502, net);
  set_reg(holding, 0x3504, qualifier());
}

void flintec_dad141_map::written(const modbus_request& request) {
  if (request.address != command_register) return;
  const auto bits = request.values.front();
  if (bits & 0x01) {
    model_.zero_point = decimal{};
    model_.clear_tare();
  }
  if (bits & 0x02) model_.zero();
  if (bits & 0x04) model_.clear_tare();
  if (bits & 0x08) model_.take_tare();
  if (bits & 0x10) model_.peak = model_.gross();
}

} // namespace stationd::sim
