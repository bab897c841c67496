// Packing: an order (scanned, or found by the tote it was picked into) is packed
// into one or more cartons. Each package is closed, weighed against its expected
// weight and then sealed with an SSCC (pack_seal.cpp). An order may be packed
// whether or not it was picked at this station.
#include "workflow/pack_support.hpp"
#include "workflow/station_core.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace stationd::workflow {
namespace {
using namespace pack_support;

// The order the task packs, with the station's progress and its open package.
struct packing {
  const order* master = nullptr;
  order_progress* progress = nullptr;
  package_state* package = nullptr;
  std::string& step;
};

std::optional<packing> current(station_state& s, const context& ctx) {
  if (!s.pack) return std::nullopt;
  const order* o = ctx.master.find_order(s.pack->order_id);
  auto it = s.orders.find(s.pack->order_id);
  if (!o || it == s.orders.end()) return std::nullopt;
  package_state* pkg = open_package(it->second);
  if (!pkg) return std::nullopt;
  return packing{o, &it->second, pkg, s.pack->step};
}

bool is_packed_step(const std::string& step) { return step == "PACKED" || step == "LABELED" || step == "LOADED"; }

std::string iso(const std::optional<gs1::date>& d) {
  return d ? fmt::format("{:04}-{:02}-{:02}", d->year, d->month, d->day) : std::string{};
}

// Inputs that would change a package being weighed or sealed.
std::optional<outcome> busy(const packing& t) {
  if (t.step == "weigh" || t.step == "weight_mismatch") {
    return refused("pack.weigh_first", {{"expected", std::to_string(t.package->expected_g)}});
  }
  if (t.step == "closing") return refused("pack.wait_for_sscc", {{"package", std::to_string(t.package->number)}});
  return std::nullopt;
}

// ---- starting ------------------------------------------------------------------

std::optional<outcome> start(station_state& s, const std::string& order_id, const std::string& tote,
                             const context& ctx) {
  const order* o = ctx.master.find_order(order_id);
  if (!o) return refused("pack.unknown_order", {{"order", order_id}});
  if (s.pack) {
    if (s.pack->order_id == order_id) return refused("pack.already_packing", {{"order", order_id}});
    return refused("pack.finish_first", {{"order", s.pack->order_id}});
  }
  const auto known_it = s.orders.find(order_id);
  const order_progress* known = known_it == s.orders.end() ? nullptr : &known_it->second;
  for (const std::string* st : {&o->state, known ? &known->state : nullptr}) {
    if (st && (*st == "CANCELLED" || *st == "SHIPPED")) {
      return refused("pack.order_closed", {{"order", order_id}, {"state", *st}});
    }
  }
  if (auto reason = hold_reason(*o, known)) return refused("pack.order_held", {{"order", order_id}, {"reason", *reason}});
  if (s.pick && s.pick->order_id == order_id) return refused("pack.still_picking", {{"order", order_id}});
  if (known && is_packed_step(known->step)) return refused("pack.already_packed", {{"order", order_id}});

  order_progress& p = progress_of(s, *o);
  const auto remaining = remaining_of(*o, p);
  const std::int64_t total = unit_count(needs_of(*o, p));
  if (total == 0) return refused("pack.nothing_to_pack", {{"order", order_id}});

  outcome out = accepted("pack.started");
  const bool resumed = !p.packages.empty();
  if (p.state != "IN_PROGRESS" || p.step != "PACKING") {
    p.state = "IN_PROGRESS";
    p.step = "PACKING";
    out.events.push_back(order_state_event(*o, p));
  }
  if (!tote.empty()) p.tote = tote;
  package_state* pkg = open_package(p);
  if (!pkg) {
    package_state fresh;
    fresh.number = static_cast<int>(p.packages.size()) + 1;
    p.packages.push_back(std::move(fresh));
    pkg = &p.packages.back();
    out.events.push_back(package_state_event(p, *pkg));
  } else if (pkg->measured_g >= 0) {
    // Set aside after weighing: the package is closed and weighed again.
    pkg->measured_g = -1;
    pkg->override_by.clear();
    pkg->override_reason.clear();
  }
  s.pack = pack_task{order_id, p.tote, pkg->carton.empty() ? "carton" : "items"};
  const carton* suggestion = suggest_carton(remaining, ctx);
  const std::string carton_code = suggestion ? suggestion->code : std::string{"-"};
  out.events.push_back({"pack.started",
                        {{"order", order_id},
                         {"operator", badge_of(s)},
                         {"tote", p.tote},
                         {"package", pkg->number},
                         {"units", unit_count(remaining)},
                         {"suggested_carton", suggestion ? suggestion->code : std::string{}},
                         {"resumed", resumed}}});
  if (resumed) {
    out.text = {"pack.resumed",
                {{"order", order_id},
                 {"package", std::to_string(pkg->number)},
                 {"packed", std::to_string(total - unit_count(remaining))},
                 {"total", std::to_string(total)}}};
  } else {
    out.text = {"pack.started", {{"order", order_id}, {"units", std::to_string(total)}, {"carton", carton_code}}};
  }
  return out;
}

std::optional<outcome> start_from_tote(station_state& s, const std::string& tote, const context& ctx) {
  for (const auto& [id, p] : s.orders) {
    if (p.tote == tote && p.state != "SHIPPED" && p.state != "CANCELLED") return start(s, id, tote, ctx);
  }
  return refused("pack.unknown_tote", {{"tote", tote}});
}

// ---- cartons and units -----------------------------------------------------------

std::optional<outcome> choose_carton(station_state& s, packing& t, const std::string& code, const context& ctx) {
  if (auto no = busy(t)) return no;
  const carton* c = ctx.master.find_carton(code);
  if (!c) return refused("pack.unknown_carton", {{"carton", code}});
  const carton* suggestion = suggest_carton(remaining_of(*t.master, *t.progress), ctx);
  t.package->carton = c->code;
  t.package->tare_g = c->tare_g;
  t.step = "items";
  outcome out = accepted("pack.carton_chosen", {{"carton", c->name}, {"code", c->code}});
  out.events.push_back({"package.carton",
                        {{"order", t.master->id},
                         {"package", t.package->number},
                         {"carton", c->code},
                         {"tare_g", c->tare_g},
                         {"suggested", suggestion ? suggestion->code : std::string{}},
                         {"operator", badge_of(s)}}});
  return out;
}

// Another order in progress at this station that still waits for this product.
std::optional<std::string> other_order_needing(const station_state& s, const std::string& current_id,
                                               const std::string& gtin, const context& ctx) {
  for (const auto& [id, p] : s.orders) {
    if (id == current_id || p.state != "IN_PROGRESS" || is_packed_step(p.step)) continue;
    const order* o = ctx.master.find_order(id);
    if (!o) continue;
    for (const auto& need : remaining_of(*o, p)) {
      if (need.gtin == gtin && need.quantity > 0) return id;
    }
  }
  return std::nullopt;
}

bool serial_packed(const station_state& s, const std::string& gtin, const std::string& serial) {
  for (const auto& [id, p] : s.orders) {
    for (const auto& pkg : p.packages) {
      if (pkg.state == "VOIDED") continue;
      for (const auto& u : pkg.units) {
        if (u.gtin == gtin && u.serial == serial) return true;
      }
    }
  }
  return false;
}

std::optional<outcome> pack_unit(station_state& s, packing& t, const scan::classified_scan& scan,
                                 const context& ctx) {
  auto remaining = remaining_of(*t.master, *t.progress);
  if (t.step == "carton") {
    const carton* c = suggest_carton(remaining, ctx);
    return refused("pack.carton_first", {{"carton", c ? c->code : std::string{"-"}}});
  }
  if (auto no = busy(t)) return no;
  const product* prod = ctx.master.find_product(scan.key);
  if (!prod) return refused("pack.unknown_product", {{"code", scan.key}});
  const std::string& gtin = prod->gtin;
  const std::string name = prod->name;

  auto open = [&](const unit_need& n) { return n.gtin == gtin && n.quantity > 0; };
  auto need = std::find_if(remaining.begin(), remaining.end(), open);
  if (need == remaining.end()) {
    std::int64_t ordered = 0;
    for (const auto& n : needs_of(*t.master, *t.progress)) ordered += n.gtin == gtin ? n.quantity : 0;
    if (ordered > 0) return refused("pack.overpack", {{"product", name}, {"quantity", std::to_string(ordered)}});
    if (auto other = other_order_needing(s, t.master->id, gtin, ctx)) {
      return refused("pack.other_order", {{"product", name}, {"order", *other}});
    }
    return refused("pack.wrong_item", {{"product", name}, {"order", t.master->id}});
  }
  const std::string serial = scan.serial.value_or("");
  if (prod->serialized) {
    if (serial.empty()) return refused("pack.serial_missing", {{"product", name}});
    if (serial_packed(s, gtin, serial)) return refused("pack.serial_duplicate", {{"product", name}, {"serial", serial}});
    if (need->picked_here) {
      // Only a unit that was picked for the order may go into its package.
      need = std::find_if(remaining.begin(), remaining.end(), [&](const unit_need& n) {
        return open(n) && std::find(n.serials.begin(), n.serials.end(), serial) != n.serials.end();
      });
      if (need == remaining.end()) return refused("pack.serial_not_picked", {{"product", name}, {"serial", serial}});
    }
  }
  captured_unit unit{need->line, gtin, scan.lot.value_or(""), serial, iso(scan.expiry), need->substitute_for};
  t.package->units.push_back(unit);

  const std::int64_t total = unit_count(needs_of(*t.master, *t.progress));
  const std::int64_t left = unit_count(remaining) - 1;
  outcome out = accepted(left == 0 ? "pack.last_unit" : "pack.unit_packed",
                         {{"product", name},
                          {"packed", std::to_string(total - left)},
                          {"total", std::to_string(total)},
                          {"package", std::to_string(t.package->number)}});
  out.events.push_back({"pack.unit",
                        {{"order", t.master->id},
                         {"package", t.package->number},
                         {"line", unit.line},
                         {"gtin", unit.gtin},
                         {"lot", unit.lot},
                         {"serial", unit.serial},
                         {"expiry", unit.expiry},
                         {"substitute_for", unit.substitute_for},
                         {"operator", badge_of(s)}}});
  return out;
}

// ---- closing and weighing ---------------------------------------------------------

std::optional<outcome> close_package(station_state& s, packing& t, const context& ctx) {
  if (auto no = busy(t)) return no;
  if (t.package->units.empty()) return refused("pack.package_empty", {{"package", std::to_string(t.package->number)}});
  std::int64_t expected = t.package->tare_g;
  for (const auto& u : t.package->units) {
    if (const product* p = ctx.master.find_product(u.gtin)) expected += p->unit_weight_g;
  }
  t.package->expected_g = expected;
  t.package->measured_g = -1;
  t.step = "weigh";
  outcome out = accepted("pack.weigh",
                         {{"package", std::to_string(t.package->number)}, {"expected", std::to_string(expected)}});
  out.events.push_back({"package.closed",
                        {{"order", t.master->id},
                         {"package", t.package->number},
                         {"carton", t.package->carton},
                         {"units", static_cast<std::int64_t>(t.package->units.size())},
                         {"expected_g", expected},
                         {"operator", badge_of(s)}}});
  return out;
}

// The weight is accepted: ask for the package's SSCC (answered by sscc_input).
outcome to_closing(station_state& s, packing& t, const context& ctx, message text) {
  t.step = "closing";
  outcome out = accepted("");
  out.text = std::move(text);
  out.events.push_back({"package.weighed",
                        {{"order", t.master->id},
                         {"package", t.package->number},
                         {"measured_g", t.package->measured_g},
                         {"expected_g", t.package->expected_g},
                         {"tolerance_g", tolerance_g(t.package->expected_g, ctx.rules)},
                         {"override_by", t.package->override_by},
                         {"override_reason", t.package->override_reason},
                         {"operator", badge_of(s)}}});
  out.allocate_sscc = close_request{t.master->id, t.package->number};
  return out;
}

std::optional<outcome> weigh(station_state& s, packing& t, std::int64_t grams, const context& ctx) {
  if (t.step != "weigh" && t.step != "weight_mismatch") return std::nullopt;
  const std::int64_t expected = t.package->expected_g;
  const std::int64_t tolerance = tolerance_g(expected, ctx.rules);
  t.package->measured_g = grams;
  if (within_tolerance(grams, expected, ctx.rules)) {
    if (s.pending_override && s.pending_override->what == "pack.weight") s.pending_override.reset();
    return to_closing(s, t, ctx, {"pack.closing", {{"measured", std::to_string(grams)}}});
  }
  t.step = "weight_mismatch";
  s.pending_override = override_request{
      "pack.weight",
      fmt::format("{} package {}: {} g, expected {} g ±{} g", t.master->id, t.package->number, grams, expected, tolerance),
      ""};
  outcome out = accepted("pack.weight_mismatch", {{"measured", std::to_string(grams)},
                                                  {"expected", std::to_string(expected)},
                                                  {"tolerance", std::to_string(tolerance)}});
  out.light = signal::error;
  out.buzz = true;
  out.events.push_back({"package.weight_mismatch",
                        {{"order", t.master->id},
                         {"package", t.package->number},
                         {"measured_g", grams},
                         {"expected_g", expected},
                         {"tolerance_g", tolerance},
                         {"difference_g", grams - expected},
                         {"operator", badge_of(s)}}});
  return out;
}

std::optional<outcome> recount(station_state& s, packing& t) {
  if (t.step == "carton") return std::nullopt;
  if (t.step == "closing") return busy(t);
  const auto cleared = static_cast<std::int64_t>(t.package->units.size());
  t.package->units.clear();
  t.package->expected_g = 0;
  t.package->measured_g = -1;
  t.step = "items";
  if (s.pending_override && s.pending_override->what == "pack.weight") s.pending_override.reset();
  outcome out = accepted("pack.recount", {{"package", std::to_string(t.package->number)}});
  out.events.push_back({"package.recount",
                        {{"order", t.master->id},
                         {"package", t.package->number},
                         {"cleared", cleared},
                         {"operator", badge_of(s)}}});
  return out;
}

std::optional<outcome> override_granted(station_state& s, packing& t, const action_input& a, const context& ctx) {
  auto arg = [&](const char* key) {
    auto it = a.args.find(key);
    return it == a.args.end() ? std::string{} : it->second;
  };
  if (arg("what") != "pack.weight" || t.step != "weight_mismatch") return std::nullopt;
  t.package->override_by = arg("supervisor");
  t.package->override_reason = arg("reason");
  const station_operator* sup = ctx.master.find_operator(t.package->override_by);
  return to_closing(s, t, ctx,
                    {"pack.weight_overridden",
                     {{"supervisor", sup ? sup->name : t.package->override_by}, {"reason", t.package->override_reason}}});
}

// The operator puts the order aside; its open package keeps its units and the
// order can be scanned again to carry on.
std::optional<outcome> set_aside(station_state& s, packing& t) {
  if (t.step == "closing") return busy(t);
  if (s.pending_override && s.pending_override->what == "pack.weight") s.pending_override.reset();
  outcome out = accepted("pack.set_aside", {{"order", t.master->id}});
  out.events.push_back({"pack.set_aside",
                        {{"order", t.master->id},
                         {"package", t.package->number},
                         {"units", static_cast<std::int64_t>(t.package->units.size())},
                         {"operator", badge_of(s)}}});
  s.pack.reset();
  return out;
}

// A command, scanned (CMD-CLOSE) or chosen in the UI (close).
std::optional<outcome> command(station_state& s, std::optional<packing>& t, const std::string& name,
                               const context& ctx) {
  if (!t) return std::nullopt;
  if (name == "close") return close_package(s, *t, ctx);
  if (name == "recount") return recount(s, *t);
  if (name == "cancel" || name == "set-aside") return set_aside(s, *t);
  return std::nullopt;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

} // namespace

std::optional<outcome> pack_step(station_state& s, const input& in, const context& ctx) {
  // The service answers these whatever the station does now.
  if (const auto* sscc = std::get_if<sscc_input>(&in)) return seal_package(s, *sscc, ctx);
  if (const auto* label = std::get_if<label_input>(&in)) return label_confirmed(s, *label, ctx);

  std::optional<packing> task = current(s, ctx);
  // A task whose order or open package is gone (new master data) is dropped
  // rather than blocking the station; it is kept unless the input is accepted.
  if (s.pack && !task) s.pack.reset();
  if (const auto* scan = std::get_if<scan_input>(&in)) {
    const auto& m = scan->meaning;
    switch (m.kind) {
    case scan::scan_kind::order: return start(s, m.key, {}, ctx);
    case scan::scan_kind::tote: return start_from_tote(s, m.key, ctx);
    case scan::scan_kind::command: return command(s, task, lower(m.key), ctx);
    case scan::scan_kind::product:
      if (!task) return refused("pack.scan_order_first");
      return pack_unit(s, *task, m, ctx);
    default:
      if (!ctx.master.find_carton(m.key)) return std::nullopt;
      if (!task) return refused("pack.scan_order_first");
      return choose_carton(s, *task, m.key, ctx);
    }
  }
  if (const auto* action = std::get_if<action_input>(&in)) {
    if (action->name == "carton") {
      if (!task) return refused("pack.scan_order_first");
      auto code = action->args.find("code");
      return choose_carton(s, *task, code == action->args.end() ? std::string{} : code->second, ctx);
    }
    if (action->name == "override.granted") return task ? override_granted(s, *task, *action, ctx) : std::nullopt;
    return command(s, task, action->name, ctx);
  }
  if (const auto* weight = std::get_if<weight_input>(&in)) {
    return task ? weigh(s, *task, weight->grams, ctx) : std::nullopt;
  }
  return std::nullopt;
}

} // namespace stationd::workflow
