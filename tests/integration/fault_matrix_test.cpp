// The fault matrix (docs/fault-matrix.md): the faults a bench meets, each injected
// into a real stationd with the simulated scale (pty) and printer (TCP) and the
// real central-sim (ZeroMQ, CURVE), with what the station must do about it
// asserted. One test case per group of rows, named "fault: ...".

#include "central_harness.hpp"
#include "station_harness.hpp"

#include "journal/sqlite.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <thread>
#include <unistd.h>

using namespace stationd;
using namespace stationd::test;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

const std::string example_master_data = source_dir() + "/config/master-data.example.json";

// A status variable's value now; null when it is not there.
json::value variable(running_daemon& d, const std::string& name) { return variable_now(d, name).value_or(nullptr); }

// `holds` is true at every look for `window` (the fault must not disturb it meanwhile).
bool throughout(std::chrono::milliseconds window, const std::function<bool()>& holds) {
  const auto until = std::chrono::steady_clock::now() + window;
  while (std::chrono::steady_clock::now() < until) {
    if (!holds()) return false;
    std::this_thread::sleep_for(100ms);
  }
  return holds();
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

std::int64_t query_int(const std::filesystem::path& journal, const std::string& sql) {
  sqlite::database db{journal, sqlite::database::mode::read_only};
  return db.query_int(sql);
}

struct journaled {
  std::int64_t seq = 0;
  std::int64_t recorded_at = 0;
};
journaled newest_event(running_daemon& d) {
  sqlite::database db{d.journal_path(), sqlite::database::mode::read_only};
  auto q = db.prepare("SELECT seq, recorded_at FROM events ORDER BY seq DESC LIMIT 1");
  REQUIRE(q.step());
  return {q.column_int(0), q.column_int(1)};
}
// The workflow.input an acknowledged input was journaled as.
journaled input_at(running_daemon& d, std::int64_t seq) {
  sqlite::database db{d.journal_path(), sqlite::database::mode::read_only};
  auto q = db.prepare("SELECT seq, recorded_at FROM events WHERE seq = ?1 AND type = 'workflow.input'");
  q.bind(1, seq);
  REQUIRE_MESSAGE(q.step(), "no workflow.input at ", seq);
  return {q.column_int(0), q.column_int(1)};
}

std::int64_t seq_of(const json::object& decision) { return decision.at("seq").as_int64(); }
std::string message_of(const json::object& decision) { return str(decision.at("message").at("id")); }

// A station linked to `c` (its key on central's allow-list).
std::unique_ptr<station> linked_station(central& c, const std::string& more = "", std::map<std::string, std::string> env = {}) {
  return std::make_unique<station>(central_section(c, more), std::move(env),
                                   [&](const temp_dir& dir) { make_station_keys(c, dir); });
}

// What central applied for the station equals the station's journal, to the last event.
void central_has_all(running_daemon& d, central& c) {
  REQUIRE(drained(d));
  const auto status = c.status_of();
  CHECK_MESSAGE(status.at("applied").as_int64() == newest_event(d).seq, c.process().stdout_text());
  check_exactly_once(d, c);
}

// The wall clock of a stationd run under libfaketime, as an NTP step moves it:
// only the wall clock (CLOCK_REALTIME and friends) is offset, never the steady
// clock (FAKETIME_DONT_FAKE_MONOTONIC). The offset is re-read at every call.
class fake_wall_clock {
public:
  fake_wall_clock() { set(0s); }

  std::map<std::string, std::string> env() const {
    std::string library;
    for (const char* dir : {"/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib"}) {
      const auto candidate = std::filesystem::path{dir} / "faketime/libfaketime.so.1";
      if (library.empty() && std::filesystem::exists(candidate)) library = candidate.string();
    }
    REQUIRE_MESSAGE(!library.empty(), "no faketime/libfaketime.so.1 (Debian package libfaketime)");
    return {{"LD_PRELOAD", library},
            {"FAKETIME_TIMESTAMP_FILE", (dir_ / "offset").string()},
            {"FAKETIME_NO_CACHE", "1"},
            {"FAKETIME_DONT_FAKE_MONOTONIC", "1"}};
  }

  // The wall clock is `offset` away from the true time from now on.
  void set(std::chrono::seconds offset) {
    dir_.write("offset.new", fmt::format("{:+}\n", offset.count()));
    std::filesystem::rename(dir_ / "offset.new", dir_ / "offset"); // never half written
  }

private:
  temp_dir dir_;
};

// A program on the PATH (child_process runs a path, it does not search).
std::string program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/sbin:/usr/bin:/sbin:/bin";
  for (std::size_t from = 0; from <= dirs.size();) {
    const auto to = std::min(dirs.find(':', from), dirs.size());
    const auto candidate = std::filesystem::path{dirs.substr(from, to - from)} / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    from = to + 1;
  }
  FAIL("no ", name, " on the PATH (util-linux)");
  return name;
}

