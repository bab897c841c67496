#pragma once

// Dini Argeo DGT4X weight transmitter, single-scale mode (device-protocols.md §4.4 map A,
// sources S97–S99).
//
//   input 30001–30002  gross, |value| in divisions, high word first
//   input 30003–30004  net, same coding
//   input 30005        status: bit0 net negative, bit1 gross negative, bit2 stable,
//                      bit3 underload, bit4 overload, bit5 tare active, bit6 preset tare,
//                      bit7 gross in zero zone
//   input 30006–30007  last command / digital outputs: layout not in the reference, read 0
//   holding 40001      command: 0 none, 1 zero, 2 tare, 3 preset tare (value in 40002–3);
//                      other documented codes (digital outputs, alibi, reboot) are accepted
//                      and ignored. Writing the same code twice does nothing: the
//                      indicator acts on a change, so hosts write 0 in between.
//   holding 40002–3    command parameter, 32 bits high word first, divisions
//   holding 40101–6    DGT1S-style gross / net / tare, |value|, read-only
//   holding 40107      DGT1S status: bit layout not in the reference, reads 0
//
// Wire addresses are the documented numbers minus 30001 / 40001.

#include "sim/modbus_scale.hpp"

namespace stationd::sim {

class dini_dgt4x_map final : public modbus_scale {
public:
  explicit dini_dgt4x_map(const modbus_scale_options& options);
  std::string name() const override { return "dini-dgt4x"; }

  // The code most recently written to 40001.
  std::uint16_t last_command() const;

protected:
  void render() override;
  void written(const modbus_request& request) override;

private:
  std::uint16_t command_ = 0;
};

} // namespace stationd::sim
