// Picking units: which product counts for the current line (the ordered one, or
// its successor when the order allows substitution), what must be captured
// (lot, serial), whether the unit may leave (expiry, remaining shelf life,
// first-expiry-first), and counting identical units after one scan.
#include "workflow/pick_detail.hpp"

#include "gs1/gs1.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <charconv>

namespace stationd::workflow::pick_detail {
namespace {

int min_shelf_life(const product& p, const workflow_rules& rules) {
  return p.min_shelf_life_days >= 0 ? p.min_shelf_life_days : rules.min_shelf_life_days;
}

// A date a unit may still be picked with: not past, and with the product's
// minimum remaining shelf life. `days_left` is counted from today.
bool fresh_enough(std::int64_t days_left, const product& p, const workflow_rules& rules) {
  return days_left >= 0 && days_left >= min_shelf_life(p, rules);
}

// The stock lot that should have been taken first: a lot of the same product
// with units, itself fit to pick, expiring before the scanned unit.
const stock_lot* earlier_lot(const catalog& master, const product& p, const captured_unit& u, std::int64_t today,
                             const workflow_rules& rules) {
  const auto scanned = iso_day_number(u.expiry);
  if (!scanned) return nullptr;
  const stock_lot* best = nullptr;
  std::int64_t best_days = *scanned;
  for (const stock_lot* lot : master.lots_of(p.gtin)) {
    if (lot->quantity <= 0 || lot->lot == u.lot) continue;
    const auto days = iso_day_number(lot->expiry);
    if (!days || !fresh_enough(*days - today, p, rules)) continue;
    if (*days < best_days) {
      best = lot;
      best_days = *days;
    }
  }
  return best;
}

// The expiry a unit carries: its (17), or else what the stock list says about
// its lot, so that a lot-only barcode cannot bypass the expiry checks.
std::pair<std::string, std::string> expiry_of(const catalog& master, const scan::classified_scan& s, const product& p) {
  if (s.expiry) return {gs1::to_iso(*s.expiry), "scan"};
  if (!s.lot || s.lot->empty()) return {};
  for (const stock_lot* lot : master.lots_of(p.gtin)) {
    if (lot->lot == *s.lot && !lot->expiry.empty()) return {lot->expiry, "stock"};
  }
  return {};
}

bool serial_picked(const pick_task& task, const captured_unit& u) {
  for (const pick_line_state& line : task.lines) {
    for (const captured_unit& c : line.units) {
      if (c.gtin == u.gtin && c.serial == u.serial) return true;
    }
  }
  return false;
}

boost::json::object unit_event(const station_state& state, const pick_line_state& line, const captured_unit& u,
                               std::int64_t quantity) {
  const pick_task& task = *state.pick;
  return {{"order", task.order_id},
          {"line", u.line},
          {"gtin", u.gtin},
          {"lot", u.lot},
          {"serial", u.serial},
          {"expiry", u.expiry},
          {"quantity", quantity},
          {"substitute_for", u.substitute_for},
          {"location", line.location},
          {"tote", task.tote},
          {"operator", operator_badge(state)}};
}

std::optional<std::int64_t> count_of(std::string_view text) {
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || n < 1) return std::nullopt;
  return n;
}

std::string_view suffix_of(const unit_notice& notice) {
  switch (notice.what) {
  case unit_notice::kind::substituted: return "_substituted";
  case unit_notice::kind::fefo: return "_fefo";
  case unit_notice::kind::none: break;
  }
  return "";
}

void complete(station_state& state, const order& ord, outcome& o) {
  order_progress& p = state.orders[ord.id];
  p.step = "PICKED";
  boost::json::array lines;
  for (const pick_line_state& l : p.picked) {
    lines.push_back(
        boost::json::object{{"line", l.line}, {"gtin", l.gtin}, {"picked", l.picked}, {"short", l.short_quantity}});
  }
  o.events.push_back(
      {"pick.completed",
       {{"order", ord.id}, {"tote", p.tote}, {"lines", std::move(lines)}, {"operator", operator_badge(state)}}});
  o.events.push_back(order_state_event(ord, p));
  state.pick.reset();
}

} // namespace

void after_units(station_state& state, const context& ctx, const order& ord, std::size_t index,
                 const unit_notice& notice, outcome& o) {
  pick_task& task = *state.pick;
  sync_progress(state, task);
  const std::string suffix(suffix_of(notice));
  message_args args = notice.args;
  const pick_line_state& line = task.lines[index];
  o.result = verdict::accepted;
  o.light = notice.what == unit_notice::kind::fefo ? signal::attention : signal::ok;
  if (remaining(line) > 0) {
    task.step = "item";
    args.emplace_back("picked", std::to_string(line.picked));
    args.emplace_back("ordered", std::to_string(line.quantity));
    o.text = {"pick.unit_picked" + suffix, std::move(args)};
    return;
  }
  const auto next =
      std::find_if(task.lines.begin(), task.lines.end(), [](const pick_line_state& l) { return remaining(l) > 0; });
  if (next != task.lines.end()) {
    task.current = static_cast<std::size_t>(next - task.lines.begin());
    task.step = "location";
    args.emplace_back("location", next->location);
    args.emplace_back("quantity", std::to_string(remaining(*next)));
    args.emplace_back("name", product_name(ctx.master, next->gtin));
    o.text = {"pick.next_location" + suffix, std::move(args)};
    return;
  }
  args.emplace_back("tote", task.tote);
  args.emplace_back("order", ord.id);
  o.text = {"pick.completed" + suffix, std::move(args)};
  complete(state, ord, o);
}

