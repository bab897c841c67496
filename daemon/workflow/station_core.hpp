#pragma once

#include "workflow/workflow_types.hpp"

// The station's brain: a pure, deterministic function of the state, the master
// data, the rules and one input. It does no I/O and keeps no state of its own:
// the caller journals the outcome's events together with the new state and only
// then shows the message, switches the light and prints (docs/workflows.md).
namespace stationd::workflow {

// Applies `in` to `state`. A refused or ignored input leaves `state` unchanged.
outcome step(station_state& state, const input& in, const context& ctx);

// The caller shows the core the wall clock before each step. When it has gone
// back behind the session's last activity (an NTP step, a corrected real-time
// clock), the idle time counts from `now_ms`: the session still times out
// `idle_timeout` later instead of living until the clock catches up. A clock
// that goes forward is believed (docs/workflows.md, "Sessions and the clock").
// Not a step, nothing to journal.
void follow_clock(station_state& state, std::int64_t now_ms);

// ---- the parts of step(), one per workflow (each in its own file) -------------
// Each returns nullopt when the input is not its business.
std::optional<outcome> session_step(station_state& state, const input& in, const context& ctx);
std::optional<outcome> pick_step(station_state& state, const input& in, const context& ctx);
std::optional<outcome> pack_step(station_state& state, const input& in, const context& ctx);
std::optional<outcome> ship_step(station_state& state, const input& in, const context& ctx);
std::optional<outcome> return_step(station_state& state, const input& in, const context& ctx);

// Helpers shared by the workflows.
outcome accepted(std::string message_id, std::vector<std::pair<std::string, std::string>> args = {});
outcome refused(std::string message_id, std::vector<std::pair<std::string, std::string>> args = {});
// The order as the station sees it, created from master data on first use.
order_progress& progress_of(station_state& state, const order& o);

} // namespace stationd::workflow