// A small tmpfs in a mount namespace of its own, held by a sleeping process: a
// disk that really fills up (ENOSPC) without touching the machine's. Programs
// run in it through enter(); the test sees its files under /proc/PID/root.
class small_disk {
public:
  explicit small_disk(const std::string& size) {
    std::vector<std::string> argv{program("unshare")};
    if (::geteuid() != 0) argv.insert(argv.end(), {"--user", "--map-root-user"});
    argv.insert(argv.end(), {"--mount", "--propagation", "private", "--", "/bin/sh", "-c",
                             "mount -t tmpfs -o size=" + size + " tmpfs \"$0\" && echo mounted && exec sleep 3600",
                             mount_.path().string()});
    holder_ = std::make_unique<child_process>(child_process::options{argv, {}, out_.path().string()});
    REQUIRE(eventually([&] { return holder_->stdout_text().find("mounted") != std::string::npos || !holder_->running(); }));
    REQUIRE_MESSAGE(holder_->running(), "no tmpfs in a mount namespace of its own: ", holder_->stderr_text());
  }

  std::vector<std::string> enter() const {
    std::vector<std::string> argv{program("nsenter"), "--target", std::to_string(holder_->pid())};
    if (::geteuid() != 0) argv.insert(argv.end(), {"--user", "--preserve-credentials"});
    argv.insert(argv.end(), {"--mount", "--"});
    return argv;
  }
  // Where the disk is, for programs run through enter().
  std::filesystem::path path() const { return mount_.path(); }
  // The same file, from outside the namespace. (SQLite resolves the /proc/PID/root
  // link to this namespace's /: copy a database out before opening it.)
  std::filesystem::path seen_from_here(const std::string& name) const {
    return fmt::format("/proc/{}/root{}", holder_->pid(), (mount_ / name).string());
  }
  // A copy of `name` and of its WAL, if any, in `dir`.
  std::filesystem::path copy_out(const std::string& name, const temp_dir& dir) const {
    for (const std::string suffix : {"", "-wal"}) {
      if (std::filesystem::exists(seen_from_here(name + suffix))) {
        std::filesystem::copy_file(seen_from_here(name + suffix), dir / (name + suffix));
      }
    }
    return dir / name;
  }
  void fill() {
    auto argv = enter();
    argv.insert(argv.end(), {"/bin/sh", "-c", "cat /dev/zero > \"$0\"", (mount_ / "filler").string()});
    const auto r = run(argv);
    CHECK_MESSAGE(r.err.find("No space left on device") != std::string::npos, r.err);
  }
  void free_space() {
    auto argv = enter();
    argv.insert(argv.end(), {program("rm"), (mount_ / "filler").string()});
    const auto r = run(argv);
    REQUIRE_MESSAGE(r.status == 0, r.err);
  }

private:
  temp_dir mount_;
  temp_dir out_;
  std::unique_ptr<child_process> holder_;
};

} // namespace

