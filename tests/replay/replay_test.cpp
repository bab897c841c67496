// Replay of device captures (hardware/<vendor-model>/*.capture) through a pty
// into a real stationd, like gpsd's gpsfake: the station's events are compared
// with the golden file next to each capture (<name>.golden). The golden file's
// "# config:" lines are the device's configuration. STATIOND_UPDATE_GOLDEN=1
// rewrites the expected lines from what the station produced.

#include "integration/device_helpers.hpp"

#include "sim/capture.hpp"
#include "sim/capture_player.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <sstream>

using namespace stationd::test;
namespace json = boost::json;

namespace {

struct golden {
  std::vector<std::string> header;   // comment lines, kept when rewriting
  std::vector<std::string> config;   // "key = value" lines for the [[device]]
  std::vector<std::string> expected; // event lines
};

golden read_golden(const std::filesystem::path& path) {
  golden g;
  std::istringstream in{read_file(path)};
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("# config: ")) g.config.push_back(line.substr(10));
    if (line.starts_with("#")) g.header.push_back(line);
    else if (!line.empty()) g.expected.push_back(line);
  }
  return g;
}

// One event as a stable line: what a station operator would have seen.
std::optional<std::string> render(const json::object& e, bool printer) {
  const auto cls = str(e.at("class"));
  if (cls == "weight") {
    auto line = fmt::format("weight {} {} stable={} {}", str(e.at("weight")), e.at("unit").as_string().empty() ? "-" : str(e.at("unit")),
                            e.at("stable").as_bool() ? "true" : "false", str(e.at("state")));
    if (e.at("error").is_string() && str(e.at("state")) == "error") line += ": " + str(e.at("error"));
    return line;
  }
  if (cls == "variable" && printer) {
    // A printer's status; its other variables follow from it.
    if (str(e.at("name")) == "dev.status") return fmt::format("printer {}", str(e.at("value")));
    if (str(e.at("name")) == "dev.error" && e.at("value").is_string()) return fmt::format("printer error: {}", str(e.at("value")));
    return std::nullopt;
  }
  if (cls == "scan") {
    if (e.at("ok").as_bool()) return fmt::format("scan ok {} {}", str(e.at("scan").at("kind")), str(e.at("scan").at("key")));
    return fmt::format("scan refused {}: {}", str(e.at("error").at("code")), str(e.at("error").at("message")));
  }
  return std::nullopt;
}

std::vector<std::filesystem::path> goldens() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator{source_dir() + "/hardware"}) {
    if (entry.path().extension() == ".golden") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

TEST_CASE("captures replayed through a pty give the golden station events") {
  const auto files = goldens();
  REQUIRE(files.size() >= 3);
  for (const auto& golden_path : files) {
    auto capture_path = golden_path;
    capture_path.replace_extension(".capture");
    const std::string name = capture_path.lexically_relative(source_dir()).string();
    CAPTURE(name);
    const auto g = read_golden(golden_path);
    const auto recording = stationd::sim::load_capture(capture_path);
    REQUIRE_FALSE(recording.records.empty());
    const bool host_speaks_first = recording.records.front().direction == stationd::sim::capture_direction::host_to_device;

    temp_dir sims;
    const auto link = sims / "device";
    std::string device = fmt::format("[[device]]\nname = \"dev\"\nport = \"{}\"\nio_timeout = \"500ms\"\n"
                                     "reconnect_initial = \"100ms\"\nreconnect_max = \"200ms\"\n",
                                     link.string());
    for (const auto& c : g.config) device += c + "\n";
    const bool is_printer = std::find(g.config.begin(), g.config.end(), "class = \"printer\"") != g.config.end();
    running_daemon d{device};
    event_listener events{d, "[\"weight\",\"scan\",\"variable\"]"};

    stationd::sim::capture_player player{recording, {.link = link, .speed = 1.0}};
    player.start();
    if (!host_speaks_first) {
      // The device talks first: play once the station has the port open.
      REQUIRE(wait_value(d, "dev.driver.state", "online"));
    }
    player.play();
    const auto outcome = player.wait(std::chrono::seconds{30});
    REQUIRE(outcome.has_value());
    CHECK_MESSAGE(outcome->ok, outcome->error);
    // The last reply's event follows right after; collect everything up to a quiet moment.
    while (events.try_next(std::chrono::milliseconds{400})) {
    }
    std::vector<std::string> got;
    for (const auto& e : events.seen) {
      if (auto line = render(e, is_printer)) got.push_back(*line);
    }
    // Before the first reply and after the last, the device is not connected: how
    // many such events appear depends on timing, so they are not part of the replay.
    auto not_connected = [](const std::string& l) {
      return l.ends_with(" offline") || l.ends_with(" stale") || l == "printer OFFLINE";
    };
    while (!got.empty() && not_connected(got.back())) got.pop_back();
    got.erase(got.begin(), std::find_if_not(got.begin(), got.end(), not_connected));

    if (const char* update = std::getenv("STATIOND_UPDATE_GOLDEN"); update && *update == '1') {
      std::ofstream out{golden_path};
      for (const auto& h : g.header) out << h << '\n';
      for (const auto& l : got) out << l << '\n';
      continue;
    }
    std::string expected_text;
    std::string got_text;
    for (const auto& l : g.expected) expected_text += l + "\n";
    for (const auto& l : got) got_text += l + "\n";
    CHECK(got_text == expected_text);
  }
}
