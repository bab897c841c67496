#pragma once

// Decoding weights and status from Modbus registers (device protocol reference,
// section 4.4). Pure: the driver reads registers with libmodbus and passes the
// 16-bit words in here, in the order the device returned them.

#include "protocol/decimal_weight.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace stationd::drivers::modbus {

// How two registers hold a 32-bit value. "abcd" = high word first, big-endian
// bytes (the usual "MSW/LSW" of weight indicators); the others swap words and/or bytes
// (libmodbus modbus_get_float_abcd/badc/cdab/dcba naming). 123456.0f arrives as
// 0x47F1 0x2000 (abcd), 0xF147 0x0020 (badc), 0x2000 0x47F1 (cdab: the
// reference's "BADC" example is this word swap), 0x0020 0xF147 (dcba).
enum class word_order { abcd, badc, cdab, dcba };
enum class value_type { int16, uint16, int32, uint32, float32 };

std::uint32_t join(std::uint16_t first, std::uint16_t second, word_order order);
std::int32_t to_int32(std::uint16_t first, std::uint16_t second, word_order order);
float to_float(std::uint16_t first, std::uint16_t second, word_order order);

// A bit of a status word: `register_offset` indexes the status registers read.
struct bit_ref {
  int register_offset = -1; // -1: the profile has no such bit
  int bit = 0;
  bool active_low = false;  // the condition holds when the bit is 0
};

// A weight indicator's register map, loaded from config/scales/*.toml (see
// docs/devices.md). Addresses are 0-based wire addresses.
struct scale_profile {
  std::string name;
  std::string title;
  bool input_registers = false; // FC04 instead of FC03 for the weight/status block
  int block_address = 0;        // one read covers weight and status
  int block_length = 2;
  int weight_offset = 0;        // within the block
  value_type weight_type = value_type::int32;
  word_order order = word_order::abcd;
  int decimals = 0;             // fixed decimals of the integer weight (float: the shown resolution)
  bool weight_is_absolute = false; // sign comes from `negative`
  std::string unit = "kg";
  bit_ref stable;
  bit_ref motion;               // alternatively to stable: stable = !motion
  bit_ref overload;
  bit_ref underload;
  bit_ref negative;
  // Commands: write `value` to holding register `address` (and `reset_value`
  // afterwards when the device needs the register cleared before a repeat).
  struct command {
    int address = -1;
    std::uint16_t value = 0;
    std::optional<std::uint16_t> reset_value;
    bool coil = false; // write a coil (FC05) instead of a register
  };
  command zero;
  command tare;
  command clear_tare;
};

struct reading {
  std::optional<decimal_weight> weight; // nullopt when over/underload
  bool stable = false;
  bool overload = false;
  bool underload = false;
};

// Decodes one read of the profile's block (block_length words). Returns an
// error text when the block is too short or the value is impossible (NaN float).
// Over/underload bits are looked at first: then the weight is nullopt whatever
// the registers hold. A float is rounded to `decimals` (half away from zero).
// Stable comes from `stable`, else from !`motion`, else is false. An offset or
// bit outside the block or 0..15 is an error text too (profiles come from files).
struct decode_result {
  std::optional<modbus::reading> reading;
  std::optional<std::string> error;
};
decode_result decode(const scale_profile& profile, std::span<const std::uint16_t> block);

} // namespace stationd::drivers::modbus
