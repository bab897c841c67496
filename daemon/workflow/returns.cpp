// Return verification: identify the parcel (RMA, order or carrier tracking number),
// weigh it unopened, scan each unit, grade, choose dispositions and confirm. The
// station gathers evidence; central decides the refund (docs/workflows.md).
// This file: identification, weighing, cancelling and routing of inputs.
#include "workflow/iso_date.hpp"
#include "workflow/returns_internal.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace stationd::workflow {
namespace returns_detail {

std::string badge_of(const station_state& state) { return state.session ? state.session->badge : std::string{}; }

return_mismatch mismatch(std::string code, int line, std::string gtin, std::string serial, std::int64_t expected,
                         std::int64_t actual) {
  return_mismatch m;
  m.code = std::move(code);
  m.line = line;
  m.gtin = std::move(gtin);
  m.serial = std::move(serial);
  m.expected = expected;
  m.actual = actual;
  return m;
}

boost::json::object base_payload(const station_state& state, const return_task& task) {
  return {{"rma", task.rma}, {"order", task.order_id}, {"operator", badge_of(state)}};
}

journal_event state_event(const return_task& task, std::string_view return_state) {
  return {"return.state", {{"rma", task.rma}, {"order", task.order_id}, {"state", return_state}}};
}

// Named keys per code, so central reads "measured_g" rather than a generic "actual".
boost::json::object to_json(const return_mismatch& m) {
  boost::json::object j{{"code", m.code}};
  if (m.code == "OUTSIDE_WINDOW") {
    j["days"] = m.actual;
    j["window_days"] = m.expected;
    j["since"] = m.since;
  } else if (m.code == "WEIGHT_LOW" || m.code == "WEIGHT_HIGH") {
    j["measured_g"] = m.actual;
    j["expected_g"] = m.expected;
    j["delta_g"] = m.actual - m.expected;
    j["tolerance_g"] = m.tolerance;
  } else {
    j["line"] = m.line;
    j["gtin"] = m.gtin;
    if (!m.serial.empty()) j["serial"] = m.serial;
    if (m.code == "QUANTITY_EXCEEDED") {
      j["allowed"] = m.expected;
      j["received"] = m.actual;
    } else if (m.code == "MISSING_ITEMS") {
      j["expected"] = m.expected;
      j["received"] = m.actual;
    }
  }
  return j;
}

boost::json::array to_json(const std::vector<return_mismatch>& ms) {
  boost::json::array a;
  for (const auto& m : ms) a.push_back(to_json(m));
  return a;
}

void record(station_state& state, return_task& task, return_mismatch m, outcome& o) {
  auto payload = base_payload(state, task);
  for (auto& [key, value] : to_json(m)) payload[key] = value;
  o.events.push_back({"return.mismatch", std::move(payload)});
  task.mismatches.push_back(std::move(m));
}

outcome accepted_wrong(std::string message_id, std::vector<std::pair<std::string, std::string>> args) {
  outcome o = accepted(std::move(message_id), std::move(args));
  o.light = signal::error;
  o.buzz = true;
  return o;
}

outcome wrong_step(const return_task& task) {
  if (task.step == "weigh") return refused("return.weigh_first", {{"rma", task.rma}});
  if (task.step == "items") return refused("return.items_first");
  if (task.step == "grade") return refused("return.grade_first");
  return refused("return.confirm_first");
}

bool has(const return_task& task, std::string_view code) {
  return std::any_of(task.mismatches.begin(), task.mismatches.end(), [&](const auto& m) { return m.code == code; });
}

} // namespace returns_detail