TEST_CASE("fault: scale unplugged and replugged, garbage, silence: never a weight meanwhile, back without a restart") {
  station s;
  auto& d = *s.daemon;
  const auto pid = d.process().pid();
  // A package waits for its weight: SO-000006 packed in a medium box, 1050 g expected.
  CHECK(accepted(s.scan("OP-0001"), "session.welcome"));
  CHECK(accepted(s.scan("CMD-PACK"), "mode.pack"));
  for (const char* code : {"SO-000006", "BOX-M", "SKU-TSHIRTM", "SKU-TSHIRTM", "SKU-TSHIRTM", "07350053850071", "CMD-CLOSE"}) {
    CHECK(s.scan(code).at("verdict") == "accepted");
  }
  REQUIRE(wait_state(s, [](const json::object& st) { return at(st, "/pack/step") == "weigh"; }));
  const auto weights_taken = [&] {
    return query_int(d.journal_path(),
                     "SELECT count(*) FROM events WHERE type = 'workflow.input' AND json_extract(payload, '$.input') = 'weight'");
  };

  // Unplugged (the pty closes): the driver leaves online, the weight goes; the package
  // put on the scale meanwhile is not weighed.
  s.scale.unplug();
  CHECK(wait_variable(d, "scale.driver.state", [](const json::value& v) { return v != "online"; }, 5s));
  CHECK(wait_value(d, "scale.weight", nullptr, 5s));
  s.scale.set_weight(sim::decimal::parse("1.049"));
  CHECK(throughout(1500ms, [&] { return variable(d, "scale.weight").is_null() && variable(d, "scale.stable") == false; }));
  CHECK(at(s.state(), "/pack/step") == "weigh");
  CHECK(weights_taken() == 0);

  // Replugged: online again in the same stationd, and the weight is taken once.
  s.scale.replug();
  REQUIRE(wait_value(d, "scale.driver.state", "online", 5s));
  REQUIRE(wait_state(s, [](const json::object& st) { return at(st, "/orders/SO-000006/step") == "LABELED"; }, 20s));
  CHECK(at(s.state(), "/orders/SO-000006/packages/0/measured_g") == "1049");
  CHECK(weights_taken() == 1);
  CHECK(d.process().pid() == pid);
  CHECK(d.process().running());

  // Garbage: one unreadable reply is an error without a weight; five in a row a reconnect; then recovery.
  event_listener readings{d, "[\"weight\"]"};
  s.scale.answer_next_with("S X 1.0 kg");
  const auto bad = readings.next([](const auto& e) { return e.at("error").is_string() && str(e.at("error")).starts_with("unreadable MT-SICS reply"); });
  CHECK(bad.at("weight").is_null());
  s.scale.answer_next_with("garbage!", 5);
  CHECK(wait_variable(d, "scale.driver.error", [](const json::value& v) {
    return v.is_string() && str(v).find("unusable replies in a row") != std::string::npos;
  }));
  REQUIRE(wait_value(d, "scale.stable", true, 5s));
  CHECK(wait_value(d, "scale.weight", "1.049"));

  // Silence (no answer within io_timeout): error, no weight, then back.
  s.scale.go_silent(1500ms);
  CHECK(wait_value(d, "scale.weight", nullptr, 3s));
  CHECK(wait_variable(d, "scale.driver.error", [](const json::value& v) {
    return v.is_string() && str(v).find("no answer within") != std::string::npos;
  }));
  REQUIRE(wait_value(d, "scale.stable", true, 5s));
  CHECK(wait_value(d, "scale.weight", "1.049"));
  CHECK(weights_taken() == 1); // nothing new waited for a weight
  CHECK(d.process().pid() == pid);
}

