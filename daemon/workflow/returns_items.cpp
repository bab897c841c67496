// Return verification, the opened parcel: each product scan is one unit, checked
// against what the RMA authorises and what was actually shipped on the order.
#include "workflow/returns_internal.hpp"

#include <algorithm>

namespace stationd::workflow::returns_detail {
namespace {

std::int64_t authorised(const rma& r, int line) {
  std::int64_t n = 0;
  for (const rma_line& l : r.lines) {
    if (l.line == line) n += l.quantity;
  }
  return n;
}

std::int64_t in_parcel(const return_task& task, int line) {
  return std::count_if(task.units.begin(), task.units.end(), [&](const returned_unit& u) { return u.line == line; });
}

// Returned before: what central knew when it sent the order, plus what this
// station accepted since on any RMA of the same order that central has not
// completed yet (a COMPLETED RMA is in central's `returned` count already).
std::int64_t returned_before(const station_state& state, const shipped_line& line, const order& o, const context& ctx) {
  std::int64_t n = line.returned;
  const std::string key = std::to_string(line.line);
  for (const auto& [id, progress] : state.returns) {
    const rma* r = ctx.master.find_rma(id);
    if (!r || r->order_id != o.id || r->state == "COMPLETED") continue;
    if (const auto it = progress.returned.find(key); it != progress.returned.end()) n += it->second;
  }
  return n;
}

// How many more units of this line the parcel may hold: no more than the RMA
// authorises and no more than was shipped and not returned yet.
std::int64_t allowed(const station_state& state, const shipped_line& line, const parcel& p, const context& ctx) {
  const std::int64_t left = line.quantity - returned_before(state, line, p.sold, ctx);
  return std::max<std::int64_t>(0, std::min(authorised(p.authorisation, line.line), left));
}

bool holds(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// The shipped line a unit counts for. The same product may be on several lines:
// a serial picks its own line, otherwise the first line with room left.
const shipped_line* line_for(const station_state& state, const product& p, const std::string& serial,
                             const parcel& pc, const context& ctx) {
  const shipped_line* first = nullptr;
  const shipped_line* with_room = nullptr;
  for (const shipped_line& l : pc.sold.shipped) {
    if (l.gtin != p.gtin) continue;
    if (!serial.empty() && holds(l.serials, serial)) return &l;
    if (!first) first = &l;
    if (!with_room && in_parcel(*state.ret, l.line) < allowed(state, l, pc, ctx)) with_room = &l;
  }
  return with_room ? with_room : first;
}

} // namespace

std::optional<outcome> on_item(station_state& state, const scan::classified_scan& scan, const parcel& pc,
                               const context& ctx) {
  const product* p = ctx.master.find_product(scan.key);
  if (!p) return refused("return.unknown_item", {{"code", scan.key}});
  const std::string serial = scan.serial.value_or("");
  if (p->serialized && serial.empty()) return refused("return.serial_needed", {{"name", p->name}});
  return_task& task = *state.ret;
  if (!serial.empty()) {
    for (const returned_unit& u : task.units) {
      if (u.gtin == p->gtin && u.serial == serial) return refused("return.serial_twice", {{"serial", serial}});
    }
  }

  const shipped_line* line = line_for(state, *p, serial, pc, ctx);
  std::vector<return_mismatch> found;
  std::int64_t count = 0, limit = 0;
  if (!line) {
    found.push_back(mismatch("ITEM_NOT_ON_ORDER", 0, p->gtin, serial, 0, 1));
  } else {
    count = in_parcel(task, line->line) + 1;
    limit = allowed(state, *line, pc, ctx);
    if (count > limit) {
      found.push_back(mismatch("QUANTITY_EXCEEDED", line->line, p->gtin, serial, limit, count));
    }
    // Nothing to compare with when no serials were recorded at shipping.
    if (!serial.empty() && !line->serials.empty() && !holds(line->serials, serial)) {
      found.push_back(mismatch("SERIAL_MISMATCH", line->line, p->gtin, serial, 0, 0));
    }
  }

  // The unit is kept as evidence whatever its mismatches (line 0: not on the order).
  returned_unit unit;
  unit.line = line ? line->line : 0;
  unit.gtin = p->gtin;
  unit.serial = serial;
  unit.lot = scan.lot.value_or("");
  task.units.push_back(std::move(unit));

  outcome o;
  if (found.empty()) {
    o = accepted("return.item_ok",
                 {{"name", p->name}, {"count", std::to_string(count)}, {"authorised", std::to_string(limit)}});
  } else if (found.front().code == "ITEM_NOT_ON_ORDER") {
    o = accepted_wrong("return.item_not_on_order", {{"name", p->name}, {"order", task.order_id}});
  } else if (found.front().code == "QUANTITY_EXCEEDED") {
    o = accepted_wrong("return.quantity_exceeded",
                       {{"name", p->name}, {"count", std::to_string(count)}, {"allowed", std::to_string(limit)}});
  } else {
    o = accepted_wrong("return.serial_mismatch", {{"name", p->name}, {"serial", serial}});
  }
  auto payload = base_payload(state, task);
  payload["line"] = task.units.back().line;
  payload["gtin"] = p->gtin;
  payload["serial"] = serial;
  payload["lot"] = task.units.back().lot;
  boost::json::array codes;
  for (const auto& m : found) codes.push_back(boost::json::string(m.code));
  payload["mismatches"] = std::move(codes);
  o.events.push_back({"return.unit", std::move(payload)});
  for (auto& m : found) record(state, task, std::move(m), o);
  return o;
}

outcome items_done(station_state& state, const parcel& pc, const context& ctx) {
  return_task& task = *state.ret;
  outcome o;
  std::vector<return_mismatch> missing;
  std::int64_t missing_units = 0;
  for (const rma_line& l : pc.authorisation.lines) {
    const std::int64_t received = in_parcel(task, l.line);
    // A line may appear more than once on an RMA; check the total once.
    const std::int64_t expected = authorised(pc.authorisation, l.line);
    const bool seen = std::any_of(missing.begin(), missing.end(), [&](const auto& m) { return m.line == l.line; });
    if (received < expected && !seen) {
      missing.push_back(mismatch("MISSING_ITEMS", l.line, l.gtin, {}, expected, received));
      missing_units += expected - received;
    }
  }
  const std::string count = std::to_string(task.units.size());
  if (task.units.empty()) {
    o = accepted_wrong("return.items_none", {{"rma", task.rma}});
  } else if (!missing.empty()) {
    o = accepted_wrong("return.items_missing", {{"count", count}, {"missing", std::to_string(missing_units)}});
  } else {
    o = accepted("return.items_done", {{"count", count}});
  }
  auto payload = base_payload(state, task);
  payload["units"] = static_cast<std::int64_t>(task.units.size());
  payload["missing_units"] = missing_units;
  o.events.push_back({"return.items_done", std::move(payload)});
  for (auto& m : missing) record(state, task, std::move(m), o);
  // An empty parcel has nothing to grade: straight to confirmation, flagged.
  task.step = task.units.empty() ? "confirm" : "grade";
  if (task.units.empty()) flag_if_needed(state, task, pc, ctx, o);
  return o;
}

} // namespace stationd::workflow::returns_detail
