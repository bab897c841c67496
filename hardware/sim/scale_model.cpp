#include "sim/scale_model.hpp"

#include <utility>

namespace stationd::sim {

refusal scale_model::zero() {
  if (overload) return refusal::overload;
  if (underload) return refusal::underload;
  if (!stable) return refusal::motion;
  if (zero_range && gross().abs() > *zero_range) return refusal::out_of_range;
  zero_point = load;
  // A new zero point makes the old tare meaningless; indicators drop it.
  clear_tare();
  return refusal::none;
}

refusal scale_model::take_tare() {
  if (overload) return refusal::overload;
  if (underload) return refusal::underload;
  if (!stable) return refusal::motion;
  if (gross().negative()) return refusal::out_of_range;
  tare = decimal::from_counts(gross_counts(), decimals);
  preset_tare = false;
  return refusal::none;
}

void scale_model::set_preset_tare(decimal value) {
  tare = value;
  preset_tare = !value.is_zero();
}

void scale_model::clear_tare() {
  tare = decimal{};
  preset_tare = false;
}

void scale_model::note_peak() {
  if (gross() > peak) peak = gross();
}

void weighing_controls::set_weight(decimal load) {
  modify_model([load](scale_model& m) {
    m.load = load;
    m.note_peak();
  });
}

void weighing_controls::set_weight(decimal load, std::string unit) {
  modify_model([load, &unit](scale_model& m) {
    m.load = load;
    if (!unit.empty()) m.unit = unit;
    m.note_peak();
  });
}

void weighing_controls::set_stable(bool stable) {
  modify_model([stable](scale_model& m) { m.stable = stable; });
}

void weighing_controls::set_overload(bool overload) {
  modify_model([overload](scale_model& m) {
    m.overload = overload;
    if (overload) m.underload = false;
  });
}

void weighing_controls::set_underload(bool underload) {
  modify_model([underload](scale_model& m) {
    m.underload = underload;
    if (underload) m.overload = false;
  });
}

void weighing_controls::set_normal() {
  modify_model([](scale_model& m) {
    m.overload = false;
    m.underload = false;
  });
}

void weighing_controls::set_zero_range(std::optional<decimal> range) {
  modify_model([range](scale_model& m) { m.zero_range = range; });
}

refusal weighing_controls::press_zero() {
  refusal result = refusal::none;
  modify_model([&result](scale_model& m) { result = m.zero(); });
  return result;
}

refusal weighing_controls::press_tare() {
  refusal result = refusal::none;
  modify_model([&result](scale_model& m) { result = m.take_tare(); });
  return result;
}

void weighing_controls::clear_tare() {
  modify_model([](scale_model& m) { m.clear_tare(); });
}

} // namespace stationd::sim
