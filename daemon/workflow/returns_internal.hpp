#pragma once

// Parts of the return verification workflow shared by returns.cpp (identify,
// weigh, cancel, routing), returns_items.cpp (unit scans) and returns_grade.cpp
// (grade, disposition, confirm). Not used outside these files.
#include "workflow/station_core.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace stationd::workflow::returns_detail {

// The RMA and order a task works on, looked up again from master data at each
// step (the task keeps only their ids).
struct parcel {
  const rma& authorisation;
  const order& sold;
};

std::string badge_of(const station_state& state);
return_mismatch mismatch(std::string code, int line, std::string gtin, std::string serial, std::int64_t expected,
                         std::int64_t actual);
// {rma, order, operator}: the start of every return event's payload.
boost::json::object base_payload(const station_state& state, const return_task& task);
journal_event state_event(const return_task& task, std::string_view return_state);
boost::json::object to_json(const return_mismatch& m);
boost::json::array to_json(const std::vector<return_mismatch>& ms);
// Records a mismatch in the task and journals it as return.mismatch.
void record(station_state& state, return_task& task, return_mismatch m, outcome& o);
// An accepted outcome with the error light and buzzer: accepted, but wrong.
outcome accepted_wrong(std::string message_id, std::vector<std::pair<std::string, std::string>> args);
// A refusal that tells the operator what the current step expects.
outcome wrong_step(const return_task& task);
// When the parcel has mismatches and the return is not flagged yet: ACTION_REQUIRED
// and return.flagged with the evidence.
void flag_if_needed(station_state& state, const return_task& task, const parcel& p, const context& ctx, outcome& o);
bool has(const return_task& task, std::string_view code);

std::optional<outcome> on_item(station_state& state, const scan::classified_scan& scan, const parcel& p,
                               const context& ctx);
outcome items_done(station_state& state, const parcel& p, const context& ctx);
outcome grade_command(station_state& state, const std::string& grade);
outcome grade_action(station_state& state, const action_input& a, const parcel& p, const context& ctx);
outcome change_disposition(station_state& state, const action_input& a);
std::optional<outcome> override_granted(station_state& state, const action_input& a);
outcome confirm(station_state& state, const parcel& p, const context& ctx);

} // namespace stationd::workflow::returns_detail
