#include "scenario_runner.hpp"

#include "scan/raw_notation.hpp"
#include "scan/scan_classifier.hpp"
#include "scan/scan_decoder.hpp"
#include "workflow/messages.hpp"
#include "workflow/station_core.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

#include <fmt/format.h>

#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

namespace stationd::workflow::testing {
namespace {

// Splits on spaces; "double quoted" words may hold spaces.
std::vector<std::string> words(std::string_view line) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    if (i >= line.size()) break;
    std::string word;
    bool quoted = false;
    while (i < line.size() && (quoted || line[i] != ' ')) {
      if (line[i] == '"') quoted = !quoted;
      else word += line[i];
      ++i;
    }
    out.push_back(std::move(word));
  }
  return out;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

scan::classifier_rules example_rules() {
  scan::classifier_rules r;
  r.command_prefix = "CMD-";
  r.add_pattern(scan::scan_kind::badge, "OP-[0-9]{4}");
  r.add_pattern(scan::scan_kind::location, "[A-Z][0-9]{2}-[0-9]{2}-[0-9]{2}");
  r.add_pattern(scan::scan_kind::tote, "T[0-9]{6}");
  r.add_pattern(scan::scan_kind::order, "SO-[0-9]{6,10}");
  r.add_pattern(scan::scan_kind::rma, "RMA-[0-9]{6,10}");
  r.add_pattern(scan::scan_kind::product, "SKU-[0-9A-Z]{4,12}");
  r.add_carrier("ups", "1Z[0-9A-Z]{16}", "", "");
  return r;
}

std::int64_t duration_ms(const std::string& text) {
  if (text.empty()) throw std::runtime_error("a duration is needed");
  const char unit = text.back();
  const std::int64_t n = std::stoll(text.substr(0, text.size() - 1));
  switch (unit) {
  case 's': return n * 1000;
  case 'm': return n * 60 * 1000;
  case 'h': return n * 3600 * 1000;
  default: throw std::runtime_error("a duration ends in s, m or h: " + text);
  }
}

void set_rule(workflow_rules& rules, const std::string& key, const std::string& value) {
  if (key == "language") rules.language = value;
  else if (key == "idle_timeout") rules.idle_timeout_ms = duration_ms(value);
  else if (key == "min_shelf_life_days") rules.min_shelf_life_days = std::stoi(value);
  else if (key == "weight_tolerance_g") rules.weight_tolerance_g = std::stoll(value);
  else if (key == "weight_tolerance_percent") rules.weight_tolerance_percent = std::stod(value);
  else if (key == "max_quantity_per_scan") rules.max_quantity_per_scan = std::stoll(value);
  else if (key == "return_window_days") rules.return_window_days = std::stoi(value);
  else if (key == "return_packaging_g") rules.return_packaging_g = std::stoll(value);
  else if (key == "return_weight_tolerance_g") rules.return_weight_tolerance_g = std::stoll(value);
  else if (key == "return_weight_tolerance_percent") rules.return_weight_tolerance_percent = std::stod(value);
  else if (key == "dispositions") {
    // GRADE:CATEGORY:DISPOSITION:LOCATION,... replaces the list (empty fields allowed).
    rules.dispositions.clear();
    std::istringstream entries(value);
    std::string entry;
    while (std::getline(entries, entry, ',')) {
      std::vector<std::string> f;
      std::istringstream fields(entry);
      std::string field;
      while (std::getline(fields, field, ':')) f.push_back(field);
      f.resize(4);
      rules.dispositions.push_back({f[0], f[1], f[2], f[3]});
    }
  } else throw std::runtime_error("unknown rule " + key);
}

struct runner {
  std::filesystem::path folder;
  std::vector<scenario_failure> failures;
  int line_no = 0;

  std::unique_ptr<catalog> master;
  workflow_rules rules;
  station_state state;
  std::string today = "2026-11-27";
  std::int64_t now_ms = 1795737600000; // 2026-11-27T00:00:00Z
  scan::classifier_rules scan_rules = example_rules();
  outcome last;

  void fail(std::string text) { failures.push_back({line_no, std::move(text)}); }

  void load_master(const std::string& name) {
    master = std::make_unique<catalog>(parse_master_data(read_file(folder / name)));
  }

  input make_scan(const std::string& typed) {
    const std::string raw = scan::expand_notation(typed);
    const auto decoded = scan::decode(raw, {.current_year = std::stoi(today.substr(0, 4))});
    if (!decoded) throw std::runtime_error("the scan does not decode: " + decoded.error->message);
    return scan_input{raw, scan::classify(*decoded.scan, scan_rules, std::stoi(today.substr(0, 4)))};
  }