TEST_CASE("fault: printer out of paper, head open: the queue holds with an alarm, each label prints once after") {
  station s;
  auto& d = *s.daemon;
  s.printer.set_silent_in_error(false); // the printer reports its flags (a silent one: printing_test.cpp)
  event_listener alarms{d, "[\"alarm\"]"};

  struct fault {
    std::string status;
    std::function<void()> inject;
    std::function<void()> clear;
  };
  const std::vector<fault> faults = {
      {"MEDIA-OUT", [&] { s.printer.paper_out(); }, [&] { s.printer.paper_in(); }},
      {"HEAD-OPEN", [&] { s.printer.open_head(); }, [&] { s.printer.close_head(); }},
  };
  std::size_t printed = 0;
  for (const auto& f : faults) {
    CAPTURE(f.status);
    f.inject();
    REQUIRE(wait_value(d, "printer.status", json::value(f.status)));
    const auto id = print_label(d, {{"label", "tote-location"}, {"code", "T-" + f.status}});
    CHECK(wait_value(d, "printer.held", json::value(f.status)));
    const auto alarm = alarms.next([&](const auto& e) {
      return str(e.at("name")) == "printer.held" && str(e.at("text")).find(f.status) != std::string::npos;
    });
    CHECK(!alarm.empty());
    std::this_thread::sleep_for(500ms); // held means held
    CHECK(str(print_job(d, id).at("state")) == "queued");
    CHECK(s.printer.labels().size() == printed);

    f.clear();
    REQUIRE(wait_print_job(d, id, "confirmed"));
    ++printed;
    CHECK(wait_value(d, "printer.held", nullptr));
    CHECK(wait_value(d, "printer.status", "READY"));
    REQUIRE(s.printer.labels().size() == printed);
    CHECK(s.printer.labels().back().find("T-" + f.status) != std::string::npos);
  }
  std::this_thread::sleep_for(500ms);
  CHECK(s.printer.labels_printed() == 2);
  CHECK(count_events(d, "print.sent") == 2);
  CHECK(count_events(d, "print.confirmed") == 2);
}

TEST_CASE("fault: central down, slow, killed and restarted: the station works on, central gets every event once") {
  central c;
  auto s = linked_station(c, "outbox_alarm_after = \"1s\"\n");
  c.start({"--seed", example_master_data}); // after the station's key is on its allow-list
  auto& d = *s->daemon;
  REQUIRE(wait_value(d, "central.link", "up", 20s));
  REQUIRE(drained(d));
  event_listener alarms{d, "[\"alarm\"]"};

  // Down: the station takes scans and journals them; the link goes down, the outbox grows, an alarm says so.
  c.stop();
  const auto before = newest_event(d).seq;
  CHECK(accepted(s->scan("OP-0001"), "session.welcome"));
  CHECK(accepted(s->scan("CMD-PICK"), "mode.pick"));
  CHECK(accepted(s->scan("SO-000001"), "pick.scan_tote"));
  produce(d, 20);
  CHECK(newest_event(d).seq >= before + 23);
  CHECK(wait_value(d, "central.link", "down", 15s));
  CHECK(wait_variable(d, "outbox.depth", [&](const json::value& v) { return v.is_int64() && v.as_int64() >= 23; }));
  alarms.next([](const auto& e) { return str(e.at("name")) == "outbox.late"; });
  // Back: drained exactly once.
  c.start();
  central_has_all(d, c);

  // Slow (each batch waits before it is applied): nothing lost, drained in the end.
  CHECK(c.ask("slow 200") == "slow 200");
  produce(d, 30);
  REQUIRE(drained(d, 60s));
  CHECK(c.ask("slow 0") == "slow 0");
  central_has_all(d, c);

  // Killed (-9) and started again on the same store, the station idle meanwhile: a
  // revision central publishes is still delivered (the station is made to say HELLO again).
  c.kill();
  c.start();
  c.dir().write("update.json", R"({"orders": [{"id": "SO-000777", "client_id": "acme",
      "lines": [{"line": 1, "gtin": "07350053850019", "quantity": 1, "location": "A01-01-01"}]}]})");
  CHECK(c.ask("update " + (c.dir() / "update.json").string()) == "revision 2");
  CHECK(wait_value(d, "station.master_revision", 2, 20s));
  // And killed while events are on their way.
  std::thread producer([&] { produce(d, 100); });
  std::this_thread::sleep_for(300ms);
  c.kill();
  producer.join();
  c.start();
  central_has_all(d, c);
  CHECK(c.status_of().at("revision_acked").as_int64() == 2);
}

