#pragma once

// Patlite LA6-POE signal tower over Modbus/TCP (device-protocols.md §5.1, source S104).
//
// Holding registers 1–11 (wire address = number - 1). A write carries a control flag in
// the high byte (0x00 don't control, 0x01 control) and the state in the low byte; a read
// returns the state in the low byte and 0 in the high byte (the manual's read example):
//   1–5  LED tiers 1..5: 0x00 off, 0x01 on, 0x02 flashing, 0x09 no change
//   6    buzzer: 0x00 stop, 0x01–0x03 pattern (patterns 4–11 cannot be set over 06/10)
//   7    smart mode group 0x01–0x1F (0: none)
//   8    clear: 0x0001 switches every tier, the buzzer and smart mode off (reads 0);
//        "Clear > LED unit > smart mode" when written together
//   9    mute: 0 cancel / 1 mute;  10  STOP: 0 cancel / 1 stop
//   11   pulse trigger input: 0x0001 counts a pattern change (reads 0)
// Other values: exception 03. Function codes 02 (contact inputs 1–8), 03, 06, 10 and
// 08 sub-function 0x0000, which answers data 0x0001 ("control board powered").

#include "sim/modbus_slave.hpp"

#include <array>
#include <cstdint>
#include <string>

namespace stationd::sim {

class patlite_la6 final : public modbus_slave {
public:
  enum led : std::uint8_t { led_off = 0x00, led_on = 0x01, led_flashing = 0x02 };

  struct state {
    std::array<std::uint8_t, 5> tiers{}; // index 0 = tier 1
    std::uint8_t buzzer = 0;             // 0 stopped, else pattern
    std::uint8_t smart_group = 0;
    bool muted = false;
    bool stopped = false;
    unsigned pulses = 0;
    std::array<bool, 8> inputs{};
  };

  patlite_la6();
  std::string name() const override { return "patlite-la6"; }

  state snapshot() const;
  // Contact input 1..8 (FC 02 reads them).
  void set_input(int number, bool closed);

protected:
  bool supports(std::uint8_t function) const override;
  std::optional<std::uint8_t> check_values(const modbus_request& request) const override;
  std::optional<std::vector<std::uint8_t>> answer_specially(const modbus_request& request) override;
  void render() override;
  void written(const modbus_request& request) override;

private:
  state state_;
};

} // namespace stationd::sim
