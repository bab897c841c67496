// stationd as a process: start, status, signals, reload, config checks.

#include "daemon_fixture.hpp"

#include "journal/sqlite.hpp"
#include "support/unix_socket.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <map>

#include <signal.h>

#include <algorithm>

using namespace stationd;
using namespace stationd::test;
namespace json = boost::json;

namespace {

std::vector<std::string> journal_types(const std::filesystem::path& db_path) {
  sqlite::database db{db_path, sqlite::database::mode::read_only};
  auto st = db.prepare("SELECT type FROM events ORDER BY seq");
  std::vector<std::string> types;
  while (st.step()) types.push_back(st.column_text(0));
  return types;
}

} // namespace

TEST_CASE("stationctl status answers with JSON while the daemon runs") {
  running_daemon d;
  const auto r = run({stationctl_binary(), "--socket", d.socket_path(), "status"});
  CHECK(r.status == 0);
  const auto reply = json::parse(r.out).as_object();
  CHECK(reply.at("result").as_int64() == 0);
  CHECK(reply.at("arguments").at("station").at("id").as_string() == "test-bench");
  CHECK(reply.at("arguments").at("journal").at("state").as_string() == "running");
  CHECK(reply.at("arguments").at("variables").at("journal.state").as_string() == "running");
}

TEST_CASE("SIGTERM and SIGINT stop gracefully with exit 0 and a committed stop record") {
  for (const int sig : {SIGTERM, SIGINT}) {
    CAPTURE(sig);
    running_daemon d;
    d.process().signal(sig);
    CHECK(d.process().wait(std::chrono::seconds{10}) == 0);
    CHECK(journal_types(d.journal_path()) == std::vector<std::string>{"station.started", "station.stopped"});
    CHECK_FALSE(std::filesystem::exists(d.socket_path())); // socket file removed on the way out
  }
}

TEST_CASE("--version and -t") {
  const auto version = run({stationd_binary(), "--version"});
  CHECK(version.status == 0);
  CHECK(version.out.starts_with("stationd 0."));

  const auto example = source_dir() + "/config/station.example.toml";
  // The example's [central] needs the station's key pair in <state_directory>/curve.
  temp_dir state;
  const std::map<std::string, std::string> env{{"STATE_DIRECTORY", state.path().string()}};
  const auto without_keys = run({stationd_binary(), "-t", example}, std::chrono::seconds{60}, env);
  CHECK(without_keys.status == 1);
  CHECK(without_keys.err.find("central: the station's key pair: cannot read " + (state / "curve/station.pub").string() +
                              " (make the key pair with `stationctl keygen`)") != std::string::npos);
  const auto keygen = run({stationctl_binary(), "keygen"}, std::chrono::seconds{60}, env);
  REQUIRE(keygen.status == 0);
  CHECK(keygen.out.size() == 41); // 40 Z85 characters and a newline
  const auto again = run({stationctl_binary(), "keygen"}, std::chrono::seconds{60}, env);
  CHECK(again.status == 1); // never replaced by accident
  const auto ok = run({stationd_binary(), "-t", example}, std::chrono::seconds{60}, env);
  CHECK(ok.status == 0);
  CHECK(ok.out == example + ": configuration OK (station bench-01)\n");

  temp_dir dir;
  const auto bad = dir.write("bad.toml", "[station]\nid = \"a b\"\n[journal]\nmax_size_mb = -1\nbogus = 1\n");
  const auto r = run({stationd_binary(), "-t", bad.string()});
  CHECK(r.status == 1);
  CHECK(r.err == fmt::format("{0}:2:6: station.id = \"a b\": must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit\n"
                             "{0}:4:15: journal.max_size_mb = -1: must be between 0 and 1048576\n"
                             "{0}:5:1: journal.bogus = 1: unknown key\n"
                             "{0}: 3 errors\n",
                             bad.string()));
}

TEST_CASE("a daemon with a bad configuration does not start and says why") {
  temp_dir dir;
  const auto bad = dir.write("bad.toml", "[station]\nid = 5\n");
  const auto r = run({stationd_binary(), "-c", bad.string()});
  CHECK(r.status == 1);
  CHECK(r.err.find(fmt::format("{}:2:6: station.id = 5: expected a string, not an integer", bad.string())) != std::string::npos);
  CHECK(r.err.find("not starting") != std::string::npos);
}

