#pragma once

// What a weighing indicator knows, shared by the MT-SICS, 8213 and Modbus simulators:
// the load on the platform, the zero point, the tare, stability and range flags.
//
// Tests and scripts set the *load* (what lies on the platform, relative to the power-up
// zero); the indicator shows gross = load - zero and net = gross - tare, so zeroing and
// taring change what it reports the way they would on a real bench.

#include "sim/decimal.hpp"

#include <functional>
#include <optional>
#include <string>

namespace stationd::sim {

// Why an indicator refuses to zero or tare.
enum class refusal { none, motion, overload, underload, out_of_range };

struct scale_model {
  decimal load;
  decimal zero_point;
  decimal tare;
  bool preset_tare = false; // tare entered as a value rather than taken from the load
  std::string unit = "kg";
  int decimals = 3; // display resolution: 3 → 0.001 kg divisions
  bool stable = true;
  bool overload = false;
  bool underload = false;
  // Largest |gross| that zeroing accepts (indicators allow a few % of capacity); none: any.
  std::optional<decimal> zero_range{};
  // Highest gross since power-up or the last peak reset (Modbus maps expose it).
  decimal peak;

  decimal gross() const { return load - zero_point; }
  decimal net() const { return gross() - tare; }
  std::int64_t gross_counts() const { return gross().counts(decimals); }
  std::int64_t net_counts() const { return net().counts(decimals); }
  bool tare_active() const { return !tare.is_zero(); }
  // Within a quarter division of zero, as "centre of zero" flags are defined.
  bool at_zero() const { return gross_counts() == 0; }

  // Indicator operations; each returns why it refused, or refusal::none.
  refusal zero();
  refusal take_tare();
  void set_preset_tare(decimal value);
  void clear_tare();
  void note_peak();
};

// Control surface common to every simulated scale, for tests and devsim scripts.
class weighing_controls {
public:
  virtual ~weighing_controls() = default;

  void set_weight(decimal load);
  void set_weight(decimal load, std::string unit);
  void set_stable(bool stable);
  void set_overload(bool overload);
  void set_underload(bool underload);
  // Clears overload and underload.
  void set_normal();
  void set_zero_range(std::optional<decimal> range);
  // The front-panel keys.
  refusal press_zero();
  refusal press_tare();
  void clear_tare();
  scale_model state() const { return read_model(); }

protected:
  // Applies `change` on the simulator's thread (or under its lock) and lets it react,
  // e.g. answer a command that waited for stability.
  virtual void modify_model(const std::function<void(scale_model&)>& change) = 0;
  virtual scale_model read_model() const = 0;
};

} // namespace stationd::sim
