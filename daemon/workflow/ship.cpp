// Loading at the dock: each labelled package's SSCC is scanned onto the truck.
// Nothing leaves while its order is on hold or holds goods that customs has not
// released; the order is shipped when its last package is loaded.
#include "workflow/pack_support.hpp"
#include "workflow/station_core.hpp"

#include <boost/json/array.hpp>

#include <algorithm>

namespace stationd::workflow {
namespace {
using namespace pack_support;

// A unit of non-Union goods in the package, while the order's release is missing.
const product* unreleased_goods(const order& o, const package_state& pkg, const context& ctx) {
  if (o.customs_release == "RELEASED") return nullptr;
  for (const auto& u : pkg.units) {
    const product* p = ctx.master.find_product(u.gtin);
    if (p && p->customs_status != "UNION") return p;
  }
  return nullptr;
}

outcome ship_order(station_state& s, const order& o, order_progress& p, const context& ctx, outcome out) {
  p.state = "SHIPPED";
  p.step = "LOADED";
  boost::json::array packages;
  for (const auto& pkg : p.packages) packages.push_back(boost::json::value(pkg.sscc));
  out.events.push_back({"order.shipped",
                        {{"order", o.id},
                         {"client_id", o.client_id},
                         {"packages", packages},
                         {"tracking_number", o.tracking_number},
                         {"carrier", o.carrier},
                         {"station", ctx.station_id},
                         {"operator", badge_of(s)}}});
  out.events.push_back(order_state_event(o, p));
  out.text = {"ship.shipped",
              {{"order", o.id},
               {"packages", std::to_string(p.packages.size())},
               {"carrier", o.carrier.empty() ? std::string{"-"} : o.carrier},
               {"tracking", o.tracking_number.empty() ? std::string{"-"} : o.tracking_number}}};
  s.ship = ship_task{};
  return out;
}

std::optional<outcome> load(station_state& s, const std::string& sscc, const context& ctx) {
  const auto where = s.packages.find(sscc);
  if (where == s.packages.end()) return refused("ship.unknown_package", {{"sscc", sscc}});
  const std::string order_id = where->second;
  const order* o = ctx.master.find_order(order_id);
  auto it = s.orders.find(order_id);
  package_state* pkg = it == s.orders.end() ? nullptr : find_package(it->second, sscc);
  if (!o || !pkg) return refused("ship.unknown_package", {{"sscc", sscc}});
  order_progress& p = it->second;

  if (pkg->state == "LOADED") return refused("ship.already_loaded", {{"sscc", sscc}, {"order", order_id}});
  if (pkg->state != "LABELED") return refused("ship.not_labeled", {{"sscc", sscc}, {"state", pkg->state}});
  if (o->state == "CANCELLED" || p.state == "CANCELLED") return refused("ship.order_cancelled", {{"order", order_id}});
  if (auto reason = hold_reason(*o, &p)) return refused("ship.order_on_hold", {{"order", order_id}, {"reason", *reason}});
  if (const product* goods = unreleased_goods(*o, *pkg, ctx)) {
    return refused("ship.customs_not_released",
                   {{"order", order_id}, {"sscc", sscc}, {"product", goods->name}, {"release", o->customs_release}});
  }

  pkg->state = "LOADED";
  s.ship = ship_task{order_id};
  outcome out = accepted("ship.loaded");
  out.events.push_back({"package.loaded",
                        {{"sscc", sscc},
                         {"order", order_id},
                         {"package", pkg->number},
                         {"station", ctx.station_id},
                         {"operator", badge_of(s)}}});
  out.events.push_back(package_state_event(p, *pkg));
  const auto loaded = std::count_if(p.packages.begin(), p.packages.end(),
                                    [](const package_state& k) { return k.state == "LOADED"; });
  if (static_cast<std::size_t>(loaded) == p.packages.size()) return ship_order(s, *o, p, ctx, std::move(out));
  out.text = {"ship.loaded",
              {{"sscc", sscc},
               {"order", order_id},
               {"loaded", std::to_string(loaded)},
               {"total", std::to_string(p.packages.size())}}};
  return out;
}

} // namespace

std::optional<outcome> ship_step(station_state& s, const input& in, const context& ctx) {
  const auto* scan = std::get_if<scan_input>(&in);
  if (!scan || scan->meaning.kind != scan::scan_kind::sscc) return std::nullopt;
  return load(s, scan->meaning.key, ctx);
}

} // namespace stationd::workflow
