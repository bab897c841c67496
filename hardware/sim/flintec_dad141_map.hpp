#pragma once

// Flintec DAD 141.1 digital load-cell amplifier (device-protocols.md §4.4 map C, source
// S103). Holding registers at the documented hex indices (taken as wire addresses).
//
//   0x2000 / 0x2002 / 0x2008  gross / net / average weight, IEEE 754 float in `unit`
//   0x2020 / 0x2022 / 0x2028  gross / net / average, signed 32-bit divisions
//   0x202A                    A/D value (the gross in divisions, as a stand-in)
//   0x2030                    device status, 32-bit (0: no fault)
//   0x2034                    serial number, 32-bit (141001)
//   0x2060                    qualifier: 0x0001 under range, 0x0002 over range,
//                             0x0010 steady, 0x0020 tare set
//   0x2061                    bit commands (write): 0x01 reset zero, 0x02 set zero,
//                             0x04 reset tare, 0x08 set tare, 0x10 reset max,
//                             0x20 trigger hold (ignored); reads 0
//   0x3300                    gross int32, net int32, qualifier (5 registers)
//   0x3500                    gross float, net float, qualifier (5 registers)
//
// Word order inside 32-bit values is not documented; high word first unless
// modbus_scale_options::high_word_first is false. Floats follow the same order (ABCD).

#include "sim/modbus_scale.hpp"

namespace stationd::sim {

class flintec_dad141_map final : public modbus_scale {
public:
  explicit flintec_dad141_map(const modbus_scale_options& options);
  std::string name() const override { return "flintec-dad141"; }

protected:
  void render() override;
  void written(const modbus_request& request) override;

private:
  void set_float(std::uint16_t address, decimal value);
  std::uint16_t qualifier() const;
};

} // namespace stationd::sim
