#pragma once

// Laumas TLU weight transmitter (device-protocols.md §4.4 map B, sources S100–S102).
// Holding registers, wire address = number - 40001; at most 32 registers per request
// (more: exception 03).
//
//   40001–40005  firmware version, instrument type, year, serial number, program type
//                (this simulator's own values: 0x0100, 1, 2024, 12345, 0)
//   40006        command register (codes: see below)
//   40007        status register, bits as documented for the Laumas LCB of the same family:
//                bit2 max weight exceeded by 9 divisions and bit3 gross > 110 % of full
//                scale (both set on overload), bit7 gross negative, bit8 net negative,
//                bit9 peak negative, bit10 net display mode, bit11 weight stable,
//                bit12 within ±1/4 division of zero. No bit for underload is documented;
//                underload shows only through the sign.
//   40008–40011  gross H/L, net H/L: |value| in divisions
//   40012–40013  peak H/L
//   40014        divisions and unit code: coding not in the reference, reads 0
//   40017–40022  set-points H/L (stored, no effect)
//
// Command codes were not retrieved from the TLU manual. This simulator assumes 7 = tare
// (net display), 8 = semi-automatic zero, 9 = gross display, configurable in
// modbus_scale_options. Each write executes; the register reads back 0.

#include "sim/modbus_scale.hpp"

namespace stationd::sim {

class laumas_tlu_map final : public modbus_scale {
public:
  explicit laumas_tlu_map(const modbus_scale_options& options);
  std::string name() const override { return "laumas-tlu"; }

protected:
  std::uint16_t max_read_registers() const override { return 32; }
  void render() override;
  void written(const modbus_request& request) override;

private:
  bool net_mode_ = false;
};

} // namespace stationd::sim