namespace {
using namespace returns_detail;

struct identified {
  const rma* found = nullptr;
  std::string scanned_as; // rma, order, tracking; empty: not a return's barcode
};

identified identify(const scan::classified_scan& s, const catalog& master) {
  switch (s.kind) {
  case scan::scan_kind::rma: return {master.find_rma(s.key), "rma"};
  case scan::scan_kind::order: return {master.find_rma_by_order(s.key), "order"};
  case scan::scan_kind::tracking: {
    if (const rma* r = master.find_rma_by_tracking(s.key)) return {r, "tracking"};
    // A customer may send the parcel back with the outbound label's number.
    for (const order& o : master.data().orders) {
      if (!o.tracking_number.empty() && o.tracking_number == s.key) return {master.find_rma_by_order(o.id), "tracking"};
    }
    return {nullptr, "tracking"};
  }
  default: return {};
  }
}

std::int64_t expected_weight(const rma& r, const context& ctx) {
  std::int64_t grams = ctx.rules.return_packaging_g;
  for (const rma_line& l : r.lines) {
    if (const product* p = ctx.master.find_product(l.gtin)) grams += l.quantity * p->unit_weight_g;
  }
  return grams;
}

std::int64_t weight_tolerance(std::int64_t expected, const context& ctx) {
  const double share = static_cast<double>(expected) * ctx.rules.return_weight_tolerance_percent / 100.0;
  const auto percent = static_cast<std::int64_t>(std::llround(share));
  return std::max(ctx.rules.return_weight_tolerance_g, percent);
}

bool done_here(const station_state& state, const std::string& rma_id) {
  const auto it = state.returns.find(rma_id);
  if (it == state.returns.end()) return false;
  const std::string& s = it->second.state;
  return s == "INSPECTED" || s == "ACTION_REQUIRED" || s == "COMPLETED";
}

// The return window runs from delivery, else shipping, else the RMA's creation.
std::optional<return_mismatch> window_check(const rma& r, const order& o, const context& ctx) {
  const std::string& base = !o.delivered_on.empty() ? o.delivered_on
                            : !o.shipped_on.empty() ? o.shipped_on
                                                    : r.created_on;
  const auto from = iso_day_number(base), now = iso_day_number(ctx.today);
  if (!from || !now) return std::nullopt;
  const std::int64_t window = r.return_window_days >= 0 ? r.return_window_days : ctx.rules.return_window_days;
  const std::int64_t days = *now - *from;
  if (days <= window) return std::nullopt;
  return_mismatch m = mismatch("OUTSIDE_WINDOW", 0, {}, {}, window, days);
  m.since = base;
  return m;
}

outcome arrive(station_state& state, const scan::classified_scan& s, const identified& id, const context& ctx) {
  if (!id.found) return refused("return.unknown", {{"scanned", s.key}});
  const rma& r = *id.found;
  if (r.state == "COMPLETED" || done_here(state, r.id)) return refused("return.already_done", {{"rma", r.id}});
  if (r.state != "APPROVED") return refused("return.rma_not_open", {{"rma", r.id}, {"state", r.state}});
  const order* o = ctx.master.find_order(r.order_id);
  if (!o) return refused("return.order_unknown", {{"rma", r.id}, {"order", r.order_id}});

  return_task task;
  task.rma = r.id;
  task.order_id = o->id;
  task.scanned_as = id.scanned_as;
  task.step = "weigh";
  task.expected_g = expected_weight(r, ctx);
  task.tolerance_g = weight_tolerance(task.expected_g, ctx);
  return_progress& progress = state.returns[r.id];
  progress.rma = r.id;
  progress.state = "ARRIVED";

  const std::string expected = std::to_string(task.expected_g);
  outcome out = accepted("return.arrived", {{"rma", r.id}, {"order", o->id}, {"expected", expected}});
  auto payload = base_payload(state, task);
  payload["client_id"] = o->client_id;
  payload["scanned_as"] = id.scanned_as;
  payload["scanned"] = s.key;
  payload["expected_weight_g"] = task.expected_g;
  out.events.push_back({"return.arrived", std::move(payload)});
  out.events.push_back(state_event(task, "ARRIVED"));
  if (auto late = window_check(r, *o, ctx)) {
    // Not refused: the parcel is here and must be handled; central decides.
    out.text = {"return.arrived_late",
               {{"rma", r.id},
                {"order", o->id},
                {"days", std::to_string(late->actual)},
                {"window", std::to_string(late->expected)},
                {"expected", expected}}};
    out.light = signal::attention;
    out.buzz = true;
    record(state, task, std::move(*late), out);
  }
  state.ret = std::move(task);
  return out;
}

outcome weigh(station_state& state, std::int64_t grams) {
  return_task& task = *state.ret;
  task.measured_g = grams;
  task.step = "items";
  state.returns[task.rma].state = "INSPECTING";
  const std::int64_t delta = grams - task.expected_g;
  const bool ok = delta >= -task.tolerance_g && delta <= task.tolerance_g;
  const std::vector<std::pair<std::string, std::string>> args{{"measured", std::to_string(grams)},
                                                              {"expected", std::to_string(task.expected_g)},
                                                              {"delta", std::to_string(delta)}};
  outcome o = ok ? accepted("return.weight_ok", args)
                 : accepted_wrong(delta < 0 ? "return.weight_low" : "return.weight_high", args);
  auto payload = base_payload(state, task);
  payload["measured_g"] = grams;
  payload["expected_g"] = task.expected_g;
  payload["tolerance_g"] = task.tolerance_g;
  payload["delta_g"] = delta;
  payload["weight_ok"] = ok;
  o.events.push_back({"return.weighed", std::move(payload)});
  if (!ok) {
    return_mismatch m = mismatch(delta < 0 ? "WEIGHT_LOW" : "WEIGHT_HIGH", 0, {}, {}, task.expected_g, grams);
    m.tolerance = task.tolerance_g;
    record(state, task, std::move(m), o);
  }
  o.events.push_back(state_event(task, "INSPECTING"));
  return o;
}

// Abandoned: the parcel is put back as it was, and the return is EXPECTED again.
outcome cancel(station_state& state) {
  const return_task task = *state.ret;
  outcome o = accepted("return.cancelled", {{"rma", task.rma}});
  auto payload = base_payload(state, task);
  payload["step"] = task.step;
  payload["units"] = static_cast<std::int64_t>(task.units.size());
  o.events.push_back({"return.cancelled_inspection", std::move(payload)});
  o.events.push_back(state_event(task, "EXPECTED"));
  state.returns.erase(task.rma);
  state.ret.reset();
  if (state.pending_override && state.pending_override->what == "return.disposition") state.pending_override.reset();
  o.light = signal::none;
  return o;
}

bool is_return_barcode(scan::scan_kind k) {
  return k == scan::scan_kind::rma || k == scan::scan_kind::order || k == scan::scan_kind::tracking;
}

std::optional<outcome> on_command(station_state& state, const std::string& command, const parcel& p,
                                  const context& ctx) {
  if (command == "CANCEL") return cancel(state);
  if (command == "DONE") return state.ret->step == "items" ? items_done(state, p, ctx) : wrong_step(*state.ret);
  if (command == "CONFIRM") return state.ret->step == "confirm" ? confirm(state, p, ctx) : wrong_step(*state.ret);
  if (command.starts_with("GRADE-")) return grade_command(state, command.substr(6));
  return std::nullopt;
}

std::optional<outcome> with_task(station_state& state, const input& in, const parcel& p, const context& ctx) {
  return_task& task = *state.ret;
  if (const auto* w = std::get_if<weight_input>(&in)) {
    // Only the unopened parcel's weight counts; an empty scale or later weights are noise.
    if (task.step != "weigh" || w->grams <= 0) return std::nullopt;
    return weigh(state, w->grams);
  }
  if (const auto* s = std::get_if<scan_input>(&in)) {
    const auto& m = s->meaning;
    if (is_return_barcode(m.kind)) return refused("return.finish_first", {{"rma", task.rma}});
    if (m.kind == scan::scan_kind::command) return on_command(state, m.key, p, ctx);
    if (m.kind != scan::scan_kind::product) return std::nullopt;
    if (task.step == "items") return on_item(state, m, p, ctx);
    if (task.step == "weigh") return wrong_step(task);
    return refused("return.items_closed");
  }
  const auto* a = std::get_if<action_input>(&in);
  if (!a) return std::nullopt;
  if (a->name == "cancel") return cancel(state);
  if (a->name == "items-done") return task.step == "items" ? items_done(state, p, ctx) : wrong_step(task);
  if (a->name == "grade") return grade_action(state, *a, p, ctx);
  if (a->name == "disposition") return change_disposition(state, *a);
  if (a->name == "confirm") return task.step == "confirm" ? confirm(state, p, ctx) : wrong_step(task);
  if (a->name == "override.granted") return override_granted(state, *a);
  return std::nullopt;
}

std::optional<outcome> without_task(station_state& state, const input& in, const context& ctx) {
  if (const auto* s = std::get_if<scan_input>(&in)) {
    const auto& m = s->meaning;
    if (is_return_barcode(m.kind)) return arrive(state, m, identify(m, ctx.master), ctx);
    if (m.kind == scan::scan_kind::command && m.key == "CANCEL") return refused("return.nothing_to_cancel");
    if (m.kind == scan::scan_kind::product || m.kind == scan::scan_kind::command) {
      return refused("return.scan_rma_first");
    }
    return std::nullopt;
  }
  if (const auto* a = std::get_if<action_input>(&in)) {
    if (a->name == "cancel") return refused("return.nothing_to_cancel");
    if (a->name == "items-done" || a->name == "grade" || a->name == "disposition" || a->name == "confirm") {
      return refused("return.scan_rma_first");
    }
  }
  return std::nullopt;
}

// A return label the printer could not print: tell the operator (nothing changes).
std::optional<outcome> on_label(const station_state& state, const label_input& l) {
  if (l.printed || !state.returns.contains(l.reference)) return std::nullopt;
  return refused("return.label_not_printed", {{"rma", l.reference}});
}

} // namespace

std::optional<outcome> return_step(station_state& state, const input& in, const context& ctx) {
  if (const auto* l = std::get_if<label_input>(&in)) return on_label(state, *l);
  if (!state.ret) return without_task(state, in, ctx);
  const rma* r = ctx.master.find_rma(state.ret->rma);
  const order* o = r ? ctx.master.find_order(r->order_id) : nullptr;
  if (!r || !o) {
    // The master data changed under a running task: only cancelling makes sense.
    if (!std::holds_alternative<scan_input>(in) && !std::holds_alternative<action_input>(in)) return std::nullopt;
    if (const auto* a = std::get_if<action_input>(&in); a && a->name == "cancel") return cancel(state);
    if (const auto* s = std::get_if<scan_input>(&in);
        s && s->meaning.kind == scan::scan_kind::command && s->meaning.key == "CANCEL") {
      return cancel(state);
    }
    return refused("return.order_unknown", {{"rma", state.ret->rma}, {"order", state.ret->order_id}});
  }
  return with_task(state, in, parcel{*r, *o}, ctx);
}

} // namespace stationd::workflow
