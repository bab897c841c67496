#include "console.hpp"

#include <boost/json/parse.hpp>

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace stationd::central {

namespace {


command_result reply(std::string text) { return {std::move(text), {}, false}; }

} // namespace

std::string read_text(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

command_result run_command(std::string_view line, central_service& service, runtime_knobs& knobs) {
  std::istringstream words{std::string{line}};
  std::string verb, argument, extra;
  words >> verb >> argument >> extra;
  if (verb.empty()) return reply("error empty command");
  if (!extra.empty()) return reply(fmt::format("error {}: too many arguments", verb));
  try {
    if (verb == "status" && argument.empty()) return reply(service.status_json());
    if (verb == "quit" && argument.empty()) return {"bye", {}, true};
    if (verb == "update" && !argument.empty()) {
      const auto changes = boost::json::parse(read_text(argument));
      if (!changes.is_object()) return reply("error update: the file must hold a JSON object");
      auto p = service.publish_update(changes.get_object());
      return {fmt::format("revision {}", p.revision), std::move(p.out), false};
    }
    if (verb == "snapshot" && !argument.empty()) {
      auto p = service.publish_snapshot(read_text(argument));
      return {fmt::format("revision {}", p.revision), std::move(p.out), false};
    }
    if (verb == "slow" && !argument.empty()) {
      int ms = -1;
      const auto [end, ec] = std::from_chars(argument.data(), argument.data() + argument.size(), ms);
      if (ec != std::errc{} || end != argument.data() + argument.size() || ms < 0) {
        return reply("error slow: expected milliseconds");
      }
      knobs.delay = std::chrono::milliseconds{ms};
      return reply(fmt::format("slow {}", ms));
    }
    if (verb == "chaos" && (argument == "on" || argument == "off")) {
      knobs.chaos = argument == "on";
      return reply(fmt::format("chaos {}", argument));
    }
  } catch (const std::exception& e) {
    return reply(fmt::format("error {}: {}", verb, e.what()));
  }
  return reply(fmt::format("error unknown command \"{}\" (status, update FILE, snapshot FILE, slow MS, chaos on|off, quit)",
                           line));
}

} // namespace stationd::central
