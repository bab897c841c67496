// Every bad configuration gets an error naming file:line:col, the key and the
// value; these are the exact texts an operator sees from `stationd -t`.

#include "config/config_loader.hpp"
#include "config/station_schema.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace stationd::config;

namespace {

// All error lines, newline-terminated, so a mismatch prints readably.
std::string errors_for(const std::string& text) {
  const auto result = load_text(text, "bad.toml", station_schema());
  std::string lines;
  for (const auto& e : result.errors) lines += e.to_string() + "\n";
  return lines;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

struct bad_config {
  const char* what;
  const char* toml;
  std::vector<std::string> expected;
};

const std::vector<bad_config> bad_configs = {
    {"empty file: the station id is required", "",
     {"bad.toml:1:1: station.id: required key is missing"}},
    {"misspelled key with a suggestion",
     "[station]\nid = \"b1\"\n[journal]\npathh = \"x.db\"\n",
     {"bad.toml:4:1: journal.pathh = \"x.db\": unknown key (did you mean path?)"}},
    {"unknown section", "[station]\nid = \"b1\"\n[jornal]\npath = \"x\"\n",
     {"bad.toml:3:2: jornal = {...}: unknown key (did you mean journal?)"}},
    {"wrong type", "[station]\nid = 42\n",
     {"bad.toml:2:6: station.id = 42: expected a string, not an integer"}},
    {"integer out of range", "[station]\nid = \"b1\"\n[journal]\ngroup_commit_max_rows = -5\n",
     {"bad.toml:4:25: journal.group_commit_max_rows = -5: must be between 1 and 100000"}},
    {"not one of the choices", "[station]\nid = \"b1\"\n[log]\nlevel = \"loud\"\n",
     {"bad.toml:4:9: log.level = \"loud\": must be one of trace, debug, info, notice, warning, error, critical"}},
    {"pattern mismatch", "[station]\nid = \"bench 7\"\n",
     {"bad.toml:2:6: station.id = \"bench 7\": must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"}},
    {"not a duration", "[station]\nid = \"b1\"\n[control]\nidle_timeout = \"5 parsecs\"\n",
     {"bad.toml:4:16: control.idle_timeout = \"5 parsecs\": not a duration (write e.g. \"250ms\", \"5s\", \"2m\" or \"1h\")"}},
    {"duration out of range", "[station]\nid = \"b1\"\n[journal]\ngroup_commit_delay = \"2s\"\n",
     {"bad.toml:4:22: journal.group_commit_delay = \"2s\": must be between \"0ms\" and \"100ms\""}},
    {"duration without unit", "[station]\nid = \"b1\"\n[control]\nidle_timeout = 300\n",
     {"bad.toml:4:16: control.idle_timeout = 300: expected a duration string, not an integer"}},
    {"octal mode", "[station]\nid = \"b1\"\n[control]\nsocket_mode = \"0999\"\n",
     {"bad.toml:4:15: control.socket_mode = \"0999\": must be an octal file mode such as \"0660\""}},
    {"relative state directory", "[station]\nid = \"b1\"\n[paths]\nstate_directory = \"var/lib\"\n",
     {"bad.toml:4:19: paths.state_directory = \"var/lib\": must be an absolute path or empty"}},
    {"list element of the wrong type", "[station]\nid = \"b1\"\n[log]\ntrace_devices = [\"scale-1\", 7]\n",
     {"bad.toml:4:29: log.trace_devices[1] = 7: expected a string, not an integer"}},
    {"list element failing its pattern", "[station]\nid = \"b1\"\n[log]\ntrace_devices = [\"scale 1\"]\n",
     {"bad.toml:4:17: log.trace_devices = [\"scale 1\"]: element \"scale 1\": must be a device name"}},
    {"section given as a value", "station = \"b1\"\n",
     {"bad.toml:1:11: station = \"b1\": expected a table ([station]), not a string"}},
    {"syntax error", "[station]\nid = \"b1\n",
     {"bad.toml:2:9: syntax error: Error while parsing string: unescaped control characters other than TAB (U+0009) are explicitly prohibited"}},
    {"duplicate key", "[station]\nid = \"b1\"\nid = \"b2\"\n",
     {"bad.toml:3:6: syntax error: Error while parsing key-value pair: cannot redefine existing string 'id'"}},
    {"every error is listed, in file order",
     "[station]\nid = \"\"\n[journal]\nmax_size_mb = -1\nintegrity_check = \"sometimes\"\n[control]\nmax_clients = 0\n",
     {"bad.toml:2:6: station.id = \"\": must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
      "bad.toml:4:15: journal.max_size_mb = -1: must be between 0 and 1048576",
      "bad.toml:5:19: journal.integrity_check = \"sometimes\": must be one of quick, full, none",
      "bad.toml:7:15: control.max_clients = 0: must be between 1 and 1024"}},
    {"a float where an integer belongs", "[station]\nid = \"b1\"\n[control]\nmax_clients = 2.5\n",
     {"bad.toml:4:15: control.max_clients = 2.5: expected an integer, not a floating-point number"}},
    {"a boolean where a string belongs", "[station]\nid = true\n",
     {"bad.toml:2:6: station.id = true: expected a string, not a boolean"}},
    {"an HTTP address by name", "[station]\nid = \"b1\"\n[http]\nlisten = \"localhost:8080\"\n",
     {"bad.toml:4:10: http.listen = \"localhost:8080\": must be ADDRESS:PORT with a numeric address"}},
    {"an HTTP port beyond 65535", "[station]\nid = \"b1\"\n[http]\nlisten = \"127.0.0.1:99999\"\n",
     {"bad.toml:4:10: http.listen = \"127.0.0.1:99999\": the port must be from 0 to 65535 (0: any free port)"}},
    {"a token too short to be a secret, with a scope that does not exist",
     "[station]\nid = \"b1\"\n[http]\n[[http.token]]\nname = \"acme\"\ntoken = \"secret\"\nscopes = [\"write\"]\n",
     {"bad.toml:6:9: http.token[0].token = (hidden): must be 24 to 256 letters, digits or - . _ ~ + /",
      "bad.toml:7:10: http.token[0].scopes = [\"write\"]: element \"write\": must be one of 3pl:read, operator, admin"}},
    {"two tokens with one name and one secret",
     "[station]\nid = \"b1\"\n[http]\n[[http.token]]\nname = \"a\"\ntoken = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\n"
     "[[http.token]]\nname = \"a\"\ntoken = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\nrate_per_minute = 0\n",
     {"bad.toml:8:8: http.token[1].name = \"a\": already used by http.token[0].name",
      "bad.toml:9:9: http.token[1].token = (hidden): already used by http.token[0].token",
      "bad.toml:10:19: http.token[1].rate_per_minute = 0: must be between 1 and 1000000"}},
    {"central without its public key is plaintext, which needs insecure = true said out loud",
     "[station]\nid = \"b1\"\n[central]\nendpoint = \"tcp://central.example:5570\"\n",
     {"bad.toml:3:1: central.server_public_key = \"\": required unless insecure = true (CURVE needs central's public key)"}},
    {"a token with no scope", "[station]\nid = \"b1\"\n[http]\n[[http.token]]\nname = \"a\"\ntoken = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\nscopes = []\n",
     {"bad.toml:7:10: http.token[0].scopes = []: a token needs at least one scope"}},
};

} // namespace

TEST_CASE("bad configurations produce exact error texts") {
  for (const auto& bad : bad_configs) {
    const std::string what = bad.what;
    CAPTURE(what);
    CHECK(errors_for(bad.toml) == joined(bad.expected));
  }
}

TEST_CASE("a minimal configuration is valid and takes every default") {
  const auto result = load_text("[station]\nid = \"bench-07\"\n", "ok.toml", station_schema());
  REQUIRE(result.errors.empty());
  const auto& root = *result.root;
  CHECK(root.section("station").get_string("id") == "bench-07");
  CHECK(root.section("journal").get_int("group_commit_max_rows") == 1000);
  CHECK(root.section("control").get_duration("idle_timeout") == std::chrono::minutes{5});
  CHECK_FALSE(root.section("journal").set_in_file("path"));
  CHECK(root.section("station").set_in_file("id"));
}

TEST_CASE("a file that cannot be read is reported with its path") {
  const auto result = load_file("/nonexistent/station.toml", station_schema());
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].to_string() == "/nonexistent/station.toml: cannot read: No such file or directory");
}

TEST_CASE("typed lookups refuse keys outside the schema and wrong types") {
  const auto result = load_text("[station]\nid = \"b\"\n", "ok.toml", station_schema());
  REQUIRE(result.root);
  const auto& journal = result.root->section("journal");
  CHECK_THROWS_WITH_AS(journal.get_int("no_such_key"), "config key journal.no_such_key is not in the schema",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(journal.get_string("group_commit_max_rows"),
                       "config key journal.group_commit_max_rows is an integer, not the type asked for", std::logic_error);
}

TEST_CASE("reload comparison names keys that need a restart") {
  const auto before = load_text("[station]\nid = \"b1\"\n[log]\nlevel = \"info\"\n", "a.toml", station_schema());
  const auto after = load_text("[station]\nid = \"b2\"\n[log]\nlevel = \"debug\"\n", "a.toml", station_schema());
  REQUIRE(before.root);
  REQUIRE(after.root);
  CHECK(restart_required_changes(*before.root, *after.root) == std::vector<std::string>{"station.id"});
  CHECK(restart_required_changes(*before.root, *before.root).empty());
}
