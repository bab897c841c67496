#pragma once

// Modbus weight indicators (device-protocols.md §4.4). One class per documented register
// map, each written from the reference alone; this base holds the weighing state and the
// parts every map shares.

#include "sim/modbus_slave.hpp"
#include "sim/scale_model.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::sim {

enum class modbus_scale_map { dini_dgt4x, laumas_tlu, pavone_dat700, flintec_dad141 };

std::optional<modbus_scale_map> parse_scale_map(std::string_view name); // "dini-dgt4x", …
std::string_view scale_map_name(modbus_scale_map map);
std::vector<std::string_view> scale_map_names();

struct modbus_scale_options {
  int decimals = 3; // weights travel as whole divisions: 5.042 kg at 3 decimals = 5042
  std::string unit = "kg";
  std::optional<decimal> zero_range{};
  // Flintec: word order of 32-bit values is not documented; high word first by default.
  bool high_word_first = true;
  // Laumas TLU command register codes. NOT from the TLU manual (the reference could not
  // retrieve them): this simulator's assumption, change them to match a real unit.
  std::uint16_t laumas_tare_code = 7;
  std::uint16_t laumas_zero_code = 8;
  std::uint16_t laumas_gross_code = 9;
};

class modbus_scale : public modbus_slave, public weighing_controls {
public:
  static std::unique_ptr<modbus_scale> make(modbus_scale_map map, const modbus_scale_options& options = {});

protected:
  modbus_scale(std::vector<modbus_block> layout, const modbus_scale_options& options);

  void modify_model(const std::function<void(scale_model&)>& change) override;
  scale_model read_model() const override;

  // |value| in whole divisions, clamped to 32 bits, for maps that send absolute values.
  std::uint32_t magnitude(decimal value) const;
  // Two's complement in 32 bits, for maps that send signed values.
  std::uint32_t signed_counts(decimal value) const;
  decimal from_counts(std::uint32_t counts) const;

  scale_model model_;
  modbus_scale_options options_;
};

} // namespace stationd::sim
