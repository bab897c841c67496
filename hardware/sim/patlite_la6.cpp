#include "sim/patlite_la6.hpp"

namespace stationd::sim {
namespace {

constexpr auto holding = modbus_table::holding_registers;
constexpr auto inputs = modbus_table::discrete_inputs;

enum : std::uint16_t {
  reg_tier1 = 0,
  reg_tier5 = 4,
  reg_buzzer = 5,
  reg_smart = 6,
  reg_clear = 7,
  reg_mute = 8,
  reg_stop = 9,
  reg_pulse = 10,
};

constexpr std::uint8_t no_change = 0x09;

bool valid(std::uint16_t address, std::uint16_t value) {
  const unsigned high = value >> 8;
  const unsigned low = value & 0xff;
  if (address <= reg_smart) {
    if (high > 1) return false;
    if (address <= reg_tier5) return low <= 0x02 || low == no_change;
    if (address == reg_buzzer) return low <= 0x03;
    return low <= 0x1f;
  }
  // Clear, mute, STOP and pulse take no control flag.
  return high == 0 && low <= 1;
}

} // namespace

patlite_la6::patlite_la6()
    : modbus_slave{{
          {holding, 0, 11, true},
          {inputs, 0, 8, false},
      }} {
  update([] {});
}

patlite_la6::state patlite_la6::snapshot() const {
  return inspect([this] { return state_; });
}

void patlite_la6::set_input(int number, bool closed) {
  if (number < 1 || number > 8) return;
  update([&] { state_.inputs[static_cast<std::size_t>(number - 1)] = closed; });
}

bool patlite_la6::supports(std::uint8_t function) const {
  namespace fc = modbus_function;
  return function == fc::read_discrete_inputs || function == fc::read_holding_registers ||
         function == fc::write_single_register || function == fc::write_multiple_registers ||
         function == fc::diagnostics;
}

std::optional<std::uint8_t> patlite_la6::check_values(const modbus_request& request) const {
  if (request.table != holding || !request.write) return std::nullopt;
  for (std::size_t i = 0; i < request.values.size(); ++i) {
    if (!valid(static_cast<std::uint16_t>(request.address + i), request.values[i]))
      return modbus_exception::illegal_data_value;
  }
  return std::nullopt;
}

std::optional<std::vector<std::uint8_t>> patlite_la6::answer_specially(const modbus_request& request) {
  if (request.function != modbus_function::diagnostics) return std::nullopt;
  const auto& pdu = request.pdu;
  if (pdu.size() != 5) return exception_pdu(request.function, modbus_exception::illegal_data_value);
  if (pdu[1] != 0 || pdu[2] != 0) return exception_pdu(request.function, modbus_exception::illegal_function);
  return std::vector<std::uint8_t>{modbus_function::diagnostics, 0x00, 0x00, 0x00, 0x01};
}

void patlite_la6::render() {
  for (std::uint16_t i = 0; i < 5; ++i) set_reg(holding, static_cast<std::uint16_t>(reg_tier1 + i), state_.tiers[i]);
  set_reg(holding, reg_buzzer, state_.buzzer);
  set_reg(holding, reg_smart, state_.smart_group);
  set_reg(holding, reg_clear, 0);
  set_reg(holding, reg_mute, state_.muted ? 1 : 0);
  set_reg(holding, reg_stop, state_.stopped ? 1 : 0);
  set_reg(holding, reg_pulse, 0);
  for (std::uint16_t i = 0; i < 8; ++i) set_bit(inputs, i, state_.inputs[i]);
}

void patlite_la6::written(const modbus_request& request) {
  bool clear = false;
  for (std::size_t i = 0; i < request.values.size(); ++i) {
    const auto address = static_cast<std::uint16_t>(request.address + i);
    const auto value = request.values[i];
    const bool control = (value >> 8) == 1;
    const auto low = static_cast<std::uint8_t>(value & 0xff);
    if (address <= reg_tier5) {
      if (control && low != no_change) state_.tiers[address] = low;
    } else if (address == reg_buzzer) {
      if (control) state_.buzzer = low;
    } else if (address == reg_smart) {
      if (control) state_.smart_group = low;
    } else if (address == reg_clear) {
      clear = clear || low == 1;
    } else if (address == reg_mute) {
      state_.muted = low == 1;
    } else if (address == reg_stop) {
      state_.stopped = low == 1;
    } else if (address == reg_pulse) {
      if (low == 1) ++state_.pulses;
    }
  }
  // Clear wins over whatever else the same request set.
  if (clear) {
    state_.tiers = {};
    state_.buzzer = 0;
    state_.smart_group = 0;
  }
}

} // namespace stationd::sim
