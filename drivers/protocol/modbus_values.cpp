#include "protocol/modbus_values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>

namespace stationd::drivers::modbus {

namespace {

constexpr std::uint16_t swap_bytes(std::uint16_t word) noexcept {
  return static_cast<std::uint16_t>((word << 8) | (word >> 8));
}

constexpr int max_decimals = 9;

int width(value_type type) noexcept {
  return type == value_type::int16 || type == value_type::uint16 ? 1 : 2;
}

std::string registers(std::size_t count) { return fmt::format("{} register{}", count, count == 1 ? "" : "s"); }

bool holds(const bit_ref& ref, std::span<const std::uint16_t> block) noexcept {
  const bool set = ((block[static_cast<std::size_t>(ref.register_offset)] >> ref.bit) & 1U) != 0;
  return set != ref.active_low;
}

struct named_bit {
  const char* name;
  const bit_ref* ref;
};

// The profile comes from a file: a wrong offset must become an error text, not
// a read outside the block.
std::optional<std::string> check_profile(const scale_profile& profile, std::size_t& needed) {
  if (profile.weight_offset < 0) {
    return fmt::format("scale profile \"{}\": weight offset {} is negative", profile.name, profile.weight_offset);
  }
  if (profile.decimals < 0 || profile.decimals > max_decimals) {
    return fmt::format("scale profile \"{}\": {} decimals, expected 0 to {}", profile.name, profile.decimals,
                       max_decimals);
  }
  needed = static_cast<std::size_t>(std::max(profile.block_length, profile.weight_offset + width(profile.weight_type)));
  const named_bit bits[] = {{"stable", &profile.stable},       {"motion", &profile.motion},
                            {"overload", &profile.overload},   {"underload", &profile.underload},
                            {"negative", &profile.negative}};
  for (const auto& [name, ref] : bits) {
    if (ref->register_offset < 0) {
      continue;
    }
    if (ref->bit < 0 || ref->bit > 15) {
      return fmt::format("scale profile \"{}\": {} bit {} is not 0 to 15", profile.name, name, ref->bit);
    }
    needed = std::max(needed, static_cast<std::size_t>(ref->register_offset) + 1);
  }
  return std::nullopt;
}

decode_result failed(std::string text) { return decode_result{std::nullopt, std::move(text)}; }

// The raw weight as an integer count of the profile's decimals.
std::optional<std::int64_t> raw_units(const scale_profile& profile, std::span<const std::uint16_t> block,
                                      std::string& error) {
  const auto at = static_cast<std::size_t>(profile.weight_offset);
  switch (profile.weight_type) {
  case value_type::int16: return static_cast<std::int16_t>(block[at]);
  case value_type::uint16: return block[at];
  case value_type::int32: return to_int32(block[at], block[at + 1], profile.order);
  case value_type::uint32: return join(block[at], block[at + 1], profile.order);
  case value_type::float32: break;
  }
  const double value = to_float(block[at], block[at + 1], profile.order);
  const auto words = fmt::format("words 0x{:04X} 0x{:04X}", block[at], block[at + 1]);
  if (std::isnan(value)) {
    error = fmt::format("scale profile \"{}\": the weight is NaN ({})", profile.name, words);
    return std::nullopt;
  }
  if (std::isinf(value)) {
    error = fmt::format("scale profile \"{}\": the weight is {}infinite ({})", profile.name,
                        value < 0 ? "negative " : "", words);
    return std::nullopt;
  }
  // The float's shown resolution is `decimals`: round to it, half away from zero.
  const double scaled = std::round(value * std::pow(10.0, profile.decimals));
  if (std::abs(scaled) >= 9.0e18) {
    error = fmt::format("scale profile \"{}\": the weight {} is out of range ({})", profile.name, value, words);
    return std::nullopt;
  }
  return static_cast<std::int64_t>(scaled);
}

} // namespace

std::uint32_t join(std::uint16_t first, std::uint16_t second, word_order order) {
  // Named like libmodbus's modbus_get_float_*: the letters give where the bytes
  // of the big-endian value A B C D sit in the two words as received.
  std::uint16_t high = first;
  std::uint16_t low = second;
  switch (order) {
  case word_order::abcd: break;
  case word_order::badc:
    high = swap_bytes(first);
    low = swap_bytes(second);
    break;
  case word_order::cdab:
    high = second;
    low = first;
    break;
  case word_order::dcba:
    high = swap_bytes(second);
    low = swap_bytes(first);
    break;
  }
  return (static_cast<std::uint32_t>(high) << 16) | low;
}

std::int32_t to_int32(std::uint16_t first, std::uint16_t second, word_order order) {
  return static_cast<std::int32_t>(join(first, second, order));
}

float to_float(std::uint16_t first, std::uint16_t second, word_order order) {
  return std::bit_cast<float>(join(first, second, order));
}

decode_result decode(const scale_profile& profile, std::span<const std::uint16_t> block) {
  std::size_t needed = 0;
  if (auto problem = check_profile(profile, needed)) {
    return failed(std::move(*problem));
  }
  if (block.size() < needed) {
    return failed(fmt::format("scale profile \"{}\": read {}, the profile needs {}", profile.name,
                              registers(block.size()), needed));
  }
  reading result;
  // Stable needs every flag the profile has to agree: its stable bit set and its
  // motion bit clear. A profile with neither never reports stable.
  const bool has_stable = profile.stable.register_offset >= 0;
  const bool has_motion = profile.motion.register_offset >= 0;
  result.stable = (has_stable || has_motion) && (!has_stable || holds(profile.stable, block)) &&
                  (!has_motion || !holds(profile.motion, block));
  result.overload = profile.overload.register_offset >= 0 && holds(profile.overload, block);
  result.underload = profile.underload.register_offset >= 0 && holds(profile.underload, block);
  // Over/underloaded indicators often send a meaningless value (even NaN): the
  // flags are the reading.
  if (result.overload || result.underload) {
    return decode_result{result, std::nullopt};
  }
  std::string error;
  auto units = raw_units(profile, block, error);
  if (!units) {
    return failed(std::move(error));
  }
  if (profile.weight_is_absolute) {
    const bool negative = profile.negative.register_offset >= 0 && holds(profile.negative, block);
    const std::int64_t magnitude = *units < 0 ? -*units : *units;
    units = negative ? -magnitude : magnitude;
  }
  result.weight = decimal_weight{*units, profile.decimals};
  return decode_result{result, std::nullopt};
}

} // namespace stationd::drivers::modbus
