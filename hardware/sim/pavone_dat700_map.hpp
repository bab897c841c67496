#pragma once

// Pavone Systems DAT700 (serial type DAT1400) (device-protocols.md §4.4 map D, source
// S109), with status and command coding taken from the sibling DAT 400 manual (S110) as
// the reference does. Holding registers; the documented numbers 0001… are taken as
// 1-based like every other map here (wire address = number - 1).
//
//   0001       status: bit0 centre of zero, bit1 stable, bit2 zero band, bit3 tare entered,
//              bit4 underload, bit5 overload, bit6 off range (set with over/underload),
//              bit8 keyboard locked (0), bit9 memory flag (0), bits 10–13 I/O (0)
//   0002–0003  gross MSW/LSW, 32-bit two's complement in divisions
//   0004–0005  net MSW/LSW
//   0006–0007  peak MSW/LSW
//   0008–0009  digital inputs / outputs (0)
//   0501–0502  data register MSW/LSW (stored)
//   0503       command: 1 semi-automatic zero, 2 autotare, 3 peak reset; 0x10, 0x11
//              (calibration) and 0x20 (save) are accepted and ignored. Reads back 0.
//
// Over Modbus TCP the unit identifier must be 0xFF; requests to other units get no answer.

#include "sim/modbus_scale.hpp"

namespace stationd::sim {

class pavone_dat700_map final : public modbus_scale {
public:
  explicit pavone_dat700_map(const modbus_scale_options& options);
  std::string name() const override { return "pavone-dat700"; }

protected:
  bool accepts_unit(std::uint8_t unit) const override { return unit == 0xff; }
  void render() override;
  void written(const modbus_request& request) override;
};

} // namespace stationd::sim