TEST_CASE("SIGHUP and the reload command share one path; a bad file keeps the old configuration") {
  running_daemon d;
  // A good change is applied.
  d.write_config(d.base_config() + "[log]\nlevel = \"debug\"\n");
  d.process().signal(SIGHUP);
  CHECK(eventually([&] { return d.call("status").at("arguments").at("config").at("reloads").as_int64() == 1; }));

  // A broken file: refused, with every error, and the daemon keeps running.
  d.write_config(d.base_config() + "[log]\nlevel = \"loud\"\n[control]\nmax_clients = 0\n");
  const auto refused = d.call("reload");
  CHECK(refused.at("result").as_int64() == 1);
  CHECK(refused.at("text").as_string() ==
        fmt::format("reload refused: {} has 2 errors; still running the previous configuration", d.config_path().string()));
  const auto& errors = refused.at("arguments").at("errors").as_array();
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].as_string() == fmt::format("{}:8:9: log.level = \"loud\": must be one of trace, debug, info, notice, warning, error, critical",
                                             d.config_path().string()));
  const auto status = d.call("status").at("arguments").as_object();
  CHECK(status.at("config").at("reloads").as_int64() == 1);
  CHECK(status.at("config").at("last_reload_error").as_string().starts_with("reload refused"));

  // The same through SIGHUP: still running, still answering.
  d.process().signal(SIGHUP);
  CHECK(eventually([&] {
    return journal_types(d.journal_path()).size() == 4; // started, reloaded, refused, refused
  }));
  CHECK(d.process().running());

  // A key that needs a restart is refused as a whole.
  d.write_config(fmt::format("[station]\nid = \"other\"\n[paths]\nstate_directory = \"{}\"\nruntime_directory = \"{}\"\n",
                             (d.dir() / "state").string(), (d.dir() / "run").string()));
  const auto restart = d.call("reload");
  CHECK(restart.at("result").as_int64() == 1);
  CHECK(restart.at("text").as_string() ==
        "reload refused: station.id changed, which needs a restart; still running the previous configuration");
  CHECK(d.call("status").at("arguments").at("station").at("id").as_string() == "test-bench");

  // Fixed again: reload succeeds and the error clears.
  d.write_config(d.base_config());
  CHECK(d.call("reload").at("result").as_int64() == 0);
  CHECK(d.call("status").at("arguments").at("config").at("last_reload_error").is_null());
  CHECK(journal_types(d.journal_path()) == std::vector<std::string>{"station.started", "config.reloaded",
                                                                     "config.reload_refused", "config.reload_refused",
                                                                     "config.reload_refused", "config.reloaded"});
}

TEST_CASE("a second daemon on the same state directory is refused") {
  running_daemon d;
  const auto r = run({stationd_binary(), "-c", d.config_path().string()});
  CHECK(r.status == 1);
  CHECK(r.err.find(fmt::format("another stationd (pid {}) is using {}", d.process().pid(), (d.dir() / "state").string())) !=
        std::string::npos);
  CHECK(d.process().running());
}

TEST_CASE("after kill -9 the daemon starts again over its stale socket and journal") {
  running_daemon d;
  d.process().signal(SIGKILL);
  CHECK(d.process().wait(std::chrono::seconds{10}) == 128 + SIGKILL);
  CHECK(std::filesystem::exists(d.socket_path())); // left behind
  d.start();
  CHECK(d.call("status").at("result").as_int64() == 0);
  CHECK(journal_types(d.journal_path()) == std::vector<std::string>{"station.started", "station.started"});
}

TEST_CASE("an unusable state directory stops start-up with the reason") {
  temp_dir dir;
  dir.write("blocker", "a file where a directory must be");
  const auto cfg = dir.write("s.toml", fmt::format("[station]\nid = \"x\"\n[paths]\nstate_directory = \"{}\"\nruntime_directory = \"{}\"\n",
                                                   (dir / "blocker/state").string(), (dir / "run").string()));
  const auto r = run({stationd_binary(), "-c", cfg.string()});
  CHECK(r.status == 1);
  CHECK(r.err.find("cannot create state directory") != std::string::npos);
}

TEST_CASE("SIGTERM with journaled work in flight: every confirmed reply has its row, stop record last") {
  running_daemon d;
  unix_socket s{d.socket_path()};
  std::string burst;
  for (int i = 0; i < 40; ++i) burst += "{\"command\":\"reload\"}\n";
  s.send(burst);
  d.process().signal(SIGTERM);
  int confirmed = 0;
  while (auto line = s.read_line()) {
    if (json::parse(*line).at("result").as_int64() == 0) ++confirmed;
  }
  CHECK(d.process().wait(std::chrono::seconds{20}) == 0);
  const auto types = journal_types(d.journal_path());
  CHECK(std::count(types.begin(), types.end(), "config.reloaded") >= confirmed);
  CHECK(types.back() == "station.stopped");
}

TEST_CASE("a signal during a slow shutdown is logged, not fatal") {
  running_daemon d;
  // Hold the journal's write lock so the shutdown's last append has to wait.
  sqlite::database blocker{d.journal_path(), sqlite::database::mode::read_write_create};
  blocker.exec("BEGIN IMMEDIATE");
  d.process().signal(SIGTERM);
  CHECK(eventually([&] { return d.process().stderr_text().find("stopping") != std::string::npos; }));
  d.process().signal(SIGHUP);
  d.process().signal(SIGINT);
  CHECK(eventually([&] { return d.process().stderr_text().find("while stopping") != std::string::npos; }));
  blocker.exec("COMMIT");
  CHECK(d.process().wait(std::chrono::seconds{20}) == 0);
  CHECK(journal_types(d.journal_path()).back() == "station.stopped");
}

TEST_CASE("-t refuses a control socket path longer than a Unix socket allows") {
  temp_dir dir;
  const std::string deep(120, 'x');
  const auto cfg = dir.write("s.toml", fmt::format("[station]\nid = \"b\"\n[paths]\nruntime_directory = \"/run/{}\"\n", deep));
  const auto r = run({stationd_binary(), "-t", cfg.string()});
  CHECK(r.status == 1);
  CHECK(r.err.find(fmt::format("{}:4:21: paths.runtime_directory = \"/run/{}\": the control socket path /run/{}/control.sock "
                               "has 138 bytes; a Unix socket path has at most 107",
                               cfg.string(), deep, deep)) != std::string::npos);
}
