#include "sim/relay_module.hpp"

namespace stationd::sim {
namespace {
constexpr auto coil_table = modbus_table::coils;
constexpr std::uint16_t toggle_value = 0x5500;
} // namespace

relay_module::relay_module() : relay_module{options{}} {}

relay_module::relay_module(options opts)
    : modbus_slave{{{coil_table, 0, opts.relays, true}}}, options_{opts}, coils_(opts.relays, false) {
  update([] {});
}

std::vector<bool> relay_module::coils() const {
  return inspect([this] { return coils_; });
}

bool relay_module::coil(std::uint16_t index) const {
  return inspect([this, index] { return index < coils_.size() && coils_[index]; });
}

std::optional<std::vector<std::uint8_t>> relay_module::answer_specially(const modbus_request& request) {
  if (!options_.toggle || request.function != modbus_function::write_single_coil || request.malformed ||
      request.values.front() != toggle_value)
    return std::nullopt;
  if (request.address >= coils_.size())
    return exception_pdu(request.function, modbus_exception::illegal_data_address);
  coils_[request.address] = !coils_[request.address];
  return request.pdu; // the reply echoes the request
}

void relay_module::render() {
  for (std::uint16_t i = 0; i < coils_.size(); ++i) set_bit(coil_table, i, coils_[i]);
}

void relay_module::written(const modbus_request& request) {
  for (std::uint16_t i = 0; i < request.count; ++i) {
    const auto address = static_cast<std::uint16_t>(request.address + i);
    coils_[address] = bit(coil_table, address);
  }
}

} // namespace stationd::sim