  void apply(const input& in, const std::vector<std::string>& expected) {
    if (!master) load_master("data/master.json");
    const context ctx{*master, rules, now_ms, today, "ST-01"};
    follow_clock(state, now_ms); // as the station service does before every step
    const std::string before = boost::json::serialize(boost::json::value_from(state));
    last = step(state, in, ctx);
    const std::string after = boost::json::serialize(boost::json::value_from(state));
    if (last.result != verdict::accepted && before != after) fail("a refused or ignored input changed the state");
    if (expected.empty()) return;
    if (!last.text.id.empty() && !find_message(last.text.id)) fail(fmt::format("message {} has no text", last.text.id));
    const std::string got = fmt::format("{} {}", to_string(last.result), last.text.id);
    if (expected[0] != to_string(last.result) || (expected.size() > 1 && expected[1] != last.text.id)) {
      fail(fmt::format("expected {} {}, got {} ({})", expected[0], expected.size() > 1 ? expected[1] : "",
                       got, render(last.text, "en")));
      return;
    }
    for (std::size_t i = 2; i < expected.size(); ++i) {
      const auto eq = expected[i].find('=');
      const std::string key = expected[i].substr(0, eq);
      const std::string value = eq == std::string::npos ? "" : expected[i].substr(eq + 1);
      bool found = false;
      for (const auto& [k, v] : last.text.args) {
        if (k == key) {
          found = true;
          if (v != value) fail(fmt::format("message argument {}: expected \"{}\", got \"{}\"", key, value, v));
        }
      }
      if (!found) fail(fmt::format("message {} has no argument {}", last.text.id, key));
    }
  }