TEST_CASE("fault: central restored from a backup to an older revision: the station takes central's master data and "
          "sends central every event once") {
  central c;
  auto s = linked_station(c);
  c.start({"--seed", example_master_data});
  auto& d = *s->daemon;
  REQUIRE(wait_value(d, "central.link", "up", 20s));
  produce(d, 5);
  central_has_all(d, c);
  CHECK(wait_value(d, "station.master_revision", 1));

  // The backup: central stopped cleanly (its WAL checkpointed), its store copied.
  c.stop();
  REQUIRE_FALSE(std::filesystem::exists(c.db().string() + "-wal"));
  const auto backup = c.dir() / "backup.db";
  std::filesystem::copy_file(c.db(), backup);
  const auto applied_in_backup = newest_event(d).seq;

  // Central goes on: revisions 2 and 3, more events; the station has them all.
  c.start();
  const auto publish = [&](const std::string& order) {
    c.dir().write("update.json", fmt::format(R"({{"orders": [{{"id": "{}", "client_id": "acme",
        "lines": [{{"line": 1, "gtin": "07350053850019", "quantity": 1, "location": "A01-01-01"}}]}}]}})", order));
    return c.ask("update " + (c.dir() / "update.json").string());
  };
  CHECK(publish("SO-000701") == "revision 2");
  CHECK(publish("SO-000702") == "revision 3");
  REQUIRE(wait_value(d, "station.master_revision", 3, 20s));
  produce(d, 5);
  central_has_all(d, c);

  // Central's store restored from the backup: revision 1, events up to the backup.
  const auto acked_before = newest_event(d).seq;
  event_listener alarms{d, "[\"alarm\"]"};
  c.stop();
  std::filesystem::copy_file(backup, c.db(), std::filesystem::copy_options::overwrite_existing);
  std::filesystem::remove(c.db().string() + "-wal");
  std::filesystem::remove(c.db().string() + "-shm");
  c.start();

  // The station says so, asks for central's snapshot and takes it, below its own revision;
  // and sends again the events central lost.
  const auto events_back = alarms.next([&](const auto& e) {
    return str(e.at("name")) == "central.link" &&
           str(e.at("text")).starts_with(fmt::format("central went back from event {} to {}", acked_before, applied_in_backup));
  }, 20s);
  CHECK(!events_back.empty());
  const auto revision_back = alarms.next([](const auto& e) {
    return str(e.at("name")) == "central.link" &&
           str(e.at("text")).find("went back to revision 1 while the station has 3") != std::string::npos;
  });
  CHECK(!revision_back.empty());
  REQUIRE(wait_value(d, "station.master_revision", 1, 20s));
  CHECK(eventually([&] { return c.process().stderr_text().find("RESYNC at revision 3: central_behind") != std::string::npos; }));

  // Central publishes its next revision (another 2): the station applies it.
  CHECK(publish("SO-000801") == "revision 2");
  REQUIRE(wait_value(d, "station.master_revision", 2, 20s));
  const auto master = [&] {
    sqlite::database db{d.journal_path(), sqlite::database::mode::read_only};
    return db.query_text("SELECT data FROM master_data WHERE id = 1");
  };
  CHECK(master().find("SO-000801") != std::string::npos);
  CHECK(master().find("SO-000701") == std::string::npos);
  CHECK(master().find("SO-000702") == std::string::npos);
  CHECK(accepted(s->scan("OP-0001"), "session.welcome"));
  CHECK(accepted(s->scan("CMD-PICK"), "mode.pick"));
  CHECK(accepted(s->scan("SO-000801"), "pick.scan_tote"));

  // Events: the ones central lost are sent again; central holds every one once.
  produce(d, 3);
  central_has_all(d, c);
  CHECK(c.status_of().at("revision_acked").as_int64() >= 2);

  // Restored again while the station is stopped, and central publishes past the station's
  // revision before it is back: by number alone central's next update would follow on the
  // station's revision 2, but central's 2 is other data now (another revision id).
  d.process().signal(SIGTERM);
  REQUIRE(d.process().wait(10s) == 0);
  c.stop();
  std::filesystem::copy_file(backup, c.db(), std::filesystem::copy_options::overwrite_existing);
  std::filesystem::remove(c.db().string() + "-wal");
  std::filesystem::remove(c.db().string() + "-shm");
  c.start();
  CHECK(publish("SO-000901") == "revision 2");
  CHECK(publish("SO-000902") == "revision 3");
  d.start();
  REQUIRE(wait_value(d, "station.master_revision", 3, 20s));
  CHECK(master().find("SO-000901") != std::string::npos);
  CHECK(master().find("SO-000902") != std::string::npos);
  CHECK(master().find("SO-000801") == std::string::npos);
  CHECK(eventually([&] { return c.process().stderr_text().find("its revision 2 is not central's") != std::string::npos; }));
  produce(d, 2);
  central_has_all(d, c);
}

