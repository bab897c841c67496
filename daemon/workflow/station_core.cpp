#include "workflow/station_core.hpp"

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
  if (state.mode == "pick") return pick_step(state, in, ctx);
  if (state.mode == "pack") return pack_step(state, in, ctx);
  if (state.mode == "ship") return ship_step(state, in, ctx);
  if (state.mode == "return") return return_step(state, in, ctx);
  return std::nullopt;
}

} // namespace

outcome step(station_state& state, const input& in, const context& ctx) {
  // A refused or ignored input must leave no trace in the state: work on a copy.
  station_state next = state;
  std::optional<outcome> result = session_step(next, in, ctx);
  if (!result) result = by_mode(next, in, ctx);
  if (!result) {
    if (std::holds_alternative<scan_input>(in) || std::holds_alternative<action_input>(in)) {
      result = next.mode == "idle" ? refused("station.choose_mode") : refused("station.not_expected");
    } else {
      result = outcome{}; // a weight or tick nobody waits for
    }
  }
  if (result->result == verdict::accepted) {
    ++next.steps;
    if (next.session && !std::holds_alternative<tick_input>(in)) next.session->last_activity_ms = ctx.now_ms;
    state = std::move(next);
  }
  return std::move(*result);
}

} // namespace stationd::workflow
