#include "workflow/pack_support.hpp"

#include <algorithm>
#include <cmath>

namespace stationd::workflow::pack_support {
namespace {

void add_need(std::vector<unit_need>& needs, int line, const std::string& gtin, std::int64_t quantity,
              bool picked_here, const std::string& serial, const std::string& substitute_for = {}) {
  if (quantity <= 0) return;
  auto it = std::find_if(needs.begin(), needs.end(),
                         [&](const unit_need& n) { return n.line == line && n.gtin == gtin; });
  if (it == needs.end()) {
    needs.push_back({line, gtin, 0, picked_here, {}, substitute_for});
    it = std::prev(needs.end());
  }
  it->quantity += quantity;
  if (!serial.empty()) it->serials.push_back(serial);
}

} // namespace

std::vector<unit_need> needs_of(const order& o, const order_progress& p) {
  std::vector<unit_need> needs;
  if (p.picked.empty()) {
    for (const auto& l : o.lines) add_need(needs, l.line, l.gtin, l.quantity, false, {});
    return needs;
  }
  // Each captured unit is one unit; a count beyond the captured units (entered
  // as a quantity) is of the line's last captured product.
  for (const auto& pl : p.picked) {
    std::int64_t captured = 0;
    std::string last_gtin = pl.gtin;
    for (const auto& u : pl.units) {
      if (captured >= pl.picked) break;
      last_gtin = u.gtin.empty() ? pl.gtin : u.gtin;
      add_need(needs, pl.line, last_gtin, 1, true, u.serial, u.substitute_for);
      ++captured;
    }
    add_need(needs, pl.line, last_gtin, pl.picked - captured, true, {});
  }
  return needs;
}

std::vector<unit_need> remaining_of(const order& o, const order_progress& p) {
  std::vector<unit_need> needs = needs_of(o, p);
  for (const auto& pkg : p.packages) {
    if (pkg.state == "VOIDED") continue;
    for (const auto& u : pkg.units) {
      auto it = std::find_if(needs.begin(), needs.end(),
                             [&](const unit_need& n) { return n.line == u.line && n.gtin == u.gtin; });
      if (it == needs.end()) continue;
      if (it->quantity > 0) --it->quantity;
      std::erase(it->serials, u.serial);
    }
  }
  return needs;
}

std::int64_t unit_count(const std::vector<unit_need>& needs) {
  std::int64_t n = 0;
  for (const auto& need : needs) n += need.quantity;
  return n;
}

std::optional<std::string> hold_reason(const order& o, const order_progress* p) {
  if (p && p->state == "ON_HOLD") return p->hold_reason.empty() ? std::string{"ON_HOLD"} : p->hold_reason;
  for (const auto& h : o.holds) {
    // Goods under customs control may be handled once customs has released them.
    if (h.kind == "customs" && o.customs_release == "RELEASED") continue;
    return h.reason.empty() ? h.kind : h.reason;
  }
  if (o.state == "ON_HOLD") return std::string{"ON_HOLD"};
  return std::nullopt;
}

std::int64_t tolerance_g(std::int64_t expected_g, const workflow_rules& rules) {
  // Whole grams: a weight is a whole number, so flooring the percentage keeps the comparison exact.
  const auto percent = static_cast<std::int64_t>(
      std::floor(static_cast<double>(expected_g) * rules.weight_tolerance_percent / 100.0));
  return std::max(rules.weight_tolerance_g, percent);
}

bool within_tolerance(std::int64_t measured_g, std::int64_t expected_g, const workflow_rules& rules) {
  const std::int64_t difference = measured_g > expected_g ? measured_g - expected_g : expected_g - measured_g;
  return difference <= tolerance_g(expected_g, rules);
}

bool ready_to_seal(const package_state& pkg, const workflow_rules& rules) {
  if (pkg.state != "OPENED" || pkg.measured_g < 0 || pkg.units.empty()) return false;
  return !pkg.override_by.empty() || within_tolerance(pkg.measured_g, pkg.expected_g, rules);
}

package_state* open_package(order_progress& p) {
  for (auto& pkg : p.packages) {
    if (pkg.state == "OPENED") return &pkg;
  }
  return nullptr;
}

package_state* find_package(order_progress& p, int number) {
  for (auto& pkg : p.packages) {
    if (pkg.number == number) return &pkg;
  }
  return nullptr;
}

package_state* find_package(order_progress& p, std::string_view sscc) {
  for (auto& pkg : p.packages) {
    if (pkg.sscc == sscc) return &pkg;
  }
  return nullptr;
}

std::string badge_of(const station_state& s) { return s.session ? s.session->badge : std::string{}; }

std::string product_name(const context& ctx, std::string_view gtin) {
  const product* p = ctx.master.find_product(gtin);
  return p ? p->name : std::string(gtin);
}

bool valid_sscc(std::string_view sscc) {
  if (sscc.size() != 18 || !std::all_of(sscc.begin(), sscc.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  // GS1 mod 10: weights 3, 1, 3, ... from the left for the 17 data digits of an SSCC.
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (sscc[i] - '0') * (i % 2 == 0 ? 3 : 1);
  return (10 - sum % 10) % 10 == sscc[17] - '0';
}

std::string kg_text(std::int64_t grams) {
  if (grams < 0) grams = 0;
  std::string fraction = std::to_string(grams % 1000);
  fraction.insert(0, 3 - fraction.size(), '0');
  return std::to_string(grams / 1000) + "." + fraction;
}

const carton* suggest_carton(const std::vector<unit_need>& units, const context& ctx) {
  std::int64_t volume = 0;
  std::int64_t weight = 0;
  bool sizes_known = true;
  for (const auto& n : units) {
    const product* p = ctx.master.find_product(n.gtin);
    if (!p || p->length_mm <= 0 || p->width_mm <= 0 || p->height_mm <= 0) {
      sizes_known = false;
    } else {
      volume += n.quantity * p->length_mm * p->width_mm * p->height_mm;
    }
    if (p) weight += n.quantity * p->unit_weight_g;
  }
  auto inside = [](const carton& c) { return c.length_mm * c.width_mm * c.height_mm; };
  const carton* best = nullptr;
  const carton* largest = nullptr;
  for (const auto& c : ctx.master.data().cartons) {
    if (!largest || inside(c) > inside(*largest)) largest = &c;
    if (!sizes_known || inside(c) <= 0) continue;
    // inside >= volume / 0.8, in integers.
    if (inside(c) * 4 < volume * 5) continue;
    if (c.max_weight_g > 0 && c.max_weight_g < weight) continue;
    if (!best || inside(c) < inside(*best)) best = &c;
  }
  return best ? best : largest;
}

journal_event order_state_event(const order& o, const order_progress& p, std::string_view reason) {
  return {"order.state",
          {{"order", o.id}, {"client_id", o.client_id}, {"state", p.state}, {"step", p.step}, {"reason", reason}}};
}

journal_event package_state_event(const order_progress& p, const package_state& pkg) {
  return {"package.state", {{"sscc", pkg.sscc}, {"order", p.order_id}, {"package", pkg.number}, {"state", pkg.state}}};
}

boost::json::array contents_json(const package_state& pkg) {
  boost::json::array out;
  for (const auto& u : pkg.units) {
    out.push_back({{"line", u.line},
                   {"gtin", u.gtin},
                   {"lot", u.lot},
                   {"serial", u.serial},
                   {"expiry", u.expiry},
                   {"substitute_for", u.substitute_for}});
  }
  return out;
}

} // namespace stationd::workflow::pack_support
