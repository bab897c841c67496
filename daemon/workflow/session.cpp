// Operator sessions: badge log-in and log-out, idle time-out, mode choice and
// supervisor overrides. Runs before the workflow of the current mode sees an input.
#include "workflow/station_core.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <utility>

namespace stationd::workflow {
namespace {

boost::json::object session_payload(const session_state& s) {
  return {{"badge", s.badge}, {"name", s.name}, {"role", s.role}};
}

outcome log_out(station_state& state, std::string_view why, const context& ctx) {
  outcome o = accepted(why == "timeout" ? "session.timed_out" : "session.logged_out", {{"name", state.session->name}});
  auto payload = session_payload(*state.session);
  payload["why"] = why;
  // Never negative, whatever the wall clock did since the log-in.
  payload["minutes"] = std::max<std::int64_t>(0, ctx.now_ms - state.session->started_ms) / 60000;
  o.events.push_back({"session.logout", std::move(payload)});
  o.light = signal::none;
  state.session.reset();
  state.pending_override.reset();
  return o;
}

outcome log_in(station_state& state, const station_operator& op, const context& ctx, outcome o) {
  session_state s;
  s.badge = op.badge;
  s.name = op.name;
  s.role = op.role;
  s.language = op.language.empty() ? ctx.rules.language : op.language;
  s.started_ms = ctx.now_ms;
  s.last_activity_ms = ctx.now_ms;
  o.events.push_back({"session.login", session_payload(s)});
  o.result = verdict::accepted;
  o.light = signal::ok;
  o.text = state.mode == "idle" ? message{"session.welcome", {{"name", op.name}}}
                                : message{"session.welcome_back", {{"name", op.name}, {"mode", state.mode}}};
  state.session = std::move(s);
  return o;
}

std::optional<std::string> mode_of_command(std::string_view command) {
  if (command == "PICK") return "pick";
  if (command == "PACK") return "pack";
  if (command == "SHIP") return "ship";
  if (command == "RETURN" || command == "RETURNS") return "return";
  if (command == "IDLE") return "idle";
  return std::nullopt;
}

outcome switch_mode(station_state& state, const std::string& mode) {
  if (mode != "idle" && mode != "pick" && mode != "pack" && mode != "ship" && mode != "return") {
    return refused("station.unknown_mode", {{"mode", mode}});
  }
  outcome o = accepted("mode." + mode);
  o.events.push_back({"station.mode", {{"from", state.mode}, {"to", mode}}});
  state.mode = mode;
  return o;
}

// A supervisor completed an override the current workflow asked for: journal it,
// then let the workflow carry on.
outcome grant_override(station_state& state, const std::string& supervisor, const std::string& reason,
                       const context& ctx) {
  const override_request request = *state.pending_override;
  state.pending_override.reset();
  outcome o;
  const action_input granted{"override.granted", {{"what", request.what}, {"supervisor", supervisor}, {"reason", reason}}};
  std::optional<outcome> next;
  if (state.mode == "pick") next = pick_step(state, granted, ctx);
  else if (state.mode == "pack") next = pack_step(state, granted, ctx);
  else if (state.mode == "ship") next = ship_step(state, granted, ctx);
  else if (state.mode == "return") next = return_step(state, granted, ctx);
  if (!next || next->result != verdict::accepted) return next ? *next : refused("override.nothing_pending");
  o = std::move(*next);
  o.events.insert(o.events.begin(),
                  journal_event{"supervisor.override",
                                {{"what", request.what},
                                 {"detail", request.detail},
                                 {"supervisor", supervisor},
                                 {"operator", state.session ? state.session->badge : std::string{}},
                                 {"reason", reason}}});
  return o;
}

std::optional<outcome> on_badge(station_state& state, const std::string& badge, const context& ctx) {
  const station_operator* op = ctx.master.find_operator(badge);
  if (!op) return refused("session.unknown_badge", {{"badge", badge}});
  if (state.pending_override && state.session && op->badge != state.session->badge) {
    if (op->role != "supervisor") return refused("override.not_supervisor", {{"name", op->name}});
    state.pending_override->supervisor = op->badge;
    outcome o = accepted("override.reason_needed", {{"name", op->name}});
    o.light = signal::attention;
    return o;
  }
  if (state.session && state.session->badge == op->badge) {
    return accepted("session.already", {{"name", op->name}});
  }
  outcome o;
  if (state.session) o = log_out(state, "switch", ctx);
  return log_in(state, *op, ctx, std::move(o));
}

} // namespace

void follow_clock(station_state& state, std::int64_t now_ms) {
  if (state.session && now_ms < state.session->last_activity_ms) state.session->last_activity_ms = now_ms;
}

std::optional<outcome> session_step(station_state& state, const input& in, const context& ctx) {
  if (std::holds_alternative<tick_input>(in)) {
    if (state.session && ctx.now_ms - state.session->last_activity_ms >= ctx.rules.idle_timeout_ms) {
      return log_out(state, "timeout", ctx);
    }
    return outcome{};
  }
  if (const auto* scan = std::get_if<scan_input>(&in)) {
    if (scan->meaning.kind == scan::scan_kind::badge) return on_badge(state, scan->meaning.key, ctx);
    if (!state.session) return refused("session.login_first");
    if (scan->meaning.kind == scan::scan_kind::command) {
      const std::string& command = scan->meaning.key;
      if (command == "LOGOUT") return log_out(state, "operator", ctx);
      if (auto mode = mode_of_command(command)) return switch_mode(state, *mode);
    }
    return std::nullopt;
  }
  if (const auto* action = std::get_if<action_input>(&in)) {
    auto arg = [&](const char* key) {
      auto it = action->args.find(key);
      return it == action->args.end() ? std::string{} : it->second;
    };
    if (action->name == "login") return on_badge(state, arg("badge"), ctx);
    if (!state.session) return refused("session.login_first");
    if (action->name == "logout") return log_out(state, "operator", ctx);
    if (action->name == "mode") return switch_mode(state, arg("mode"));
    if (action->name == "override") {
      if (!state.pending_override) return refused("override.nothing_pending");
      std::string supervisor = state.pending_override->supervisor;
      if (const std::string badge = arg("badge"); !badge.empty()) {
        const station_operator* op = ctx.master.find_operator(badge);
        if (!op) return refused("session.unknown_badge", {{"badge", badge}});
        if (op->role != "supervisor") return refused("override.not_supervisor", {{"name", op->name}});
        supervisor = op->badge;
      }
      if (supervisor.empty() && state.session->role == "supervisor") supervisor = state.session->badge;
      if (supervisor.empty()) return refused("override.supervisor_needed");
      const std::string reason = arg("reason");
      if (reason.empty()) return refused("override.reason_needed_text");
      return grant_override(state, supervisor, reason, ctx);
    }
    if (action->name == "override.cancel") {
      if (!state.pending_override) return refused("override.nothing_pending");
      state.pending_override.reset();
      return accepted("override.cancelled");
    }
    return std::nullopt;
  }
  if (std::holds_alternative<weight_input>(in) && !state.session) return outcome{};
  return std::nullopt;
}

} // namespace stationd::workflow
