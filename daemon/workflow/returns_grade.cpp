// Return verification, after the items: grade with reason codes, a disposition per
// unit (rules, not-returnable products, quarantine for any mismatch), changes by the
// operator (a supervisor's when leaving quarantine) and the final confirmation that
// central decides the refund on.
#include "workflow/returns_internal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace stationd::workflow::returns_detail {
namespace {

constexpr std::array<std::string_view, 4> grades{"A", "B", "C", "D"};
constexpr std::array<std::string_view, 5> dispositions{"RESTOCK", "REFURBISH", "QUARANTINE", "RETURN_TO_VENDOR",
                                                       "SCRAP"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string arg(const action_input& a, const char* key) {
  const auto it = a.args.find(key);
  return it == a.args.end() ? std::string{} : it->second;
}

std::vector<std::string> split_codes(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::string joined(const std::vector<std::string>& list, std::string_view sep) {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

// Where a disposition sends units when nobody named a place: the first rule for it.
std::string location_for(std::string_view disposition, const context& ctx) {
  for (const disposition_rule& r : ctx.rules.dispositions) {
    if (r.disposition == disposition && !r.location.empty()) return r.location;
  }
  return {};
}

void assign_dispositions(return_task& task, const context& ctx) {
  for (returned_unit& u : task.units) {
    const product* p = ctx.master.find_product(u.gtin);
    if (!task.mismatches.empty()) {
      u.disposition = "QUARANTINE"; // held for central's decision, whatever the grade
      u.disposition_reason = "MISMATCH";
    } else if (p && !p->returnable) {
      u.disposition = "SCRAP";
      u.disposition_reason = "NOT_RETURNABLE";
    } else {
      const auto rule = std::find_if(ctx.rules.dispositions.begin(), ctx.rules.dispositions.end(), [&](const auto& r) {
        return r.grade == task.grade && (r.category.empty() || (p && r.category == p->category));
      });
      u.disposition = rule != ctx.rules.dispositions.end() ? rule->disposition : "QUARANTINE";
      u.disposition_reason = rule != ctx.rules.dispositions.end() ? "RULE" : "NO_RULE";
      if (rule != ctx.rules.dispositions.end() && !rule->location.empty()) {
        u.location = rule->location;
        continue;
      }
    }
    u.location = location_for(u.disposition, ctx);
  }
}

// "RESTOCK" or "SCRAP, RESTOCK (R01-01-01)": what the operator does with the units.
std::string summary(const return_task& task) {
  std::vector<std::string> seen;
  for (const returned_unit& u : task.units) {
    std::string s = u.location.empty() ? u.disposition : fmt::format("{} ({})", u.disposition, u.location);
    if (std::find(seen.begin(), seen.end(), s) == seen.end()) seen.push_back(std::move(s));
  }
  return joined(seen, ", ");
}

boost::json::array units_json(const return_task& task) {
  boost::json::array a;
  for (const returned_unit& u : task.units) {
    a.push_back(boost::json::object{{"line", u.line},
                                    {"gtin", u.gtin},
                                    {"serial", u.serial},
                                    {"lot", u.lot},
                                    {"disposition", u.disposition},
                                    {"location", u.location},
                                    {"reason", u.disposition_reason}});
  }
  return a;
}

boost::json::object verification(const return_task& task, const parcel& pc, const context& ctx) {
  std::int64_t serials_expected = 0, serials_matched = 0;
  for (const rma_line& l : pc.authorisation.lines) {
    if (const product* p = ctx.master.find_product(l.gtin); p && p->serialized) serials_expected += l.quantity;
  }
  for (const returned_unit& u : task.units) {
    if (u.serial.empty() || u.line == 0) continue;
    for (const shipped_line& s : pc.sold.shipped) {
      if (s.line == u.line && std::find(s.serials.begin(), s.serials.end(), u.serial) != s.serials.end()) {
        ++serials_matched;
      }
    }
  }
  return {{"weight_expected_g", task.expected_g},
          {"weight_measured_g", task.measured_g},
          {"weight_delta_g", task.measured_g - task.expected_g},
          {"weight_tolerance_g", task.tolerance_g},
          {"weight_ok", !has(task, "WEIGHT_LOW") && !has(task, "WEIGHT_HIGH")},
          {"items_match", !has(task, "ITEM_NOT_ON_ORDER")},
          {"quantity_match", !has(task, "QUANTITY_EXCEEDED") && !has(task, "MISSING_ITEMS")},
          {"serials_match", !has(task, "SERIAL_MISMATCH")},
          {"within_window", !has(task, "OUTSIDE_WINDOW")},
          {"serials_expected", serials_expected},
          {"serials_matched", serials_matched}};
}

// Grade and reasons are known: dispositions follow, and a parcel with mismatches is flagged.
outcome graded(station_state& state, const parcel& pc, const context& ctx) {
  return_task& task = *state.ret;
  assign_dispositions(task, ctx);
  task.step = "confirm";
  outcome o;
  if (task.mismatches.empty()) {
    o = accepted("return.graded", {{"grade", task.grade}, {"disposition", summary(task)}});
  } else {
    std::vector<std::string> codes;
    for (const auto& m : task.mismatches) {
      if (std::find(codes.begin(), codes.end(), m.code) == codes.end()) codes.push_back(m.code);
    }
    o = accepted("return.graded_quarantine", {{"grade", task.grade}, {"codes", joined(codes, ", ")}});
    o.light = signal::attention;
  }
  auto payload = base_payload(state, task);
  payload["grade"] = task.grade;
  boost::json::array reasons;
  for (const auto& r : task.reason_codes) reasons.push_back(boost::json::string(r));
  payload["reason_codes"] = std::move(reasons);
  payload["units"] = units_json(task);
  o.events.push_back({"return.graded", std::move(payload)});
  flag_if_needed(state, task, pc, ctx, o);
  return o;
}

bool can_grade(const return_task& task) {
  return (task.step == "grade" || task.step == "confirm") && !task.units.empty();
}

void drop_pending_change(station_state& state) {
  state.ret->pending_disposition.reset();
  if (state.pending_override && state.pending_override->what == "return.disposition") state.pending_override.reset();
}

void apply_change(station_state& state, const disposition_change& change, const std::string& reason_code,
                  outcome& o) {
  return_task& task = *state.ret;
  auto payload = base_payload(state, task);
  payload["unit"] = change.unit;
  payload["disposition"] = change.disposition;
  payload["location"] = change.location;
  payload["by"] = reason_code;
  if (!task.override_by.empty() && reason_code == "SUPERVISOR") payload["supervisor"] = task.override_by;
  for (std::size_t i = 0; i < task.units.size(); ++i) {
    if (change.unit != 0 && static_cast<std::size_t>(change.unit) != i + 1) continue;
    task.units[i].disposition = change.disposition;
    task.units[i].location = change.location;
    task.units[i].disposition_reason = reason_code;
  }
  o.events.push_back({"return.disposition", std::move(payload)});
}

} // namespace

void flag_if_needed(station_state& state, const return_task& task, const parcel& pc, const context& ctx, outcome& o) {
  return_progress& progress = state.returns[task.rma];
  if (task.mismatches.empty() || progress.state == "ACTION_REQUIRED") return;
  progress.state = "ACTION_REQUIRED";
  o.events.push_back(state_event(task, "ACTION_REQUIRED"));
  auto payload = base_payload(state, task);
  payload["client_id"] = pc.sold.client_id;
  payload["mismatches"] = to_json(task.mismatches);
  auto evidence = verification(task, pc, ctx);
  evidence["units"] = units_json(task);
  evidence["station"] = ctx.station_id;
  evidence["at"] = ctx.now_ms;
  payload["evidence"] = std::move(evidence);
  o.events.push_back({"return.flagged", std::move(payload)});
}

outcome grade_command(station_state& state, const std::string& grade) {
  return_task& task = *state.ret;
  if (!can_grade(task)) return wrong_step(task);
  if (!one_of(grades, grade)) return refused("return.unknown_grade", {{"grade", grade}});
  drop_pending_change(state);
  task.grade = grade;
  task.reason_codes.clear();
  task.step = "grade";
  return accepted("return.grade_reasons", {{"grade", grade}});
}

outcome grade_action(station_state& state, const action_input& a, const parcel& pc, const context& ctx) {
  return_task& task = *state.ret;
  if (!can_grade(task)) return wrong_step(task);
  const std::string grade = arg(a, "grade").empty() ? task.grade : arg(a, "grade");
  if (grade.empty()) return refused("return.grade_needed");
  if (!one_of(grades, grade)) return refused("return.unknown_grade", {{"grade", grade}});
  const auto reasons = split_codes(arg(a, "reasons"));
  if (reasons.empty()) return refused("return.reason_needed", {{"grade", grade}});
  for (const auto& r : reasons) {
    const auto& known = ctx.rules.grade_reasons;
    if (std::find(known.begin(), known.end(), r) == known.end()) {
      return refused("return.unknown_reason", {{"reason", r}, {"known", joined(known, ", ")}});
    }
  }
  drop_pending_change(state);
  task.grade = grade;
  task.reason_codes = reasons;
  return graded(state, pc, ctx);
}

outcome change_disposition(station_state& state, const action_input& a) {
  return_task& task = *state.ret;
  if (task.step != "confirm" || task.units.empty()) return wrong_step(task);
  disposition_change change{0, arg(a, "disposition"), arg(a, "location")};
  if (!one_of(dispositions, change.disposition)) {
    return refused("return.unknown_disposition", {{"disposition", change.disposition}});
  }
  if (const std::string unit = arg(a, "unit"); !unit.empty()) {
    const auto [end, ec] = std::from_chars(unit.data(), unit.data() + unit.size(), change.unit);
    if (ec != std::errc{} || end != unit.data() + unit.size() || change.unit < 1 ||
        static_cast<std::size_t>(change.unit) > task.units.size()) {
      return refused("return.unknown_unit", {{"unit", unit}, {"units", std::to_string(task.units.size())}});
    }
  }
  if (!task.mismatches.empty() && change.disposition != "QUARANTINE") {
    // Evidence of a mismatch: only a supervisor releases units from quarantine.
    const std::string scope = change.unit == 0 ? "all units" : fmt::format("unit {}", change.unit);
    const std::string detail = fmt::format("{} {}: QUARANTINE -> {}", task.rma, scope, change.disposition);
    state.pending_override = override_request{"return.disposition", detail, ""};
    task.pending_disposition = change;
    outcome o = accepted("return.disposition_needs_supervisor", {{"disposition", change.disposition}});
    o.light = signal::attention;
    auto payload = base_payload(state, task);
    payload["unit"] = change.unit;
    payload["disposition"] = change.disposition;
    payload["location"] = change.location;
    o.events.push_back({"return.disposition_requested", std::move(payload)});
    return o;
  }
  drop_pending_change(state);
  outcome o;
  apply_change(state, change, "OPERATOR", o);
  outcome done = accepted("return.disposition_changed", {{"disposition", summary(task)}});
  done.events = std::move(o.events);
  return done;
}

std::optional<outcome> override_granted(station_state& state, const action_input& a) {
  return_task& task = *state.ret;
  if (arg(a, "what") != "return.disposition" || !task.pending_disposition) return std::nullopt;
  const disposition_change change = *task.pending_disposition;
  task.pending_disposition.reset();
  task.override_by = arg(a, "supervisor");
  task.override_reason = arg(a, "reason");
  outcome o;
  apply_change(state, change, "SUPERVISOR", o);
  outcome done = accepted("return.disposition_changed", {{"disposition", summary(task)}});
  done.events = std::move(o.events);
  return done;
}

outcome confirm(station_state& state, const parcel& pc, const context& ctx) {
  const return_task task = *state.ret;
  // A change the supervisor has not approved yet blocks; one whose override was cancelled is dropped.
  if (task.pending_disposition && state.pending_override && state.pending_override->what == "return.disposition") {
    return refused("return.override_pending");
  }
  const std::string final_state = task.mismatches.empty() ? "INSPECTED" : "ACTION_REQUIRED";
  const std::string count = std::to_string(task.units.size());
  outcome o = task.units.empty()
                  ? accepted("return.done_empty", {{"rma", task.rma}})
                  : accepted("return.done", {{"rma", task.rma}, {"count", count}, {"disposition", summary(task)}});
  if (!task.mismatches.empty()) o.light = signal::attention;

  const std::string operator_badge = badge_of(state);
  auto payload = base_payload(state, task);
  payload["client_id"] = pc.sold.client_id;
  payload["station"] = ctx.station_id;
  payload["inspected_at"] = ctx.now_ms;
  payload["scanned_as"] = task.scanned_as;
  payload["grade"] = task.grade;
  boost::json::array reasons;
  for (const auto& r : task.reason_codes) reasons.push_back(boost::json::string(r));
  payload["reason_codes"] = std::move(reasons);
  payload["units"] = units_json(task);
  payload["verification"] = verification(task, pc, ctx);
  payload["mismatches"] = to_json(task.mismatches);
  if (!task.override_by.empty()) {
    payload["override_by"] = task.override_by;
    payload["override_reason"] = task.override_reason;
  }
  payload["state"] = final_state;
  o.events.push_back({"return.inspected", std::move(payload)});
  o.events.push_back(state_event(task, final_state));

  return_progress& progress = state.returns[task.rma];
  progress.state = final_state;
  const std::string reason_text = joined(task.reason_codes, ",");
  for (const returned_unit& u : task.units) {
    if (u.line > 0) ++progress.returned[std::to_string(u.line)];
    if (!u.serial.empty()) progress.serials.push_back(u.serial);
    const product* p = ctx.master.find_product(u.gtin);
    o.prints.push_back({"return-disposition",
                        task.rma,
                        {{"rma", task.rma},
                         {"order_number", task.order_id},
                         {"item_description", p ? p->name : u.gtin},
                         {"gtin", u.gtin},
                         {"serial", u.serial},
                         {"grade", task.grade},
                         {"disposition", u.disposition},
                         {"destination", u.location},
                         {"reason", reason_text},
                         {"by", operator_badge}},
                        ""});
  }
  state.ret.reset();
  return o;
}

} // namespace stationd::workflow::returns_detail