outcome on_item(station_state& state, const scan::classified_scan& s, const order& ord, const context& ctx) {
  pick_task& task = *state.pick;
  pick_line_state& line = task.lines[task.current];
  const product* scanned = ctx.master.find_product(s.key);
  if (!scanned) return refused("pick.unknown_product", {{"code", s.key}});
  const std::string ordered_name = product_name(ctx.master, line.gtin);

  captured_unit u{line.line, scanned->gtin, s.lot.value_or(""), s.serial.value_or(""), {}, {}};
  unit_notice notice;
  notice.args.emplace_back("item", scanned->name);
  if (scanned->gtin != line.gtin) {
    // Only the ordered product's own successor may stand in for it.
    const product* ordered = ctx.master.find_product(line.gtin);
    if (!ordered || ordered->replaced_by != scanned->gtin) {
      return refused("pick.wrong_item", {{"expected", ordered_name}, {"scanned", scanned->name}});
    }
    if (!ord.allow_substitution) {
      return refused("pick.substitution_not_allowed",
                     {{"order", ord.id}, {"expected", ordered_name}, {"scanned", scanned->name}});
    }
    u.substitute_for = line.gtin;
    notice.what = unit_notice::kind::substituted;
    notice.args.emplace_back("original", ordered_name);
  }
  if (scanned->lot_tracked && u.lot.empty()) return refused("pick.lot_missing", {{"name", scanned->name}});
  if (scanned->serialized && u.serial.empty()) return refused("pick.serial_missing", {{"name", scanned->name}});
  if (!u.serial.empty() && serial_picked(task, u)) {
    return refused("pick.duplicate_serial", {{"serial", u.serial}, {"name", scanned->name}});
  }

  std::string expiry_from;
  std::tie(u.expiry, expiry_from) = expiry_of(ctx.master, s, *scanned);
  const auto today = iso_day_number(ctx.today);
  const auto expiry = iso_day_number(u.expiry);
  const stock_lot* earlier = nullptr;
  if (today && expiry) {
    const std::int64_t days_left = *expiry - *today;
    if (days_left < 0) return refused("pick.expired", {{"name", scanned->name}, {"lot", u.lot}, {"expiry", u.expiry}});
    if (!fresh_enough(days_left, *scanned, ctx.rules)) {
      return refused("pick.shelf_life_short", {{"name", scanned->name},
                                               {"lot", u.lot},
                                               {"expiry", u.expiry},
                                               {"days", std::to_string(days_left)},
                                               {"min", std::to_string(min_shelf_life(*scanned, ctx.rules))}});
    }
    earlier = earlier_lot(ctx.master, *scanned, u, *today, ctx.rules);
  }

  line.units.push_back(u);
  line.picked += 1;
  task.pending = u;
  outcome o;
  auto event = unit_event(state, line, u, 1);
  if (!expiry_from.empty()) event["expiry_from"] = expiry_from;
  if (earlier) {
    // Accepted, but the operator should take the earlier lot next time.
    event["fefo_warning"] = {{"lot", earlier->lot}, {"expiry", earlier->expiry}, {"location", earlier->location}};
    notice.what = unit_notice::kind::fefo;
    notice.args.emplace_back("lot", u.lot);
    notice.args.emplace_back("earlier_lot", earlier->lot);
    notice.args.emplace_back("earlier_expiry", earlier->expiry);
    notice.args.emplace_back("earlier_location", earlier->location);
  }
  o.events.push_back({"pick.unit", std::move(event)});
  after_units(state, ctx, ord, task.current, notice, o);
  return o;
}

// "These N identical units": the last scanned unit stands for N, so N-1 more
// are counted with its lot and expiry. Serials need a scan per unit.
outcome on_quantity(station_state& state, std::string_view count, const context& ctx) {
  if (!state.pick) return refused("pick.no_task");
  pick_task& task = *state.pick;
  const auto n = count_of(count);
  if (!n) return refused("pick.quantity_invalid", {{"n", std::string(count)}});
  if (!task.pending) return refused("pick.quantity_no_item");
  const captured_unit unit = *task.pending;
  const product* p = ctx.master.find_product(unit.gtin);
  const std::string name = p ? p->name : unit.gtin;
  if (p && p->serialized) return refused("pick.quantity_serialized", {{"name", name}});
  if (*n > ctx.rules.max_quantity_per_scan) {
    return refused("pick.quantity_over_limit",
                   {{"n", std::to_string(*n)}, {"max", std::to_string(ctx.rules.max_quantity_per_scan)}});
  }
  const auto it =
      std::find_if(task.lines.begin(), task.lines.end(), [&](const pick_line_state& l) { return l.line == unit.line; });
  if (it == task.lines.end()) return refused("pick.quantity_no_item");
  const std::int64_t more = *n - 1;
  if (more > remaining(*it)) {
    return refused("pick.quantity_too_many", {{"n", std::to_string(*n)}, {"max", std::to_string(remaining(*it) + 1)}});
  }
  task.pending.reset();
  if (more == 0) return accepted("pick.quantity_counted", {{"item", name}, {"n", "1"}});

  it->units.insert(it->units.end(), static_cast<std::size_t>(more), unit);
  it->picked += more;
  const pick_line_state& line = *it;
  const std::size_t index = static_cast<std::size_t>(it - task.lines.begin());
  const order* ord = ctx.master.find_order(task.order_id);
  if (!ord) return refused("pick.unknown_order", {{"order", task.order_id}});
  outcome o;
  auto event = unit_event(state, line, unit, more);
  event["scan_quantity"] = *n;
  o.events.push_back({"pick.unit", std::move(event)});
  unit_notice notice;
  notice.args.emplace_back("item", name);
  after_units(state, ctx, *ord, index, notice, o);
  return o;
}

} // namespace stationd::workflow::pick_detail