TEST_CASE("fault: disk full: the journal stops, nothing unrecorded is acknowledged, and after a restart with space "
          "every acknowledged input is there") {
  small_disk disk{"8m"};
  station s{fmt::format("[journal]\npath = \"{}\"\n", (disk.path() / "journal.db").string()), {}, nullptr, disk.enter()};
  auto& d = *s.daemon;
  REQUIRE(wait_value(d, "journal.state", "running"));

  struct input {
    std::string code;
    std::int64_t seq;
  };
  std::vector<input> acknowledged;
  const auto scan = [&](const std::string& code) {
    const auto decision = s.scan(code);
    if (seq_of(decision) > 0) acknowledged.push_back({code, seq_of(decision)});
    return decision;
  };
  CHECK(accepted(scan("OP-0001"), "session.welcome"));
  CHECK(accepted(scan("CMD-PICK"), "mode.pick"));
  for (int i = 0; i < 5; ++i) CHECK(seq_of(scan(fmt::format("CMD-BEFORE-{}", i))) > 0);

  event_listener alarms{d, "[\"alarm\"]"};
  disk.fill();
  // The next inputs fill what is left; then one is not recorded, and none after it.
  json::object refused;
  for (int i = 0; i < 200 && refused.empty(); ++i) {
    const auto decision = scan(fmt::format("CMD-FULL-{}", i));
    if (message_of(decision) == "station.not_recorded") refused = decision;
  }
  REQUIRE_MESSAGE(!refused.empty(), "the journal never filled up");
  CHECK(refused.at("verdict") == "refused");
  CHECK(seq_of(refused) == 0);
  CHECK(wait_value(d, "journal.state", "failed"));
  CHECK(wait_variable(d, "journal.error", [](const json::value& v) { return v.is_string() && str(v).find("full") != std::string::npos; }));
  alarms.next([](const auto& e) { return str(e.at("name")) == "journal.state"; });
  for (const auto& code : {"OP-0002", "SO-000002", "CMD-AFTER"}) {
    const auto decision = scan(code);
    CHECK(message_of(decision) == "station.not_recorded");
    CHECK(seq_of(decision) == 0);
  }
  const auto action = d.call("action", {{"name", "logout"}});
  CHECK(action.at("result").as_int64() != 0);
  CHECK(str(action.at("arguments").at("message").at("id")) == "station.not_recorded");

  // Stopped, space freed, started again: every acknowledged input is in the journal, and the station goes on.
  d.process().signal(SIGTERM);
  CHECK(d.process().wait(10s).has_value());
  disk.free_space();
  d.start();
  REQUIRE(wait_value(d, "journal.state", "running"));
  const auto after = s.scan("SO-000001");
  CHECK(accepted(after, "pick.scan_tote"));
  d.process().signal(SIGTERM);
  CHECK(d.process().wait(10s) == 0);
  {
    temp_dir copy;
    sqlite::database db{disk.copy_out("journal.db", copy), sqlite::database::mode::read_write_create};
    CHECK(db.query_text("PRAGMA integrity_check") == "ok");
    CHECK(db.query_int("SELECT max(seq) FROM events") == db.query_int("SELECT count(*) FROM events"));
    auto q = db.prepare("SELECT json_extract(payload, '$.raw') FROM events WHERE seq = ?1 AND type = 'workflow.input'");
    for (const auto& a : acknowledged) {
      CAPTURE(a.code);
      q.bind(1, a.seq);
      REQUIRE(q.step());
      CHECK(q.column_text(0) == a.code);
      q.reset();
    }
    CHECK(db.query_int(fmt::format("SELECT count(*) FROM events WHERE seq = {} AND type = 'workflow.input'",
                                   seq_of(after))) == 1);
    CHECK(db.query_int("SELECT count(*) FROM events WHERE type = 'station.started'") == 2);
  }
  CHECK(acknowledged.size() >= 7);
}

