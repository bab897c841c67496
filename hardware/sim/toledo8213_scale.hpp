#pragma once

// A scale speaking the Toledo 8213 "demand" protocol (device-protocols.md §4.2): the host
// sends single characters, `W` (weight), `H` (weight at ten times the resolution) and
// `Z` (zero); the scale answers `<STX>XXX.XX<CR>`, or the status record
// `<STX>?<status><CR>` when the weight is not valid (motion, under zero, over or under
// load) and always after `Z`. The status byte is 0x60 | flags: bit0 motion, bit1 over
// capacity, bit2 under zero, bit3 outside zero capture range, bit4 centre of zero.
//
// Real 8213 links run 7 data bits + even parity. A pty always carries 8 bits, so with
// `parity` on the simulator puts the even-parity bit into bit 7 of every byte it sends,
// which is what a daemon reading 8N1 from such a scale receives. Incoming bytes have
// bit 7 ignored.
//
// Layouts: the weight field is 6 characters, zero-padded, with the decimal point
// (`001.25`); in grams mode 6 digits without a point (`001250`). `H` sends one more
// decimal in 7 characters (`001.250`). Vendors differ on H; this is one documented reading.
// Characters other than W, H, Z, CR, LF and space are answered with the status record.

#include "sim/scale_model.hpp"
#include "sim/serial_device.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace stationd::sim {

class toledo8213_scale final : public serial_device, public weighing_controls {
public:
  struct options {
    std::filesystem::path link{};
    int decimals = 2;
    bool grams = false;
    bool parity = false;
    std::string unit = "lb"; // not sent: the record carries no unit
    std::optional<decimal> zero_range{};
  };

  explicit toledo8213_scale(options opts);
  ~toledo8213_scale() override;

  void set_parity(bool even_parity_in_bit7);
  void set_grams(bool grams);
  // Bit 3, "outside zero capture range": the scale powered up with a load outside it.
  void set_zero_capture_error(bool error);

  // Pure helpers, exposed for tests.
  static std::uint8_t status_byte(const scale_model& model, bool zero_capture_error);
  static std::string with_even_parity(std::string_view data);

protected:
  void on_input(std::string_view data) override;
  void modify_model(const std::function<void(scale_model&)>& change) override;
  scale_model read_model() const override;

private:
  void send_record(std::string body);
  std::string weight_record(bool high_resolution) const;
  bool weight_valid() const;

  scale_model model_;
  bool grams_;
  bool parity_;
  bool zero_capture_error_ = false;
};

} // namespace stationd::sim
