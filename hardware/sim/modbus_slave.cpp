#include "sim/modbus_slave.hpp"

#include <algorithm>
#include <cerrno>
#include <new>
#include <stdexcept>
#include <utility>

namespace stationd::sim {
namespace {

struct span_of {
  unsigned start = 0;
  unsigned count = 0;
};

span_of extent(const std::vector<modbus_block>& layout, modbus_table table) {
  unsigned low = 0x10000;
  unsigned high = 0;
  for (const auto& block : layout) {
    if (block.table != table || block.count == 0) continue;
    low = std::min<unsigned>(low, block.first);
    high = std::max<unsigned>(high, block.first + block.count);
  }
  if (high == 0) return {};
  return {low, high - low};
}

} // namespace

modbus_slave::modbus_slave(std::vector<modbus_block> layout) : layout_{std::move(layout)} {
  const auto coils = extent(layout_, modbus_table::coils);
  const auto inputs = extent(layout_, modbus_table::discrete_inputs);
  const auto holding = extent(layout_, modbus_table::holding_registers);
  const auto input_registers = extent(layout_, modbus_table::input_registers);
  image_ = modbus_mapping_new_start_address(coils.start, coils.count, inputs.start, inputs.count, holding.start,
                                            holding.count, input_registers.start, input_registers.count);
  if (image_ == nullptr) throw std::bad_alloc{};
}

modbus_slave::~modbus_slave() { modbus_mapping_free(image_); }

void modbus_slave::inject_exception(std::uint8_t code, unsigned count) {
  std::lock_guard lock{mutex_};
  exception_code_ = code;
  exceptions_left_ = count;
}

void modbus_slave::set_reply_delay(std::chrono::milliseconds delay) {
  std::lock_guard lock{mutex_};
  delay_ = delay;
}

void modbus_slave::set_silent(bool silent, std::chrono::milliseconds duration) {
  std::lock_guard lock{mutex_};
  silent_ = silent && duration.count() <= 0;
  silent_until_ = (silent && duration.count() > 0) ? std::chrono::steady_clock::now() + duration
                                                   : std::chrono::steady_clock::time_point{};
}

void modbus_slave::clear_faults() {
  std::lock_guard lock{mutex_};
  exceptions_left_ = 0;
  delay_ = {};
  silent_ = false;
  silent_until_ = {};
}

unsigned modbus_slave::requests_seen() const {
  std::lock_guard lock{mutex_};
  return requests_;
}

void modbus_slave::set_request_observer(std::function<void(const modbus_request&)> observer) {
  std::lock_guard lock{mutex_};
  observer_ = std::move(observer);
}

modbus_slave::plan modbus_slave::accept(std::uint8_t unit, std::span<const std::uint8_t> pdu, bool check_unit) {
  std::lock_guard lock{mutex_};
  ++requests_;
  if (observer_) observer_(decode_request(unit, pdu));
  plan decision;
  if (check_unit && !accepts_unit(unit)) {
    decision.answer = false;
    return decision;
  }
  if (silent_ || std::chrono::steady_clock::now() < silent_until_) {
    decision.answer = false;
    return decision;
  }
  if (exceptions_left_ > 0) {
    --exceptions_left_;
    decision.exception = exception_code_;
  }
  decision.delay = delay_;
  return decision;
}

void modbus_slave::answer(modbus_t* ctx, std::span<const std::uint8_t> adu, std::uint8_t unit,
                          std::span<const std::uint8_t> pdu, const plan& decision,
                          const std::function<void(std::span<const std::uint8_t>)>& send_pdu) {
  std::lock_guard lock{mutex_};
  if (pdu.empty()) return;
  if (decision.exception) {
    modbus_reply_exception(ctx, adu.data(), *decision.exception);
    return;
  }
  const auto request = decode_request(unit, pdu);
  if (!supports(request.function)) {
    modbus_reply_exception(ctx, adu.data(), modbus_exception::illegal_function);
    return;
  }
  if (auto special = answer_specially(request)) {
    render();
    send_pdu(*special);
    return;
  }
  if (request.standard) {
    if (const auto code = check(request)) {
      modbus_reply_exception(ctx, adu.data(), *code);
      return;
    }
  }
  render();
  modbus_reply(ctx, adu.data(), static_cast<int>(adu.size()), image_);
  if (request.standard && request.write) {
    written(request);
    render();
  }
}

bool modbus_slave::supports(std::uint8_t function) const {
  namespace fc = modbus_function;
  const auto has = [this](modbus_table table, bool writable) {
    return std::any_of(layout_.begin(), layout_.end(), [&](const modbus_block& block) {
      return block.table == table && (!writable || block.writable);
    });
  };
  switch (function) {
  case fc::read_coils: return has(modbus_table::coils, false);
  case fc::read_discrete_inputs: return has(modbus_table::discrete_inputs, false);
  case fc::read_holding_registers: return has(modbus_table::holding_registers, false);
  case fc::read_input_registers: return has(modbus_table::input_registers, false);
  case fc::write_single_coil:
  case fc::write_multiple_coils: return has(modbus_table::coils, true);
  case fc::write_single_register:
  case fc::write_multiple_registers: return has(modbus_table::holding_registers, true);
  default: return false;
  }
}

std::optional<std::uint8_t> modbus_slave::check(const modbus_request& request) const {
  namespace fc = modbus_function;
  if (request.malformed) return modbus_exception::illegal_data_value;
  // Quantity first, then address, then value: the order of the Modbus specification's
  // request-processing diagrams.
  std::uint16_t max_count = 0;
  switch (request.function) {
  case fc::read_coils:
  case fc::read_discrete_inputs: max_count = MODBUS_MAX_READ_BITS; break;
  case fc::read_holding_registers:
  case fc::read_input_registers: max_count = std::min<std::uint16_t>(MODBUS_MAX_READ_REGISTERS, max_read_registers()); break;
  case fc::write_multiple_coils: max_count = MODBUS_MAX_WRITE_BITS; break;
  case fc::write_multiple_registers: max_count = MODBUS_MAX_WRITE_REGISTERS; break;
  default: max_count = 1; break;
  }
  if (request.count == 0 || request.count > max_count) return modbus_exception::illegal_data_value;
  if (!in_layout(request.table, request.address, request.count, request.write))
    return modbus_exception::illegal_data_address;
  if (request.function == fc::write_single_coil && request.values[0] != 0xff00 && request.values[0] != 0x0000)
    return modbus_exception::illegal_data_value;
  return check_values(request);
}

bool modbus_slave::in_layout(modbus_table table, std::uint16_t address, std::uint16_t count, bool for_write) const {
  for (unsigned a = address; a < static_cast<unsigned>(address) + count; ++a) {
    const bool covered = std::any_of(layout_.begin(), layout_.end(), [&](const modbus_block& block) {
      return block.table == table && a >= block.first && a < static_cast<unsigned>(block.first) + block.count &&
             (!for_write || block.writable);
    });
    if (!covered) return false;
  }
  return true;
}

std::uint16_t modbus_slave::reg(modbus_table table, std::uint16_t address) const {
  if (table == modbus_table::holding_registers) return image_->tab_registers[address - image_->start_registers];
  if (table == modbus_table::input_registers)
    return image_->tab_input_registers[address - image_->start_input_registers];
  throw std::logic_error("reg() on a bit table");
}

void modbus_slave::set_reg(modbus_table table, std::uint16_t address, std::uint16_t value) {
  if (table == modbus_table::holding_registers) {
    image_->tab_registers[address - image_->start_registers] = value;
  } else if (table == modbus_table::input_registers) {
    image_->tab_input_registers[address - image_->start_input_registers] = value;
  } else {
    throw std::logic_error("set_reg() on a bit table");
  }
}

bool modbus_slave::bit(modbus_table table, std::uint16_t address) const {
  if (table == modbus_table::coils) return image_->tab_bits[address - image_->start_bits] != 0;
  if (table == modbus_table::discrete_inputs) return image_->tab_input_bits[address - image_->start_input_bits] != 0;
  throw std::logic_error("bit() on a register table");
}

void modbus_slave::set_bit(modbus_table table, std::uint16_t address, bool value) {
  const std::uint8_t v = value ? 1 : 0;
  if (table == modbus_table::coils) {
    image_->tab_bits[address - image_->start_bits] = v;
  } else if (table == modbus_table::discrete_inputs) {
    image_->tab_input_bits[address - image_->start_input_bits] = v;
  } else {
    throw std::logic_error("set_bit() on a register table");
  }
}

void modbus_slave::set_u32(modbus_table table, std::uint16_t address, std::uint32_t value, bool high_word_first) {
  const auto high = static_cast<std::uint16_t>(value >> 16);
  const auto low = static_cast<std::uint16_t>(value & 0xffff);
  set_reg(table, address, high_word_first ? high : low);
  set_reg(table, static_cast<std::uint16_t>(address + 1), high_word_first ? low : high);
}

std::uint32_t modbus_slave::u32(modbus_table table, std::uint16_t address, bool high_word_first) const {
  const std::uint32_t first = reg(table, address);
  const std::uint32_t second = reg(table, static_cast<std::uint16_t>(address + 1));
  return high_word_first ? (first << 16 | second) : (second << 16 | first);
}

} // namespace stationd::sim
