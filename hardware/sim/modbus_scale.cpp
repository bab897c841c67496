#include "sim/modbus_scale.hpp"

#include "sim/dini_dgt4x_map.hpp"
#include "sim/flintec_dad141_map.hpp"
#include "sim/laumas_tlu_map.hpp"
#include "sim/pavone_dat700_map.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace stationd::sim {
namespace {

constexpr std::array<std::pair<std::string_view, modbus_scale_map>, 4> map_names{{
    {"dini-dgt4x", modbus_scale_map::dini_dgt4x},
    {"laumas-tlu", modbus_scale_map::laumas_tlu},
    {"pavone-dat700", modbus_scale_map::pavone_dat700},
    {"flintec-dad141", modbus_scale_map::flintec_dad141},
}};

} // namespace

std::optional<modbus_scale_map> parse_scale_map(std::string_view name) {
  for (const auto& [text, map] : map_names) {
    if (text == name) return map;
  }
  return std::nullopt;
}

std::string_view scale_map_name(modbus_scale_map map) {
  for (const auto& [text, value] : map_names) {
    if (value == map) return text;
  }
  return "?";
}

std::vector<std::string_view> scale_map_names() {
  std::vector<std::string_view> names;
  for (const auto& entry : map_names) names.push_back(entry.first);
  return names;
}

std::unique_ptr<modbus_scale> modbus_scale::make(modbus_scale_map map, const modbus_scale_options& options) {
  switch (map) {
  case modbus_scale_map::dini_dgt4x: return std::make_unique<dini_dgt4x_map>(options);
  case modbus_scale_map::laumas_tlu: return std::make_unique<laumas_tlu_map>(options);
  case modbus_scale_map::pavone_dat700: return std::make_unique<pavone_dat700_map>(options);
  case modbus_scale_map::flintec_dad141: return std::make_unique<flintec_dad141_map>(options);
  }
  return nullptr;
}

modbus_scale::modbus_scale(std::vector<modbus_block> layout, const modbus_scale_options& options)
    : modbus_slave{std::move(layout)}, options_{options} {
  model_.decimals = options.decimals;
  model_.unit = options.unit;
  model_.zero_range = options.zero_range;
}

void modbus_scale::modify_model(const std::function<void(scale_model&)>& change) {
  update([&] { change(model_); });
}

scale_model modbus_scale::read_model() const {
  return inspect([this] { return model_; });
}

std::uint32_t modbus_scale::magnitude(decimal value) const {
  const auto counts = value.abs().counts(model_.decimals);
  return static_cast<std::uint32_t>(std::min<std::int64_t>(counts, 0xffffffff));
}

std::uint32_t modbus_scale::signed_counts(decimal value) const {
  const auto counts = std::clamp<std::int64_t>(value.counts(model_.decimals), INT32_MIN, INT32_MAX);
  return static_cast<std::uint32_t>(static_cast<std::int32_t>(counts));
}

decimal modbus_scale::from_counts(std::uint32_t counts) const {
  return decimal::from_counts(static_cast<std::int64_t>(counts), model_.decimals);
}

} // namespace stationd::sim