  void run_line(const std::string& text) {
    auto arrow = text.find("=>");
    const auto command = words(text.substr(0, arrow));
    const auto expected = arrow == std::string::npos ? std::vector<std::string>{} : words(text.substr(arrow + 2));
    if (command.empty()) return;
    const std::string& verb = command[0];
    auto arg = [&](std::size_t i) -> const std::string& {
      if (i >= command.size()) throw std::runtime_error(verb + ": argument " + std::to_string(i) + " is missing");
      return command[i];
    };
    if (verb == "master") load_master(arg(1));
    else if (verb == "today") today = arg(1);
    else if (verb == "rule") set_rule(rules, arg(1), arg(2));
    else if (verb == "advance") now_ms += duration_ms(arg(1));
    else if (verb == "scan") {
      std::string typed = arg(1);
      for (std::size_t i = 2; i < command.size(); ++i) typed += " " + command[i];
      apply(make_scan(typed), expected);
    } else if (verb == "weigh") apply(weight_input{std::stoll(arg(1))}, expected);
    else if (verb == "tick") apply(tick_input{}, expected);
    else if (verb == "sscc") apply(sscc_input{arg(1), std::stoi(arg(2)), arg(3)}, expected);
    else if (verb == "printed" || verb == "not-printed") {
      apply(label_input{arg(1), command.size() > 2 ? std::stoll(command[2]) : 0, verb == "printed"}, expected);
    } else if (verb == "action") {
      action_input a{arg(1), {}};
      for (std::size_t i = 2; i < command.size(); ++i) {
        const auto eq = command[i].find('=');
        if (eq == std::string::npos) throw std::runtime_error("action arguments are name=value: " + command[i]);
        a.args[command[i].substr(0, eq)] = command[i].substr(eq + 1);
      }
      apply(a, expected);
    } else if (verb == "expect") {
      const auto eq = text.find(" = ");
      if (eq == std::string::npos) throw std::runtime_error("expect POINTER = JSON");
      const std::string pointer = words(text.substr(6, eq - 6)).at(0);
      const auto want = boost::json::parse(text.substr(eq + 3));
      const auto whole = boost::json::value_from(state);
      boost::system::error_code ec;
      const auto* got = whole.find_pointer(pointer, ec);
      if (!got) fail(fmt::format("{} is not in the state", pointer));
      else if (*got != want) {
        fail(fmt::format("{}: expected {}, got {}", pointer, boost::json::serialize(want), boost::json::serialize(*got)));
      }
    } else if (verb == "set") {
      // Puts work done elsewhere into the state (e.g. an order picked at this station).
      const auto eq = text.find(" = ");
      if (eq == std::string::npos) throw std::runtime_error("set POINTER = JSON");
      const std::string pointer = words(text.substr(3, eq - 3)).at(0);
      auto whole = boost::json::value_from(state);
      boost::system::error_code ec;
      if (auto* target = whole.find_pointer(pointer, ec)) {
        *target = boost::json::parse(text.substr(eq + 3));
      } else {
        const auto slash = pointer.rfind('/');
        auto* parent = whole.find_pointer(pointer.substr(0, slash), ec);
        if (!parent || !parent->is_object()) throw std::runtime_error(pointer + ": no such object in the state");
        parent->as_object()[pointer.substr(slash + 1)] = boost::json::parse(text.substr(eq + 3));
      }
      state = boost::json::value_to<station_state>(whole);
    } else if (verb == "expect-event" || verb == "expect-print-field") {
      // expect-event TYPE POINTER = JSON: the payload of the last outcome's first TYPE event;
      // expect-print-field N POINTER = JSON: the fields of the last outcome's print N (from 0).
      const auto eq = text.find(" = ");
      if (eq == std::string::npos) throw std::runtime_error(verb + " WHAT POINTER = JSON");
      const auto head = words(text.substr(0, eq));
      if (head.size() != 2 && head.size() != 3) throw std::runtime_error(verb + " WHAT [POINTER] = JSON");
      const std::string pointer = head.size() == 3 ? head[2] : std::string{}; // empty: the whole payload
      const auto want = boost::json::parse(text.substr(eq + 3));
      std::optional<boost::json::value> doc;
      if (verb == "expect-event") {
        for (const auto& e : last.events) {
          if (e.type == head[1]) {
            doc = e.payload;
            break;
          }
        }
      } else if (const auto n = std::stoul(head[1]); n < last.prints.size()) {
        doc = last.prints[n].fields;
      }
      if (!doc) {
        fail(fmt::format("{}: no {} in the last outcome", verb, head[1]));
        return;
      }
      boost::system::error_code ec;
      const auto* got = doc->find_pointer(pointer, ec);
      if (!got) fail(fmt::format("{} {}: {} is not there", verb, head[1], pointer));
      else if (*got != want) {
        fail(fmt::format("{} {} {}: expected {}, got {}", verb, head[1], pointer, boost::json::serialize(want),
                         boost::json::serialize(*got)));
      }
    } else if (verb == "expect-events") {
      std::string want, got;
      for (std::size_t i = 1; i < command.size(); ++i) want += (i > 1 ? " " : "") + command[i];
      for (const auto& e : last.events) got += (got.empty() ? "" : " ") + e.type;
      if (want != got) fail(fmt::format("events: expected [{}], got [{}]", want, got));
    } else if (verb == "expect-print") {
      bool found = false;
      for (const auto& p : last.prints) found = found || (p.label == arg(1) && (command.size() < 3 || p.reference == arg(2)));
      if (!found) fail(fmt::format("no print of {} {}", arg(1), command.size() > 2 ? command[2] : ""));
    } else if (verb == "expect-print-fields") {
      const auto eq = text.find(" = ");
      if (eq == std::string::npos) throw std::runtime_error("expect-print-fields REFERENCE = JSON");
      const std::string reference = words(text.substr(19, eq - 19)).at(0);
      const auto want = boost::json::parse(text.substr(eq + 3));
      const print_request* found = nullptr;
      for (const auto& p : last.prints) found = p.reference == reference ? &p : found;
      if (!found) fail(fmt::format("no print for {}", reference));
      else if (boost::json::value(found->fields) != want) {
        fail(fmt::format("print fields: expected {}, got {}", boost::json::serialize(want), boost::json::serialize(found->fields)));
      }
    } else if (verb == "expect-no-print") {
      if (!last.prints.empty()) fail(fmt::format("unexpected print of {}", last.prints.front().label));
    } else if (verb == "expect-sscc") {
      if (!last.allocate_sscc || last.allocate_sscc->order_id != arg(1) || last.allocate_sscc->package != std::stoi(arg(2))) {
        fail(fmt::format("no SSCC asked for {} package {}", arg(1), arg(2)));
      }
    } else if (verb == "expect-light") {
      if (to_string(last.light) != arg(1)) fail(fmt::format("light: expected {}, got {}", arg(1), to_string(last.light)));
    } else if (verb == "expect-buzz") {
      if (!last.buzz) fail("expected a buzz");
    } else if (verb == "expect-text") {
      const std::string rendered = render(last.text, arg(1));
      std::string want = arg(2);
      for (std::size_t i = 3; i < command.size(); ++i) want += " " + command[i];
      if (rendered.find(want) == std::string::npos) fail(fmt::format("text ({}): \"{}\" not in \"{}\"", arg(1), want, rendered));
    } else {
      throw std::runtime_error("unknown line: " + verb);
    }
  }
};

} // namespace

std::vector<scenario_failure> run_scenario(const std::filesystem::path& script) {
  runner r;
  r.folder = script.parent_path().parent_path();
  std::istringstream lines(read_file(script));
  std::string line;
  while (std::getline(lines, line)) {
    ++r.line_no;
    if (const auto hash = line.find(" #"); hash != std::string::npos) line.erase(hash);
    if (line.empty() || line[0] == '#') continue;
    try {
      r.run_line(line);
    } catch (const std::exception& e) {
      r.fail(fmt::format("cannot run this line: {}", e.what()));
    }
  }
  return r.failures;
}

} // namespace stationd::workflow::testing
