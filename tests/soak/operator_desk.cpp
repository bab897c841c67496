#include "operator_desk.hpp"

#include "json_fields.hpp"
#include "zpl_formats.hpp"

#include "sim/decimal.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <thread>

namespace stationd::soak {
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

const json::object* entry(const json::object& state, std::string_view collection, const std::string& id) {
  const auto* c = object_at(&state, collection);
  return c ? object_at(c, id) : nullptr;
}

// Units counted per order line in `units` (an array of objects with "line").
std::map<int, std::int64_t> units_per_line(const json::array* units) {
  std::map<int, std::int64_t> out;
  if (!units) return out;
  for (const auto& u : *units) {
    if (u.is_object()) ++out[static_cast<int>(int_at(u, "line"))];
  }
  return out;
}

// The next unit to scan, or nullptr when every line is complete.
const item_line* next_unit(const std::vector<item_line>& lines, const std::map<int, std::int64_t>& done) {
  for (const auto& l : lines) {
    const auto it = done.find(l.line);
    if ((it == done.end() ? 0 : it->second) < l.quantity) return &l;
  }
  return nullptr;
}

} // namespace

operator_desk::operator_desk(station_link& link, sim::mtsics_scale& scale, sim::zpl_printer& printer,
                             std::chrono::seconds job_timeout)
    : link_{link}, scale_{scale}, printer_{printer}, job_timeout_{job_timeout} {}

std::optional<operator_desk::next_step> operator_desk::ready_for(const json::object& state, const std::string& mode) const {
  const auto* session = state.if_contains("session");
  if (!session || !session->is_object()) return scan_code{"OP-0001"};
  if (text_at(&state, "mode") != mode) {
    std::string command = mode;
    std::transform(command.begin(), command.end(), command.begin(), [](unsigned char c) { return std::toupper(c); });
    return scan_code{"CMD-" + command};
  }
  return std::nullopt;
}

void operator_desk::pick(const order_job& o) {
  drive("pick " + o.id, [&](const json::object& state) -> next_step {
    const auto* progress = entry(state, "orders", o.id);
    const auto step = text_at(progress, "step");
    if (!step.empty() && step != "PICKING") return done{};
    if (auto first = ready_for(state, "pick")) return *first;
    const auto* task = object_at(&state, "pick");
    if (!task || text_at(task, "order_id") != o.id) return scan_code{o.id};
    const auto what = text_at(task, "step");
    if (what == "tote") return scan_code{o.tote};
    const auto* lines = array_at(task, "lines");
    const auto current = static_cast<std::size_t>(int_at(task, "current"));
    if (!lines || current >= lines->size() || !(*lines)[current].is_object()) return wait{};
    const auto& line = (*lines)[current].get_object();
    if (what == "location") return scan_code{text_at(&line, "location")};
    if (what == "quantity") return do_action{"quantity", {{"n", "1"}}};
    const auto gtin = text_at(&line, "gtin");
    const auto it = std::find_if(o.lines.begin(), o.lines.end(), [&](const item_line& l) { return l.gtin == gtin; });
    if (what == "item" && it != o.lines.end()) return scan_code{it->code};
    return wait{};
  });
}

void operator_desk::pack(const order_job& o) {
  drive("pack " + o.id, [&](const json::object& state) -> next_step {
    const auto* progress = entry(state, "orders", o.id);
    const auto step = text_at(progress, "step");
    if (step == "LABELED" || step == "LOADED" || text_at(progress, "state") == "SHIPPED") return done{};
    if (step == "PACKED") return wait{}; // the last label is on its way
    if (auto first = ready_for(state, "pack")) return *first;
    const auto* task = object_at(&state, "pack");
    if (!task || text_at(task, "order_id") != o.id) return scan_code{o.pick_first ? o.tote : o.id};
    const auto what = text_at(task, "step");
    if (what == "carton") return scan_code{"BOX-M"};
    const auto* packages = array_at(progress, "packages");
    const json::object* package =
        packages && !packages->empty() && packages->back().is_object() ? &packages->back().get_object() : nullptr;
    if (what == "items") {
      std::map<int, std::int64_t> packed;
      for (const auto& p : packages ? *packages : json::array{}) {
        if (!p.is_object()) continue;
        for (const auto& [line, n] : units_per_line(array_at(&p.get_object(), "units"))) packed[line] += n;
      }
      const auto* unit = next_unit(o.lines, packed);
      return unit ? next_step{scan_code{unit->code}} : next_step{scan_code{"CMD-CLOSE"}};
    }
    if (what == "weigh" && package && int_at(package, "expected_g") > 0) return put_on_scale{int_at(package, "expected_g")};
    if (what == "weight_mismatch") throw job_failed(fmt::format("pack {}: weight refused: {}", o.id, json::serialize(*task)));
    return wait{};
  });
  clear_scale();
}

void operator_desk::ship(const order_job& o) {
  drive("ship " + o.id, [&](const json::object& state) -> next_step {
    const auto* progress = entry(state, "orders", o.id);
    if (text_at(progress, "state") == "SHIPPED") return done{};
    if (auto first = ready_for(state, "ship")) return *first;
    const auto* packages = array_at(progress, "packages");
    for (const auto& p : packages ? *packages : json::array{}) {
      if (text_at(p, "state") == "LABELED") {
        return scan_code{"00" + text_at(p, "sscc")};
      }
    }
    return wait{};
  });
}

