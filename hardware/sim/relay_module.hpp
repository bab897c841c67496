#pragma once

// A Modbus relay module of the Waveshare 8-channel kind (device-protocols.md §5.2,
// sources S114–S116): coil 0x0000–0x0007 = relay 1–8, FC 01 read, FC 05 write single
// (0xFF00 on, 0x0000 off, reply echoes the request), FC 0F write several.
//
// The vendor's 0x5500 "toggle" value for FC 05 is non-standard; it is honoured only with
// options::toggle (firmware before the "V2 protocol"), otherwise it is an illegal data
// value (exception 03) like every value other than 0xFF00 and 0x0000.

#include "sim/modbus_slave.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stationd::sim {

class relay_module final : public modbus_slave {
public:
  struct options {
    std::uint16_t relays = 8;
    bool toggle = false;
    // Over RTU the transport filters by address; over TCP this unit id, if set, is
    // required (others get no answer).
    std::optional<std::uint8_t> unit_id{};
  };

  relay_module();
  explicit relay_module(options opts);
  std::string name() const override { return "relay"; }

  std::vector<bool> coils() const;
  bool coil(std::uint16_t index) const;

protected:
  bool accepts_unit(std::uint8_t unit) const override { return !options_.unit_id || unit == *options_.unit_id; }
  std::optional<std::vector<std::uint8_t>> answer_specially(const modbus_request& request) override;
  void render() override;
  void written(const modbus_request& request) override;

private:
  options options_;
  std::vector<bool> coils_;
};

} // namespace stationd::sim
