#include "workflow/station_view.hpp"
#include "workflow/pack_support.hpp"
#include <boost/json/value_from.hpp>
#include <map>

namespace stationd::workflow {
namespace json = boost::json;

namespace {

json::array strings(const std::vector<std::string>& values) {
  json::array out;
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

json::object line_json(const catalog& master, int line, const std::string& gtin, std::int64_t expected,
                       std::int64_t done, const std::string& location) {
  const product* p = master.find_product(gtin);
  return {{"line", line},
          {"gtin", gtin},
          {"sku", p ? p->sku : std::string{}},
          {"name", p ? p->name : gtin},
          {"location", location},
          {"expected", expected},
          {"done", done}};
}

json::object empty_task(std::string_view kind) {
  return {{"kind", kind}, {"order", ""},      {"tote", ""},           {"step", ""},         {"package", 0},
          {"carton", ""}, {"sscc", ""},       {"expected_g", nullptr}, {"tolerance_g", nullptr},
          {"rma", ""},    {"grade", ""},      {"reason_codes", json::array{}}, {"mismatches", json::array{}}};
}

void pick_view(const station_state& s, const catalog& master, json::object& task, json::array& lines) {
  const auto& t = *s.pick;
  task["order"] = t.order_id;
  task["tote"] = t.tote;
  task["step"] = t.step;
  for (std::size_t i = 0; i < t.lines.size(); ++i) {
    const auto& l = t.lines[i];
    auto j = line_json(master, l.line, l.gtin, l.quantity, l.picked, l.location);
    j["current"] = i == t.current;
    j["short"] = l.short_quantity;
    lines.push_back(std::move(j));
  }
}

void pack_view(const station_state& s, const catalog& master, const workflow_rules& rules, json::object& task,
               json::array& lines) {
  const auto& t = *s.pack;
  task["order"] = t.order_id;
  task["tote"] = t.tote;
  task["step"] = t.step;
  const auto progress = s.orders.find(t.order_id);
  std::map<int, std::int64_t> packed;
  if (progress != s.orders.end()) {
    for (const auto& pkg : progress->second.packages) {
      for (const auto& u : pkg.units) ++packed[u.line];
    }
    if (!progress->second.packages.empty()) {
      const auto& pkg = progress->second.packages.back();
      task["package"] = pkg.number;
      task["carton"] = pkg.carton;
      task["sscc"] = pkg.sscc;
      if (pkg.expected_g > 0) {
        task["expected_g"] = pkg.expected_g;
        task["tolerance_g"] = pack_support::tolerance_g(pkg.expected_g, rules);
      }
    }
  }
  if (const order* o = master.find_order(t.order_id)) {
    for (const auto& l : o->lines) lines.push_back(line_json(master, l.line, l.gtin, l.quantity, packed[l.line], ""));
  }
}

void return_view(const station_state& s, const catalog& master, json::object& task, json::array& lines,
                 json::array& units) {
  const auto& t = *s.ret;
  task["order"] = t.order_id;
  task["rma"] = t.rma;
  task["step"] = t.step;
  task["grade"] = t.grade;
  task["reason_codes"] = strings(t.reason_codes);
  task["expected_g"] = t.expected_g;
  task["tolerance_g"] = t.tolerance_g;
  json::array mismatches;
  for (const auto& m : t.mismatches) mismatches.push_back(json::value_from(m));
  task["mismatches"] = std::move(mismatches);
  std::map<int, std::int64_t> received;
  for (const auto& u : t.units) {
    ++received[u.line];
    const product* p = master.find_product(u.gtin);
    json::object j = json::value_from(u).as_object();
    j["name"] = p ? p->name : u.gtin;
    // Named as in the return entity of the status API (docs/api.md).
    j["reason"] = u.disposition_reason;
    j.erase("disposition_reason");
    units.push_back(std::move(j));
  }
  if (const rma* r = master.find_rma(t.rma)) {
    for (const auto& l : r->lines) lines.push_back(line_json(master, l.line, l.gtin, l.quantity, received[l.line], ""));
  }
}

} // namespace

json::object station_view(const station_state& s, const catalog& master, const workflow_rules& rules) {
  json::object view;
  if (s.session) {
    view["operator"] = {{"badge", s.session->badge},
                        {"name", s.session->name},
                        {"role", s.session->role},
                        {"language", s.session->language.empty() ? rules.language : s.session->language}};
  } else {
    view["operator"] = nullptr;
  }
  view["mode"] = s.mode;
  json::array lines;
  json::array units;
  json::value task = nullptr;
  if (s.mode == "pick" && s.pick) {
    auto t = empty_task("pick");
    pick_view(s, master, t, lines);
    task = std::move(t);
  } else if (s.mode == "pack" && s.pack) {
    auto t = empty_task("pack");
    pack_view(s, master, rules, t, lines);
    task = std::move(t);
  } else if (s.mode == "ship" && s.ship) {
    auto t = empty_task("ship");
    t["order"] = s.ship->order_id;
    // The order's packages, loaded or not.
    if (const auto p = s.orders.find(s.ship->order_id); p != s.orders.end()) {
      for (const auto& pkg : p->second.packages) {
        lines.push_back({{"line", pkg.number}, {"gtin", ""}, {"sku", ""}, {"name", pkg.sscc}, {"location", ""},
                         {"expected", 1}, {"done", pkg.state == "LOADED" ? 1 : 0}});
      }
    }
    task = std::move(t);
  } else if (s.mode == "return" && s.ret) {
    auto t = empty_task("return");
    return_view(s, master, t, lines, units);
    task = std::move(t);
  }
  view["task"] = std::move(task);
  view["lines"] = std::move(lines);
  view["units"] = std::move(units);
  if (s.pending_override) {
    view["override"] = {{"what", s.pending_override->what}, {"detail", s.pending_override->detail}};
  } else {
    view["override"] = nullptr;
  }
  json::array dispositions{"RESTOCK", "REFURBISH", "QUARANTINE", "RETURN_TO_VENDOR", "SCRAP"};
  view["choices"] = {{"grades", json::array{"A", "B", "C", "D"}},
                     {"grade_reasons", strings(rules.grade_reasons)},
                     {"short_reasons", strings(rules.short_reasons)},
                     {"dispositions", std::move(dispositions)}};
  view["steps"] = s.steps;
  return view;
}

} // namespace stationd::workflow
