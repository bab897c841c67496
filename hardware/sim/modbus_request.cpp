#include "sim/modbus_request.hpp"

#include <fmt/format.h>

namespace stationd::sim {
namespace {

std::uint16_t word(std::span<const std::uint8_t> pdu, std::size_t at) {
  return static_cast<std::uint16_t>((pdu[at] << 8) | pdu[at + 1]);
}

} // namespace

modbus_request decode_request(std::uint8_t unit, std::span<const std::uint8_t> pdu) {
  modbus_request request;
  request.unit = unit;
  request.pdu.assign(pdu.begin(), pdu.end());
  if (pdu.empty()) {
    request.malformed = true;
    return request;
  }
  request.function = pdu[0];
  namespace fc = modbus_function;
  switch (request.function) {
  case fc::read_coils:
  case fc::read_discrete_inputs:
  case fc::read_holding_registers:
  case fc::read_input_registers:
    request.standard = true;
    request.table = request.function == fc::read_coils               ? modbus_table::coils
                    : request.function == fc::read_discrete_inputs   ? modbus_table::discrete_inputs
                    : request.function == fc::read_holding_registers ? modbus_table::holding_registers
                                                                     : modbus_table::input_registers;
    if (pdu.size() < 5) {
      request.malformed = true;
      break;
    }
    request.address = word(pdu, 1);
    request.count = word(pdu, 3);
    break;
  case fc::write_single_coil:
  case fc::write_single_register:
    request.standard = true;
    request.write = true;
    request.table = request.function == fc::write_single_coil ? modbus_table::coils : modbus_table::holding_registers;
    if (pdu.size() < 5) {
      request.malformed = true;
      break;
    }
    request.address = word(pdu, 1);
    request.count = 1;
    request.values.push_back(word(pdu, 3));
    break;
  case fc::write_multiple_coils:
  case fc::write_multiple_registers: {
    request.standard = true;
    request.write = true;
    const bool coils = request.function == fc::write_multiple_coils;
    request.table = coils ? modbus_table::coils : modbus_table::holding_registers;
    if (pdu.size() < 6) {
      request.malformed = true;
      break;
    }
    request.address = word(pdu, 1);
    request.count = word(pdu, 3);
    const std::size_t byte_count = pdu[5];
    const std::size_t expected = coils ? (request.count + 7u) / 8u : request.count * 2u;
    if (byte_count != expected || pdu.size() < 6 + byte_count) {
      request.malformed = true;
      break;
    }
    for (std::size_t i = 0; i < request.count; ++i) {
      if (coils) {
        request.values.push_back(static_cast<std::uint16_t>((pdu[6 + i / 8] >> (i % 8)) & 1u));
      } else {
        request.values.push_back(word(pdu, 6 + 2 * i));
      }
    }
    break;
  }
  default: break;
  }
  return request;
}

std::uint16_t modbus_crc(std::span<const std::uint8_t> data) {
  unsigned crc = 0xffff;
  for (const auto byte : data) {
    crc ^= byte;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1u) ? (crc >> 1) ^ 0xa001u : crc >> 1;
  }
  return static_cast<std::uint16_t>(crc);
}

std::vector<std::uint8_t> exception_pdu(std::uint8_t function, std::uint8_t code) {
  return {static_cast<std::uint8_t>(function | 0x80), code};
}

std::string describe(const modbus_request& request) {
  if (request.standard && !request.malformed) {
    return fmt::format("unit {} fc {:02x} addr {} count {}", request.unit, request.function, request.address,
                       request.count);
  }
  return fmt::format("unit {} fc {:02x} ({} bytes)", request.unit, request.function, request.pdu.size());
}

} // namespace stationd::sim
