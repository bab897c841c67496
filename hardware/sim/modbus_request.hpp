#pragma once

// A Modbus request PDU, decoded far enough for a simulated slave to check addresses and
// values before libmodbus answers it; plus the framing helpers transports need for
// replies libmodbus cannot build (non-standard function codes, vendor values).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace stationd::sim {

enum class modbus_table : std::uint8_t { coils, discrete_inputs, holding_registers, input_registers };

namespace modbus_function {
inline constexpr std::uint8_t read_coils = 0x01;
inline constexpr std::uint8_t read_discrete_inputs = 0x02;
inline constexpr std::uint8_t read_holding_registers = 0x03;
inline constexpr std::uint8_t read_input_registers = 0x04;
inline constexpr std::uint8_t write_single_coil = 0x05;
inline constexpr std::uint8_t write_single_register = 0x06;
inline constexpr std::uint8_t diagnostics = 0x08;
inline constexpr std::uint8_t write_multiple_coils = 0x0f;
inline constexpr std::uint8_t write_multiple_registers = 0x10;
} // namespace modbus_function

namespace modbus_exception {
inline constexpr std::uint8_t illegal_function = 0x01;
inline constexpr std::uint8_t illegal_data_address = 0x02;
inline constexpr std::uint8_t illegal_data_value = 0x03;
inline constexpr std::uint8_t server_device_failure = 0x04;
} // namespace modbus_exception

struct modbus_request {
  std::uint8_t unit = 0;
  std::uint8_t function = 0;
  std::vector<std::uint8_t> pdu; // function code first
  // Filled for the standard read/write functions 01–06, 0F, 10:
  bool standard = false;
  modbus_table table = modbus_table::holding_registers;
  bool write = false;
  std::uint16_t address = 0;
  std::uint16_t count = 0;
  // Register values written (06, 10), or coil states as 0/1 (0F), or the raw FC05 value.
  std::vector<std::uint16_t> values;
  // The PDU is too short or its byte count disagrees with its quantity.
  bool malformed = false;
};

modbus_request decode_request(std::uint8_t unit, std::span<const std::uint8_t> pdu);

// CRC-16/MODBUS (polynomial 0xA001 reflected, initial 0xFFFF), sent low byte first.
std::uint16_t modbus_crc(std::span<const std::uint8_t> data);

std::vector<std::uint8_t> exception_pdu(std::uint8_t function, std::uint8_t code);

// Human-readable one-liner for logs: "unit 1 fc 03 addr 7 count 2".
std::string describe(const modbus_request& request);

} // namespace stationd::sim