TEST_CASE("fault: the wall clock steps forward a day and back: timers, the link and the scale carry on, scans are "
          "journaled in order, no age is negative, idle sessions still time out") {
  fake_wall_clock clock;
  central c;
  auto s = linked_station(c, "outbox_alarm_after = \"1h\"\n", clock.env());
  c.start({"--seed", example_master_data});
  auto& d = *s->daemon;
  REQUIRE(wait_value(d, "central.link", "up", 20s));
  CHECK(accepted(s->scan("OP-0001"), "session.welcome"));
  REQUIRE(drained(d));
  const auto welcomes = [&] { return occurrences(d.process().stderr_text(), "welcomes epoch"); };
  const auto logouts = [&] {
    return query_int(d.journal_path(),
                     "SELECT count(*) FROM events WHERE type = 'session.logout' AND json_extract(payload, '$.why') = 'timeout'");
  };
  const auto reconnects = variable(d, "scale.driver.reconnects");
  const auto link_steady = [&](std::chrono::milliseconds window) {
    const auto w = welcomes();
    return throughout(window, [&] { return variable(d, "central.link") == "up"; }) && welcomes() == w;
  };
  const auto scale_follows = [&](const std::string& kg) {
    s->scale.set_weight(sim::decimal::parse(kg));
    return wait_value(d, "scale.weight", json::value(kg), 5s) && variable(d, "scale.driver.reconnects") == reconnects;
  };

  // Forward a day. The link stays up (no new HELLO), the scale keeps reporting; the
  // operator, idle for a day by the new clock, is logged out at the next tick.
  auto last = newest_event(d);
  clock.set(24h);
  CHECK(link_steady(2s));
  CHECK(scale_follows("0.500"));
  CHECK(wait_value(d, "station.operator", nullptr, 15s));
  CHECK(logouts() == 1);
  const auto relogin = s->scan("OP-0001");
  CHECK(accepted(relogin, "session.welcome"));
  auto now = input_at(d, seq_of(relogin));
  CHECK(now.seq > last.seq);
  CHECK(now.recorded_at >= last.recorded_at + 23 * 3600 * 1000);
  REQUIRE(drained(d));

  // Back an hour behind the true time (a day and an hour from the station's view): the same.
  last = now;
  clock.set(-1h);
  CHECK(link_steady(2s));
  CHECK(scale_follows("0.700"));
  const auto pack = s->scan("CMD-PACK");
  CHECK(accepted(pack, "mode.pack"));
  now = input_at(d, seq_of(pack));
  CHECK(now.seq > last.seq);
  CHECK(now.recorded_at < last.recorded_at - 24 * 3600 * 1000); // the journal's order is by seq, not by time
  CHECK_FALSE(variable(d, "station.operator").is_null());
  REQUIRE(drained(d));

  // Back another hour with events waiting for central: their age is never negative.
  c.stop();
  produce(d, 3);
  REQUIRE(wait_variable(d, "outbox.depth", [](const json::value& v) { return v.is_int64() && v.as_int64() >= 3; }));
  clock.set(-2h);
  CHECK(throughout(1500ms, [&] {
    const auto age = variable(d, "outbox.oldest_age_s");
    const auto contact = variable(d, "central.last_contact_s");
    return age.is_int64() && age.as_int64() >= 0 && (contact.is_null() || (contact.is_int64() && contact.as_int64() >= 0));
  }));
  const auto refused = s->scan("CMD-NOPE");
  CHECK(input_at(d, seq_of(refused)).recorded_at < now.recorded_at);
  c.start();
  central_has_all(d, c);
  CHECK_FALSE(variable(d, "station.operator").is_null()); // not logged out by going back

  // 20 minutes on from there (the idle time-out is 15): the session, idle since the clock
  // went back, times out; were its idle time counted from its last activity, 40 minutes
  // ahead of the clock, it would not.
  clock.set(-2h + 20min);
  CHECK(wait_value(d, "station.operator", nullptr, 15s));
  CHECK(logouts() == 2);
  CHECK(d.process().running());
}