void operator_desk::verify_return(const return_job& r) {
  drive("return " + r.rma, [&](const json::object& state) -> next_step {
    const auto* progress = entry(state, "returns", r.rma);
    const auto* task = object_at(&state, "ret");
    const bool working_on_it = task && text_at(task, "rma") == r.rma;
    const auto outcome = text_at(progress, "state");
    if (outcome == "ACTION_REQUIRED") throw job_failed(fmt::format("return {}: flagged: {}", r.rma, json::serialize(state)));
    if ((outcome == "INSPECTED" || outcome == "COMPLETED") && !working_on_it) return done{};
    if (auto first = ready_for(state, "return")) return *first;
    if (!working_on_it) return scan_code{r.tracking};
    const auto what = text_at(task, "step");
    if (what == "weigh" && int_at(task, "expected_g") > 0) return put_on_scale{int_at(task, "expected_g")};
    if (what == "items") {
      const auto* unit = next_unit(r.lines, units_per_line(array_at(task, "units")));
      return unit ? next_step{scan_code{unit->code}} : next_step{scan_code{"CMD-DONE"}};
    }
    if (what == "grade") return do_action{"grade", {{"grade", "A"}, {"reasons", "AS_NEW"}}};
    if (what == "confirm") return scan_code{"CMD-CONFIRM"};
    return wait{};
  });
  clear_scale();
}

void operator_desk::drive(const std::string& job, const std::function<next_step(const json::object&)>& next) {
  const auto deadline = std::chrono::steady_clock::now() + job_timeout_;
  std::string last_state = "(the station never answered)";
  std::string last_refusal;
  int refusals_in_a_row = 0;
  for (;;) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw job_failed(fmt::format("{}: not done after {} s; last refusal: {}; station: {}", job, job_timeout_.count(),
                                   last_refusal, last_state));
    }
    const auto state = link_.control("station");
    if (!state) {
      std::this_thread::sleep_for(100ms); // the station is down or starting
      continue;
    }
    last_state = json::serialize(*state);
    const auto step = next(*state);
    if (std::holds_alternative<done>(step)) return;
    std::optional<decision> answer;
    std::string what;
    if (const auto* s = std::get_if<scan_code>(&step)) {
      answer = link_.scan(s->code);
      what = s->code;
    } else if (const auto* a = std::get_if<do_action>(&step)) {
      answer = link_.action(a->name, a->args);
      what = a->name;
    } else if (const auto* w = std::get_if<put_on_scale>(&step)) {
      weigh(w->grams);
      std::this_thread::sleep_for(100ms);
    } else {
      settle_labels_in_doubt();
      std::this_thread::sleep_for(100ms);
    }
    if (answer && answer->verdict == "refused") {
      // A refusal right after a restart is normal (the step had been recorded just
      // before the kill); the same one again and again means the operator is stuck.
      const auto refusal = what + ": " + answer->message;
      refusals_in_a_row = refusal == last_refusal ? refusals_in_a_row + 1 : 1;
      last_refusal = refusal;
      if (refusals_in_a_row >= 10) throw job_failed(fmt::format("{}: refused 10 times: {}; station: {}", job, refusal, last_state));
      std::this_thread::sleep_for(50ms);
    } else if (answer) {
      refusals_in_a_row = 0;
    } else if (!what.empty()) {
      std::this_thread::sleep_for(100ms);
    }
  }
}

void operator_desk::settle_labels_in_doubt() {
  const auto open = link_.control("print-queue");
  const auto* jobs = open ? array_at(&*open, "jobs") : nullptr;
  if (!jobs) return;
  for (const auto& j : *jobs) {
    if (text_at(j, "state") != "unconfirmed") continue;
    const auto id = int_at(j, "job");
    const auto one = link_.control("print-queue", {{"job", id}});
    const auto all = link_.control("print-queue", {{"all", true}, {"limit", 1000}});
    if (!one || !all) return;
    const auto zpl = text_at(&*one, "zpl");
    const auto reference = text_at(&*one, "reference");
    const auto label = text_at(&*one, "label");
    const auto formats = zpl_formats(zpl);
    if (formats.empty()) return;
    // Confirmed jobs that printed the very same label (two units of one product
    // returned together get identical labels; other units of the RMA do not).
    std::int64_t confirmed = 0;
    const auto* all_jobs = array_at(&*all, "jobs");
    if (!all_jobs) return;
    for (const auto& other : *all_jobs) {
      if (text_at(other, "state") != "confirmed" || text_at(other, "reference") != reference ||
          text_at(other, "label") != label) {
        continue;
      }
      const auto same = link_.control("print-queue", {{"job", int_at(other, "job")}});
      if (!same) return;
      const auto other_formats = zpl_formats(text_at(&*same, "zpl"));
      confirmed += !other_formats.empty() && other_formats.front() == formats.front();
    }
    const auto labels = printer_.labels();
    const auto copies = std::count(labels.begin(), labels.end(), formats.front());
    // The printer holds more copies of this label than confirmed jobs account for:
    // this job's label is there.
    if (copies > confirmed) {
      if (link_.control("print-resolve", {{"job", id}, {"outcome", "printed"},
                                          {"reason", "the label is on the printer"}, {"by", "OP-0001"}})) {
        ++resolved_;
      }
    } else if (link_.control("reprint", {{"job", id}, {"reason", "no label on the printer after a restart"},
                                         {"by", "OP-0001"}})) {
      ++reprinted_;
    }
  }
}

void operator_desk::weigh(std::int64_t grams) {
  if (on_scale_g_ == grams) return;
  scale_.set_stable(false);
  scale_.set_weight(sim::decimal::parse(fmt::format("{}.{:03}", grams / 1000, grams % 1000)));
  std::this_thread::sleep_for(200ms);
  scale_.set_stable(true);
  on_scale_g_ = grams;
}

void operator_desk::clear_scale() {
  scale_.set_stable(false);
  scale_.set_weight(sim::decimal::parse("0.000"));
  std::this_thread::sleep_for(100ms);
  scale_.set_stable(true);
  on_scale_g_ = 0;
}

} // namespace stationd::soak
