// stationctl: the command-line client of stationd's control socket.

#include "stationctl/control_client.hpp"
#include "stationctl/decode_command.hpp"
#include "stationctl/label_arguments.hpp"
#include "scan/raw_notation.hpp"
#include "sync/curve_keys.hpp"
#include "stationd/version.hpp"
#include "util/json_pretty.hpp"

#include <CLI/CLI.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

namespace json = boost::json;
using stationd::ctl::control_client;

// Exit codes: 0 the daemon did it, 1 the daemon refused or failed, 2 usage,
// 69 (EX_UNAVAILABLE) the daemon could not be reached.
constexpr int exit_refused = 1;
constexpr int exit_usage = 2;
constexpr int exit_unavailable = 69;

std::string default_socket() {
  if (const char* s = std::getenv("STATIONCTL_SOCKET"); s && *s) return s;
  if (const char* r = std::getenv("RUNTIME_DIRECTORY"); r && *r) return std::string{r} + "/control.sock";
  return "/run/stationd/control.sock";
}

// `text_only`: the reply's text (what the station says) instead of the whole JSON.
int print_reply(bool text_only, const json::object& reply) {
  const auto* text = reply.if_contains("text");
  const std::string_view said = text && text->is_string() ? std::string_view{text->get_string()} : std::string_view{};
  if (text_only) std::cout << said << '\n';
  else std::cout << stationd::util::pretty_json(reply) << '\n';
  const auto* result = reply.if_contains("result");
  const auto code = (result && result->is_int64()) ? result->as_int64() : 1;
  if (code == 0 || code == 3) return 0;
  if (!text_only && !said.empty()) std::cerr << "stationctl: " << said << '\n';
  return exit_refused;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App cli{"stationctl - control a running stationd"};
  cli.require_subcommand(1);
  std::string socket = default_socket();
  double timeout_s = 10;
  cli.add_option("-s,--socket", socket, "Control socket (default: $STATIONCTL_SOCKET, else /run/stationd/control.sock)")
      ->capture_default_str();
  bool text_only = false;
  cli.add_flag("-t,--text", text_only, "Print only the reply's text (what the station says), not its JSON");
  cli.add_option("--timeout", timeout_s, "Seconds to wait for a reply")->capture_default_str()->check(CLI::Range(0.1, 3600.0));

  auto* status = cli.add_subcommand("status", "Station, journal, configuration and variables as JSON");
  auto* reload = cli.add_subcommand("reload", "Re-read the configuration; a bad file leaves the running one in place");
  auto* variables = cli.add_subcommand("variables", "Status variables (flat dotted names)");
  std::string prefix;
  variables->add_option("prefix", prefix, "Only names starting with this, e.g. journal.");
  auto* watch = cli.add_subcommand("watch", "Print pushed events, one JSON line each, until interrupted");
  std::vector<std::string> classes;
  watch->add_option("classes", classes, "Event classes to show (default: all)");
  auto* help = cli.add_subcommand("commands", "List the commands the daemon answers");
  auto* version = cli.add_subcommand("version", "Versions of stationctl and of the running stationd");
  auto* call = cli.add_subcommand("call", "Send any command with JSON arguments");
  std::string raw_command;
  std::string raw_arguments;
  call->add_option("command", raw_command, "Command name")->required();
  call->add_option("arguments", raw_arguments, "Arguments as a JSON object");

  auto* devices = cli.add_subcommand("devices", "Every device with its state and last values");
  auto* scan = cli.add_subcommand("scan", "Inject a scan as if from a scanner (<GS> or \\x1d for GS)");
  std::string scan_code;
  std::string scan_device;
  scan->add_option("code", scan_code, "The scan")->required();
  scan->add_option("--device", scan_device, "Scanner name to report it as");
  auto* weigh = cli.add_subcommand("weigh", "Scale readings, or zero/tare a scale");
  std::string weigh_device;
  std::string weigh_action;
  weigh->add_option("--device", weigh_device, "Scale name (needed when there are several)");
  weigh->add_option("action", weigh_action, "zero, tare or clear-tare")->check(CLI::IsMember({"zero", "tare", "clear-tare"}));
  auto* light = cli.add_subcommand("light", "Show a signal on the signal towers");
  std::string light_signal;
  std::string light_device;
  light->add_option("signal", light_signal, "off, ready, busy, attention or error")->required();
  light->add_option("--device", light_device, "Only this tower");
  auto* print_queue = cli.add_subcommand("print-queue", "Open print jobs (queued, sent, unconfirmed), or all of them");
  bool queue_all = false;
  int queue_limit = 100;
  std::int64_t queue_job = 0;
  print_queue->add_flag("--all", queue_all, "Every job, newest first, not only open ones");
  print_queue->add_option("--limit", queue_limit, "At most this many jobs")->capture_default_str()->check(CLI::PositiveNumber);
  print_queue->add_option("--job", queue_job, "Show this one job, with its ZPL");
  auto* print_label = cli.add_subcommand("print-label", "Print a label from a template (docs/printing.md)");
  std::string label_name;
  std::vector<std::string> label_fields;
  print_label->add_option("label", label_name, "gs1-logistic, return-disposition, tote-location or a template name")->required();
  print_label->add_option("fields", label_fields,
                          "key=value (a string) or key:=JSON (a number, say); a dotted key nests: ship_to.city=Göteborg");
  auto* print_zpl = cli.add_subcommand("print-zpl", "Print a ready ZPL label (a carrier's) as it is");
  std::string zpl_file;
  std::string zpl_reference;
  std::string zpl_printer;
  std::string print_by;
  print_zpl->add_option("file", zpl_file, "ZPL file, or - for standard input")->required();
  print_zpl->add_option("--reference", zpl_reference, "What the label is for (a tracking number, say)")->required();
  print_zpl->add_option("--printer", zpl_printer, "Printer name (default: [labels] printer or the only one)");
  print_zpl->add_option("--by", print_by, "Who asks");
  auto* reprint = cli.add_subcommand("reprint", "Print a job again, as a new job that records why");
  std::int64_t reprint_job = 0;
  std::string reprint_reason;
  std::string reprint_by;
  reprint->add_option("job", reprint_job, "Job number")->required();
  reprint->add_option("--reason", reprint_reason, "Why (e.g. \"label damaged\")")->required();
  reprint->add_option("--by", reprint_by, "Who asks")->required();
  auto* resolve = cli.add_subcommand("print-resolve", "Settle a job in doubt: printed (seen on the printer) or cancelled");
  std::int64_t resolve_job = 0;
  std::string resolve_outcome;
  std::string resolve_reason;
  std::string resolve_by;
  resolve->add_option("job", resolve_job, "Job number")->required();
  resolve->add_option("outcome", resolve_outcome, "printed or cancelled")->required()->check(CLI::IsMember({"printed", "cancelled"}));
  resolve->add_option("--reason", resolve_reason, "Why")->required();
  resolve->add_option("--by", resolve_by, "Who decides")->required();
  auto* station = cli.add_subcommand("station", "The workflows: operator, mode, current task, progress, last message");
  auto* action = cli.add_subcommand("action", "An operator action for the workflows (docs/workflows.md)");
  std::string action_name;
  std::vector<std::string> action_args;
  action->add_option("name", action_name, "e.g. close, quantity, short, override, grade, confirm, logout")->required();
  action->add_option("args", action_args, "name=value, e.g. reason=NOT_FOUND");
  auto* master_load = cli.add_subcommand("master-load", "Give the station master data (products, orders, RMAs) from a JSON file");
  std::string master_file;
  master_load->add_option("file", master_file, "JSON file (docs/master-data.md), or - for standard input")->required();
  auto* outbox = cli.add_subcommand("outbox", "The link to central and the events waiting for it");
  auto* keygen = cli.add_subcommand("keygen", "Make the station's CURVE key pair for the link to central; prints the public key");
  std::string key_directory;
  bool key_replace = false;
  keygen->add_option("--dir", key_directory,
                     "Where (default: $STATE_DIRECTORY/curve, else /var/lib/stationd/curve: [central] reads it there)");
  keygen->add_flag("--force", key_replace, "Replace an existing key pair (central must be given the new public key)");
  auto* decode = cli.add_subcommand("decode", "Decode and classify one scan (no daemon needed); invalid: exit 1");
  stationd::ctl::decode_request decode_request;
  std::string decode_config;
  decode->add_option("raw", decode_request.raw,
                     "The scan, e.g. ']C1010950110153000310ABC<GS>21XYZ', '(01)09501101530003', or a Digital Link URI")
      ->required();
  decode->add_flag("--json", decode_request.json, "Print JSON");
  decode->add_option("-c,--config", decode_config, "Station configuration whose [scan] patterns to use");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : exit_usage;
  }

  if (*keygen) {
    if (key_directory.empty()) {
      const char* state = std::getenv("STATE_DIRECTORY");
      key_directory = (std::filesystem::path(state && *state ? state : "/var/lib/stationd") / "curve").string();
    }
    try {
      const auto pair = stationd::sync::generate_keys(key_directory, key_replace);
      std::cout << pair.public_key << '\n';
      std::cerr << "stationctl: key pair written to " << key_directory
                << " (station.key, station.pub); give central the public key above\n";
      return 0;
    } catch (const std::exception& e) {
      std::cerr << "stationctl: " << e.what() << '\n';
      return 1;
    }
  }
  if (*decode) {
    if (!decode_config.empty()) decode_request.config = decode_config;
    return stationd::ctl::run_decode(decode_request);
  }

  try {
    control_client client{socket, std::chrono::milliseconds{static_cast<long>(timeout_s * 1000)}};
    if (*status) return print_reply(text_only, client.call("status"));
    if (*reload) return print_reply(text_only, client.call("reload"));
    if (*help) return print_reply(text_only, client.call("help"));
    if (*devices) return print_reply(text_only, client.call("devices"));
    if (*scan) {
      json::object args{{"code", stationd::scan::expand_notation(scan_code)}};
      if (!scan_device.empty()) args["device"] = scan_device;
      return print_reply(text_only, client.call("scan", args));
    }
    if (*station) return print_reply(text_only, client.call("station"));
    if (*outbox) return print_reply(text_only, client.call("outbox"));
    if (*action) {
      json::object given;
      for (const auto& a : action_args) {
        const auto eq = a.find('=');
        if (eq == std::string::npos || eq == 0) {
          std::cerr << "stationctl: action arguments are name=value, not \"" << a << "\"\n";
          return exit_usage;
        }
        given[a.substr(0, eq)] = a.substr(eq + 1);
      }
      return print_reply(text_only, client.call("action", json::object{{"name", action_name}, {"args", std::move(given)}}));
    }
    if (*master_load) {
      std::ostringstream text;
      if (master_file == "-") {
        text << std::cin.rdbuf();
      } else {
        std::ifstream in{master_file, std::ios::binary};
        if (!in) {
          std::cerr << "stationctl: cannot read " << master_file << '\n';
          return exit_usage;
        }
        text << in.rdbuf();
      }
      boost::system::error_code ec;
      auto data = json::parse(text.str(), ec);
      if (ec || !data.is_object()) {
        std::cerr << "stationctl: " << master_file << " is not a JSON object" << (ec ? ": " + ec.message() : "") << '\n';
        return exit_usage;
      }
      return print_reply(text_only, client.call("master-load", json::object{{"data", std::move(data)}, {"source", master_file}}));
    }
    if (*weigh) {
      json::object args;
      if (!weigh_device.empty()) args["device"] = weigh_device;
      if (!weigh_action.empty()) args["action"] = weigh_action;
      return print_reply(text_only, client.call("weigh", args));
    }
    if (*light) {
      json::object args{{"signal", light_signal}};
      if (!light_device.empty()) args["device"] = light_device;
      return print_reply(text_only, client.call("light", args));
    }
    if (*print_queue) {
      json::object args{{"limit", queue_limit}};
      if (queue_all) args["all"] = true;
      if (queue_job != 0) args["job"] = queue_job;
      return print_reply(text_only, client.call("print-queue", args));
    }
    if (*print_label) {
      auto args = stationd::ctl::label_arguments(label_fields);
      if (!args.object) {
        std::cerr << "stationctl: " << args.error << '\n';
        return exit_usage;
      }
      (*args.object)["label"] = label_name;
      return print_reply(text_only, client.call("print-label", *args.object));
    }
    if (*print_zpl) {
      std::ostringstream zpl;
      if (zpl_file == "-") {
        zpl << std::cin.rdbuf();
      } else {
        std::ifstream in{zpl_file, std::ios::binary};
        if (!in) {
          std::cerr << "stationctl: cannot read " << zpl_file << '\n';
          return exit_usage;
        }
        zpl << in.rdbuf();
      }
      json::object args{{"zpl", zpl.str()}, {"reference", zpl_reference}};
      if (!zpl_printer.empty()) args["printer"] = zpl_printer;
      if (!print_by.empty()) args["by"] = print_by;
      return print_reply(text_only, client.call("print-zpl", args));
    }
    if (*reprint) {
      json::object args{{"job", reprint_job}, {"reason", reprint_reason}, {"by", reprint_by}};
      return print_reply(text_only, client.call("reprint", args));
    }
    if (*resolve) {
      json::object args{{"job", resolve_job}, {"outcome", resolve_outcome}, {"reason", resolve_reason}, {"by", resolve_by}};
      return print_reply(text_only, client.call("print-resolve", args));
    }
    if (*variables) {
      json::object args;
      if (!prefix.empty()) args["prefix"] = prefix;
      return print_reply(text_only, client.call("variables", args));
    }
    if (*version) {
      auto reply = client.call("version");
      reply["stationctl"] = stationd::version_string;
      return print_reply(text_only, reply);
    }
    if (*call) {
      json::object args;
      if (!raw_arguments.empty()) {
        boost::system::error_code ec;
        auto parsed = json::parse(raw_arguments, ec);
        if (ec || !parsed.is_object()) {
          std::cerr << "stationctl: arguments must be a JSON object, e.g. '{\"prefix\":\"journal.\"}'\n";
          return exit_usage;
        }
        args = std::move(parsed.get_object());
      }
      return print_reply(text_only, client.call(raw_command, args));
    }
    if (*watch) {
      json::array list;
      for (const auto& c : classes) list.emplace_back(c);
      json::object args;
      if (!list.empty()) args["classes"] = list;
      if (const int rc = print_reply(text_only, client.call("subscribe", args)); rc != 0) return rc;
      while (auto event = client.next(std::nullopt)) std::cout << json::serialize(*event) << std::endl;
      std::cerr << "stationctl: stationd closed the connection\n";
      return 0;
    }
  } catch (const stationd::ctl::unreachable& e) {
    std::cerr << "stationctl: " << e.what() << '\n';
    return exit_unavailable;
  }
  return exit_usage;
}
