#include "workflow/station_core.hpp"

#include <algorithm>
#include <utility>

namespace stationd::workflow {

std::string_view to_string(verdict v) noexcept {
  switch (v) {
  case verdict::accepted: return "accepted";
  case verdict::refused: return "refused";
  case verdict::ignored: return "ignored";
  }
  return "?";
}

std::string_view to_string(signal s) noexcept {
  switch (s) {
  case signal::none: return "none";
  case signal::ok: return "ok";
  case signal::error: return "error";
  case signal::attention: return "attention";
  }
  return "?";
}

outcome accepted(std::string message_id, std::vector<std::pair<std::string, std::string>> args) {
  outcome o;
  o.result = verdict::accepted;
  o.text = {std::move(message_id), std::move(args)};
  o.light = signal::ok;
  return o;
}

outcome refused(std::string message_id, std::vector<std::pair<std::string, std::string>> args) {
  outcome o;
  o.result = verdict::refused;
  o.text = {std::move(message_id), std::move(args)};
  o.light = signal::error;
  o.buzz = true;
  return o;
}

order_progress& progress_of(station_state& state, const order& o) {
  auto it = state.orders.find(o.id);
  if (it == state.orders.end()) {
    order_progress p;
    p.order_id = o.id;
    p.state = o.state;
    it = state.orders.emplace(o.id, std::move(p)).first;
  }
  return it->second;
}

namespace {

std::optional<outcome> by_mode(station_state& state, const input& in, const context& ctx) {
  // Answers to what packing asked for (an SSCC, a printed label) may arrive after
  // the operator moved on to another mode.
  if (std::holds_alternative<sscc_input>(in)) return pack_step(state, in, ctx);
  if (std::holds_alternative<label_input>(in)) {
    if (auto o = pack_step(state, in, ctx)) return o;
    if (auto o = return_step(state, in, ctx)) return o;
    return outcome{}; // a label no workflow waits for
  }
  if (state.mode == "pick") return pick_step(state, in, ctx);
  if (state.mode == "pack") return pack_step(state, in, ctx);
  if (state.mode == "ship") return ship_step(state, in, ctx);
  if (state.mode == "return") return return_step(state, in, ctx);
  return std::nullopt;
}

// A shipped or cancelled order is history: the journal has every event of it,
// and the state, written with every step, must not grow with each order. The
// last few stay, without their units, so a second scan of a package just loaded
// still says "already loaded".
constexpr std::size_t finished_orders_kept = 50;

void forget_finished(station_state& state) {
  for (auto& [id, p] : state.orders) {
    const bool finished = p.state == "SHIPPED" || p.state == "CANCELLED";
    if (!finished || std::find(state.finished.begin(), state.finished.end(), id) != state.finished.end()) continue;
    const bool in_use = (state.pick && state.pick->order_id == id) || (state.pack && state.pack->order_id == id) ||
                        (state.ship && state.ship->order_id == id);
    if (in_use) continue;
    for (auto& line : p.picked) line.units.clear();
    for (auto& package : p.packages) package.units.clear();
    state.finished.push_back(id);
  }
  while (state.finished.size() > finished_orders_kept) {
    if (auto it = state.orders.find(state.finished.front()); it != state.orders.end()) {
      for (const auto& package : it->second.packages) state.packages.erase(package.sscc);
      state.orders.erase(it);
    }
    state.finished.erase(state.finished.begin());
  }
}

// The operator actions some workflow understands (docs/workflows.md); any other
// name is a mistake worth naming, not just "not expected now".
bool known_action(std::string_view name) {
  static constexpr std::string_view names[] = {"cancel",   "carton",   "close",     "confirm",         "disposition",
                                               "grade",    "items-done", "login",   "logout",          "mode",
                                               "override", "override.cancel", "quantity", "recount", "set-aside",
                                               "short"};
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

} // namespace

outcome step(station_state& state, const input& in, const context& ctx) {
  // A refused or ignored input must leave no trace in the state: work on a copy.
  station_state next = state;
  std::optional<outcome> result = session_step(next, in, ctx);
  if (!result) result = by_mode(next, in, ctx);
  if (!result) {
    if (const auto* action = std::get_if<action_input>(&in); action && !known_action(action->name)) {
      result = refused("station.unknown_action", {{"action", action->name}});
    } else if (std::holds_alternative<scan_input>(in) || std::holds_alternative<action_input>(in)) {
      result = next.mode == "idle" ? refused("station.choose_mode") : refused("station.not_expected");
    } else {
      result = outcome{}; // a weight or tick nobody waits for
    }
  }
  if (result->result == verdict::accepted) {
    forget_finished(next);
    ++next.steps;
    if (next.session && !std::holds_alternative<tick_input>(in)) next.session->last_activity_ms = ctx.now_ms;
    state = std::move(next);
  }
  return std::move(*result);
}

} // namespace stationd::workflow
