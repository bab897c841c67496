// Picking: an order's lines are picked into a tote, location by location. The
// operator scans the order, a tote, then for each line its location and its
// units (one scan per unit, or one scan and the count of identical units). A
// line that cannot be completed is recorded short and puts the order on hold.
#include "workflow/pick_detail.hpp"

#include <algorithm>
#include <charconv>

namespace stationd::workflow {
namespace pick_detail {

std::int64_t remaining(const pick_line_state& line) {
  return std::max<std::int64_t>(0, line.quantity - line.picked - line.short_quantity);
}

std::string product_name(const catalog& master, std::string_view gtin) {
  const product* p = master.find_product(gtin);
  return p ? p->name : std::string(gtin);
}

std::string operator_badge(const station_state& state) { return state.session ? state.session->badge : std::string{}; }

void sync_progress(station_state& state, const pick_task& task) {
  order_progress& p = state.orders[task.order_id];
  p.picked = task.lines;
  std::stable_sort(p.picked.begin(), p.picked.end(),
                   [](const pick_line_state& a, const pick_line_state& b) { return a.line < b.line; });
}

journal_event order_state_event(const order& o, const order_progress& p) {
  return {
      "order.state",
      {{"order", o.id}, {"client_id", o.client_id}, {"state", p.state}, {"step", p.step}, {"reason", p.hold_reason}}};
}

} // namespace pick_detail

namespace {

using namespace pick_detail;

bool finished(const order_progress& p) { return p.state == "SHIPPED" || p.state == "CANCELLED"; }

std::string holds_text(const order& o) {
  std::string text;
  for (const hold& h : o.holds) text += (text.empty() ? "" : "; ") + h.kind + ": " + h.reason;
  return text.empty() ? o.state : text;
}

// Why an order may not be picked here, if it may not.
std::optional<outcome> order_refusal(const station_state& state, const order& o) {
  if (!o.holds.empty() || o.state == "ON_HOLD")
    return refused("pick.order_held", {{"order", o.id}, {"reason", holds_text(o)}});
  if (o.state != "READY") return refused("pick.order_not_ready", {{"order", o.id}, {"state", o.state}});
  if (o.lines.empty()) return refused("pick.order_empty", {{"order", o.id}});
  const auto it = state.orders.find(o.id);
  if (it == state.orders.end()) return std::nullopt;
  const order_progress& p = it->second;
  if (p.state == "ON_HOLD") return refused("pick.order_on_hold_here", {{"order", o.id}, {"reason", p.hold_reason}});
  if (p.state != "READY" && p.state != "IN_PROGRESS")
    return refused("pick.order_not_ready", {{"order", o.id}, {"state", p.state}});
  if (!p.step.empty() && p.step != "PICKING")
    return refused("pick.order_already_picked", {{"order", o.id}, {"step", p.step}});
  return std::nullopt;
}

// The pick list: the order's lines in the order they are visited (by location,
// then by line number), carrying over what an interrupted pick already has.
std::vector<pick_line_state> pick_list(const order& o, const order_progress& p) {
  std::vector<pick_line_state> lines;
  for (const order_line& l : o.lines) {
    pick_line_state s{l.line, l.gtin, l.quantity, l.location, 0, 0, {}, {}};
    for (const pick_line_state& done : p.picked) {
      if (done.line == l.line) s = done;
    }
    lines.push_back(std::move(s));
  }
  std::stable_sort(lines.begin(), lines.end(), [](const pick_line_state& a, const pick_line_state& b) {
    return a.location != b.location ? a.location < b.location : a.line < b.line;
  });
  return lines;
}

outcome on_order(station_state& state, const std::string& id, const context& ctx) {
  if (state.pick) return refused("pick.task_active", {{"order", state.pick->order_id}});
  const order* o = ctx.master.find_order(id);
  if (!o) return refused("pick.unknown_order", {{"order", id}});
  if (auto refusal = order_refusal(state, *o)) return *refusal;

  order_progress& p = progress_of(state, *o);
  pick_task task;
  task.order_id = o->id;
  task.step = "tote";
  task.lines = pick_list(*o, p);
  const auto open =
      std::find_if(task.lines.begin(), task.lines.end(), [](const pick_line_state& l) { return remaining(l) > 0; });
  task.current = static_cast<std::size_t>(open - task.lines.begin());
  if (open == task.lines.end()) return refused("pick.order_already_picked", {{"order", o->id}, {"step", "PICKED"}});
  p.state = "IN_PROGRESS";
  p.step = "PICKING";
  p.hold_reason.clear();

  outcome out = accepted("pick.scan_tote", {{"order", o->id}, {"lines", std::to_string(task.lines.size())}});
  boost::json::object started{
      {"order", o->id}, {"client_id", o->client_id}, {"lines", task.lines.size()}, {"operator", operator_badge(state)}};
  if (!p.tote.empty()) started["tote"] = p.tote;
  out.events.push_back({"pick.started", std::move(started)});
  out.events.push_back(order_state_event(*o, p));
  state.pick = std::move(task);
  sync_progress(state, *state.pick);
  return out;
}

message_args go_to_args(const catalog& master, const pick_line_state& line) {
  return {{"location", line.location},
          {"quantity", std::to_string(remaining(line))},
          {"name", product_name(master, line.gtin)}};
}

outcome on_tote(station_state& state, const std::string& tote, const context& ctx) {
  pick_task& task = *state.pick;
  // A tote holds one order's units until that order has left the station.
  for (const auto& [id, p] : state.orders) {
    if (id != task.order_id && p.tote == tote && !finished(p)) {
      return refused("pick.tote_in_use", {{"tote", tote}, {"order", id}});
    }
  }
  task.tote = tote;
  task.step = "location";
  state.orders[task.order_id].tote = tote;
  message_args args = go_to_args(ctx.master, task.lines[task.current]);
  args.emplace_back("tote", tote);
  outcome out = accepted("pick.tote_assigned", std::move(args));
  out.events.push_back(
      {"pick.tote_assigned", {{"order", task.order_id}, {"tote", tote}, {"operator", operator_badge(state)}}});
  return out;
}

outcome on_location(station_state& state, const std::string& location, const context& ctx) {
  pick_task& task = *state.pick;
  const pick_line_state& line = task.lines[task.current];
  if (location != line.location) {
    return refused("pick.wrong_location", {{"expected", line.location}, {"scanned", location}});
  }
  task.step = "item";
  task.pending.reset();
  return accepted("pick.scan_item", go_to_args(ctx.master, line));
}

bool allowed_reason(const workflow_rules& rules, const std::string& reason) {
  return std::find(rules.short_reasons.begin(), rules.short_reasons.end(), reason) != rules.short_reasons.end();
}

// The current line cannot be completed: what is missing is recorded with the
// reason, the order waits on hold for someone to decide, the tote keeps what
// was picked.
outcome on_short(station_state& state, const std::string& reason, const order& ord, const context& ctx) {
  pick_task& task = *state.pick;
  if (task.step == "tote") return refused("pick.expect_tote", {{"order", task.order_id}});
  if (!allowed_reason(ctx.rules, reason)) {
    std::string allowed;
    for (const auto& r : ctx.rules.short_reasons) allowed += (allowed.empty() ? "" : ", ") + r;
    return refused("pick.short_reason_unknown", {{"reason", reason}, {"allowed", allowed}});
  }
  pick_line_state& line = task.lines[task.current];
  const std::int64_t missing = remaining(line);
  line.short_quantity += missing;
  line.short_reason = reason;
  sync_progress(state, task);
  order_progress& p = state.orders[task.order_id];
  p.state = "ON_HOLD";
  p.hold_reason = "SHORT_PICK";

  const std::string name = product_name(ctx.master, line.gtin);
  outcome out = accepted("pick.short_recorded", {{"quantity", std::to_string(missing)},
                                                 {"name", name},
                                                 {"reason", reason},
                                                 {"order", ord.id},
                                                 {"tote", task.tote}});
  out.light = signal::attention;
  out.events.push_back({"pick.short",
                        {{"order", ord.id},
                         {"line", line.line},
                         {"gtin", line.gtin},
                         {"location", line.location},
                         {"quantity", missing},
                         {"picked", line.picked},
                         {"reason", reason},
                         {"tote", task.tote},
                         {"operator", operator_badge(state)}}});
  out.events.push_back(order_state_event(ord, p));
  state.pick.reset();
  return out;
}

// Something was scanned that the current step does not take: say what it takes.
outcome expected_now(const station_state& state, const context& ctx) {
  if (!state.pick) return refused("pick.expect_order");
  const pick_task& task = *state.pick;
  if (task.step == "tote") return refused("pick.expect_tote", {{"order", task.order_id}});
  message_args args = go_to_args(ctx.master, task.lines[task.current]);
  return refused(task.step == "item" ? "pick.expect_item" : "pick.expect_location", std::move(args));
}

// Inputs that need a task and its order (refused without them).
template <typename F> outcome with_task(station_state& state, const context& ctx, F&& f) {
  if (!state.pick) return refused("pick.no_task");
  const order* ord = ctx.master.find_order(state.pick->order_id);
  if (!ord) return refused("pick.unknown_order", {{"order", state.pick->order_id}});
  return f(*ord);
}

outcome on_short_input(station_state& state, const std::string& reason, const context& ctx) {
  return with_task(state, ctx, [&](const order& ord) { return on_short(state, reason, ord, ctx); });
}

std::optional<outcome> on_scan(station_state& state, const scan::classified_scan& s, const context& ctx) {
  using scan::scan_kind;
  if (s.kind == scan_kind::command) {
    if (s.key.starts_with("QTY-")) return on_quantity(state, std::string_view(s.key).substr(4), ctx);
    if (s.key.starts_with("SHORT-")) return on_short_input(state, s.key.substr(6), ctx);
    return std::nullopt;
  }
  if (s.kind == scan_kind::badge) return std::nullopt;
  if (s.kind == scan_kind::order) return on_order(state, s.key, ctx);
  if (!state.pick) return expected_now(state, ctx);
  const std::string& step = state.pick->step;
  if (step == "tote" && s.kind == scan_kind::tote) return on_tote(state, s.key, ctx);
  if (step == "location" && s.kind == scan_kind::location) return on_location(state, s.key, ctx);
  if (step == "item" && s.kind == scan_kind::product) {
    return with_task(state, ctx, [&](const order& ord) { return on_item(state, s, ord, ctx); });
  }
  return expected_now(state, ctx);
}

} // namespace

std::optional<outcome> pick_step(station_state& state, const input& in, const context& ctx) {
  if (const auto* scan = std::get_if<scan_input>(&in)) return on_scan(state, scan->meaning, ctx);
  if (const auto* action = std::get_if<action_input>(&in)) {
    auto arg = [&](const char* key) {
      const auto it = action->args.find(key);
      return it == action->args.end() ? std::string{} : it->second;
    };
    if (action->name == "quantity") return on_quantity(state, arg("n"), ctx);
    if (action->name == "short") return on_short_input(state, arg("reason"), ctx);
  }
  return std::nullopt;
}

} // namespace stationd::workflow
