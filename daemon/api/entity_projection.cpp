#include "api/entity_projection.hpp"
#include <fmt/format.h>
#include <chrono>

namespace stationd::api {
namespace json = boost::json;

namespace {

std::string text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string{v->get_string()} : std::string{};
}

json::value copy_or(const json::object& o, std::string_view key, json::value fallback) {
  const auto* v = o.if_contains(key);
  return v ? *v : fallback;
}

json::value text_or_null(const json::object& o, std::string_view key) {
  auto value = text(o, key);
  return value.empty() ? json::value(nullptr) : json::value(value);
}

json::value ms_as_time(const json::object& o, std::string_view key, std::string_view fallback) {
  const auto* v = o.if_contains(key);
  if (v && v->is_int64()) return json::value(iso_time(v->get_int64()));
  return json::value(fallback);
}

entity_change order_change(std::string type, const json::object& p) {
  return {"order", text(p, "order"), std::move(type), text(p, "client_id"), {}, {}};
}

entity_change package_change(std::string type, const json::object& p) {
  entity_change c{"package", text(p, "sscc"), std::move(type), text(p, "client_id"), text(p, "order"), {}};
  c.fields["order"] = c.related_order;
  if (const auto* n = p.if_contains("package"); n && n->is_int64()) c.fields["number"] = n->get_int64();
  return c;
}

entity_change return_change(std::string type, const json::object& p) {
  entity_change c{"return", text(p, "rma"), std::move(type), text(p, "client_id"), text(p, "order"), {}};
  if (!c.related_order.empty()) c.fields["order"] = c.related_order;
  return c;
}

} // namespace

std::string iso_time(std::int64_t ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> t{milliseconds{ms}};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count(), hms.subseconds().count());
}

// Every change, including those of entities without an identifier yet.
static std::optional<entity_change> any_change(std::string_view type, const json::object& p, std::string_view at) {
  if (type == "order.state") {
    auto c = order_change("order.state_changed", p);
    c.fields["state"] = text(p, "state");
    c.fields["step"] = text(p, "step");
    c.fields["hold_reason"] = text_or_null(p, "reason");
    return c;
  }
  if (type == "order.shipped") {
    auto c = order_change("order.shipped", p);
    c.fields["packages"] = copy_or(p, "packages", json::array{});
    c.fields["carrier"] = text_or_null(p, "carrier");
    c.fields["tracking_number"] = text_or_null(p, "tracking_number");
    c.fields["shipped_at"] = at;
    return c;
  }
  if (type == "package.sealed") {
    auto c = package_change("package.sealed", p);
    c.fields["carton"] = text(p, "carton");
    c.fields["tare_g"] = copy_or(p, "tare_g", nullptr);
    c.fields["contents"] = copy_or(p, "contents", json::array{});
    c.fields["weight_expected_g"] = copy_or(p, "expected_g", nullptr);
    c.fields["weight_measured_g"] = copy_or(p, "measured_g", nullptr);
    c.fields["weight_override_by"] = text_or_null(p, "override_by");
    c.fields["sealed_at"] = at;
    return c;
  }
  if (type == "package.labeled") {
    auto c = package_change("package.labeled", p);
    c.fields["labeled_at"] = at;
    return c;
  }
  if (type == "package.loaded") {
    auto c = package_change("package.loaded", p);
    c.fields["loaded_at"] = at;
    return c;
  }
  if (type == "package.state") {
    auto c = package_change("package.state_changed", p);
    c.fields["state"] = text(p, "state");
    return c;
  }
  if (type == "return.arrived") {
    auto c = return_change("return.arrived", p);
    c.fields["state"] = "ARRIVED";
    c.fields["arrived_at"] = at;
    c.fields["expected_weight_g"] = copy_or(p, "expected_weight_g", nullptr);
    return c;
  }
  if (type == "return.state") {
    auto c = return_change("return.state_changed", p);
    c.fields["state"] = text(p, "state");
    return c;
  }
  if (type == "return.inspected") {
    auto c = return_change("return.inspected", p);
    c.fields["grade"] = text_or_null(p, "grade");
    c.fields["reason_codes"] = copy_or(p, "reason_codes", json::array{});
    c.fields["units"] = copy_or(p, "units", json::array{});
    c.fields["verification"] = copy_or(p, "verification", nullptr);
    c.fields["mismatches"] = copy_or(p, "mismatches", json::array{});
    c.fields["inspected_at"] = ms_as_time(p, "inspected_at", at);
    return c;
  }
  if (type == "return.flagged") {
    auto c = return_change("return.flagged", p);
    if (const auto* m = p.if_contains("mismatches")) c.fields["mismatches"] = *m;
    return c;
  }
  return std::nullopt;
}

std::optional<entity_change> change_of(std::string_view type, const json::object& payload, std::string_view at) {
  auto c = any_change(type, payload, at);
  // A package before its SSCC, say: nothing a 3PL could look up yet.
  if (c && c->id.empty()) return std::nullopt;
  return c;
}

json::object new_entity(std::string_view kind, std::string_view id, std::string_view station_id) {
  json::object e{{"type", kind}, {"id", id}, {"client_id", ""}, {"station_id", station_id}, {"version", 0},
                 {"seq", 0},     {"updated_at", ""}};
  if (kind == "order") {
    e["state"] = "READY";
    e["step"] = "";
    e["hold_reason"] = nullptr;
    e["packages"] = json::array{};
    e["carrier"] = nullptr;
    e["tracking_number"] = nullptr;
    e["shipped_at"] = nullptr;
  } else if (kind == "package") {
    e["sscc"] = id;
    e["order"] = "";
    e["number"] = 0;
    e["state"] = "SEALED";
    e["carton"] = "";
    e["tare_g"] = nullptr;
    e["weight_expected_g"] = nullptr;
    e["weight_measured_g"] = nullptr;
    e["weight_override_by"] = nullptr;
    e["contents"] = json::array{};
    e["sealed_at"] = nullptr;
    e["labeled_at"] = nullptr;
    e["loaded_at"] = nullptr;
  } else {
    e["rma"] = id;
    e["order"] = "";
    e["state"] = "EXPECTED";
    e["grade"] = nullptr;
    e["reason_codes"] = json::array{};
    e["units"] = json::array{};
    e["verification"] = nullptr;
    e["mismatches"] = json::array{};
    e["expected_weight_g"] = nullptr;
    e["arrived_at"] = nullptr;
    e["inspected_at"] = nullptr;
  }
  return e;
}

void apply(json::object& entity, const entity_change& change, std::string_view client_id, std::int64_t version,
           std::uint64_t seq, std::string_view recorded_at) {
  for (const auto& [key, value] : change.fields) entity[key] = value;
  entity["client_id"] = client_id;
  entity["version"] = version;
  entity["seq"] = seq;
  entity["updated_at"] = recorded_at;
}

} // namespace stationd::api
