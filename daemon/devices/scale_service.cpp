#include "devices/scale_service.hpp"

namespace stationd::devices {

namespace json = boost::json;

scale_service::scale_service(events::status_board& board, events::event_hub& hub, log::logger& log)
    : board_{board}, hub_{hub}, log_{log} {}

void scale_service::add(const std::string& scale, drivers::settling_rule rule, std::chrono::milliseconds stale_after) {
  scales_.insert_or_assign(scale, state{drivers::settling_filter{rule}, stale_after, {}, "offline", std::nullopt});
  auto& s = scales_.at(scale);
  publish(scale, s, std::nullopt, "", false, "offline", "");
}

void scale_service::remove(const std::string& scale) {
  scales_.erase(scale);
  for (const auto* suffix : {".weight", ".unit", ".stable", ".state", ".error"}) board_.erase(scale + suffix);
}

void scale_service::publish(const std::string& scale, state& s, const std::optional<drivers::decimal_weight>& weight,
                            const std::string& unit, bool stable, std::string state_name, const std::string& error) {
  s.state_name = std::move(state_name);
  const auto before = s.settled;
  s.settled = stable && weight ? std::optional<stable_weight>{stable_weight{*weight, unit}} : std::nullopt;
  const bool newly_settled =
      s.settled && (!before || !(before->value == s.settled->value) || before->unit != s.settled->unit);
  bool changed = false;
  changed |= board_.set(scale + ".weight", weight ? json::value(weight->to_string()) : json::value(nullptr));
  changed |= board_.set(scale + ".unit", unit.empty() ? json::value(nullptr) : json::value(unit));
  changed |= board_.set(scale + ".stable", stable);
  changed |= board_.set(scale + ".state", s.state_name);
  changed |= board_.set(scale + ".error", error.empty() ? json::value(nullptr) : json::value(error));
  if (changed) {
    hub_.publish("weight", {{"device", scale},
                            {"weight", weight ? json::value(weight->to_string()) : json::value(nullptr)},
                            {"unit", unit},
                            {"stable", stable},
                            {"state", s.state_name},
                            {"error", error.empty() ? json::value(nullptr) : json::value(error)}});
  }
  if (newly_settled && settled_listener_) settled_listener_(scale, *s.settled);
}

void scale_service::on_reading(const std::string& scale, const drivers::scale_reading& r, clock_type::time_point at) {
  const auto it = scales_.find(scale);
  if (it == scales_.end()) return;
  auto& s = it->second;
  s.last_reading = at;
  if (!r.error.empty()) {
    s.filter.reset();
    publish(scale, s, std::nullopt, r.unit, false, "error", r.error);
  } else if (r.overload) {
    s.filter.reset();
    publish(scale, s, std::nullopt, r.unit, false, "overload", "");
  } else if (r.underload) {
    s.filter.reset();
    publish(scale, s, std::nullopt, r.unit, false, "underload", "");
  } else if (!r.weight) {
    // In motion with no value to show (8213 status record).
    s.filter.reset();
    publish(scale, s, std::nullopt, r.unit, false, "motion", "");
  } else {
    const bool settled = s.filter.add(at, r.weight->to_double(), r.unit, r.stable);
    publish(scale, s, r.weight, r.unit, settled, settled ? "stable" : "motion", "");
  }
}

void scale_service::on_offline(const std::string& scale, const std::string& reason) {
  const auto it = scales_.find(scale);
  if (it == scales_.end()) return;
  it->second.filter.reset();
  publish(scale, it->second, std::nullopt, "", false, "offline", reason);
}

void scale_service::reset(const std::string& scale) {
  const auto it = scales_.find(scale);
  if (it == scales_.end()) return;
  it->second.filter.reset();
  publish(scale, it->second, std::nullopt, "", false, "motion", "");
}

void scale_service::check_staleness(clock_type::time_point now) {
  for (auto& [name, s] : scales_) {
    if (s.state_name == "offline" || s.state_name == "stale") continue;
    if (s.last_reading != clock_type::time_point{} && now - s.last_reading > s.stale_after) {
      s.filter.reset();
      log_.warning(name, "no reading for {} ms: weight is stale",
                   std::chrono::duration_cast<std::chrono::milliseconds>(now - s.last_reading).count());
      publish(name, s, std::nullopt, "", false, "stale", "no reading from the scale");
    }
  }
}

std::optional<stable_weight> scale_service::current(const std::string& scale) const {
  const auto it = scales_.find(scale);
  if (it == scales_.end()) return std::nullopt;
  return it->second.settled;
}

} // namespace stationd::devices
