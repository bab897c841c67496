// The link to central end to end: stationd and the real central-sim over
// loopback TCP with CURVE and ZAP. Central away while events pile up; kill -9
// of either side at random points; duplicated and reordered frames; an unknown
// station key; master data revisions downstream. Every check reads both
// journals: central must hold every station event exactly once, in order, with
// the station's UUID.

#include "device_helpers.hpp"

#include "journal/sqlite.hpp"
#include "support/free_port.hpp"

#include <fmt/format.h>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <array>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace stationd;
using namespace stationd::test;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

std::string central_sim_binary() { return CENTRAL_SIM_BINARY; }

// central-sim with its keys, allow-list and store in a directory of its own,
// restartable on the same port; commands go to its standard input through a FIFO.
class central {
public:
  explicit central(std::vector<std::string> extra = {}) : extra_{std::move(extra)}, port_{free_tcp_port()} {
    const auto keygen = run({central_sim_binary(), "--keygen", "--keys", dir_.path().string()});
    REQUIRE_MESSAGE(keygen.status == 0, keygen.err);
    public_key_ = keygen.out.substr(0, 40);
    dir_.write("allow.txt", "# stations allowed to connect\n");
    ::mkfifo((dir_ / "in").c_str(), 0600);
    fifo_ = ::open((dir_ / "in").c_str(), O_RDWR); // a writer for the life of the test
  }
  ~central() {
    stop();
    if (fifo_ >= 0) ::close(fifo_);
  }

  void allow(const std::string& station, const std::string& public_key) {
    std::ofstream out(dir_ / "allow.txt", std::ios::app);
    out << station << ' ' << public_key << '\n';
  }
  void start(std::vector<std::string> more = {}) {
    std::vector<std::string> argv{"/bin/sh", "-c", "exec \"$0\" \"$@\" < " + (dir_ / "in").string(), central_sim_binary(),
                                  "--bind", endpoint(), "--db", (dir_ / "central.db").string(), "--keys",
                                  dir_.path().string(), "--allow", (dir_ / "allow.txt").string()};
    argv.insert(argv.end(), extra_.begin(), extra_.end());
    argv.insert(argv.end(), more.begin(), more.end());
    process_ = std::make_unique<child_process>(child_process::options{argv, {}, (dir_ / "out").string()});
    REQUIRE_MESSAGE(eventually([&] { return process_->stdout_text().find("ready ") != std::string::npos || !process_->running(); }, 10s),
                    process_->stderr_text());
    REQUIRE_MESSAGE(process_->running(), process_->stderr_text());
  }
  void kill() {
    if (process_ && process_->running()) {
      process_->signal(SIGKILL);
      process_->wait(5s);
    }
  }
  void stop() {
    if (process_ && process_->running()) {
      process_->signal(SIGTERM);
      process_->wait(10s);
    }
  }
  void command(const std::string& line) {
    const std::string l = line + "\n";
    REQUIRE(::write(fifo_, l.data(), l.size()) == static_cast<ssize_t>(l.size()));
  }
  std::string endpoint() const { return fmt::format("tcp://127.0.0.1:{}", port_); }
  const std::string& public_key() const { return public_key_; }
  const temp_dir& dir() const { return dir_; }
  std::filesystem::path db() const { return dir_ / "central.db"; }
  child_process& process() { return *process_; }

private:
  temp_dir dir_;
  std::vector<std::string> extra_;
  std::uint16_t port_;
  std::string public_key_;
  int fifo_ = -1;
  std::unique_ptr<child_process> process_;
};

std::string central_section(const central& c, const std::string& more = "") {
  return fmt::format("[central]\nendpoint = \"{}\"\nserver_public_key = \"{}\"\n{}", c.endpoint(), c.public_key(), more);
}

const std::string scan_section = "[scan]\nbadge_pattern = \"OP-[0-9]{4}\"\norder_pattern = \"SO-[0-9]{6,10}\"\n";

// A station whose key pair is made before it starts; `allow`: central knows its key.
std::unique_ptr<running_daemon> station_for(central& c, bool allow, const std::string& more = "") {
  return std::make_unique<running_daemon>(central_section(c) + scan_section + more, std::map<std::string, std::string>{},
                                          [&](const temp_dir& dir) {
                                            const auto k = run({stationctl_binary(), "keygen", "--dir",
                                                                (dir / "state/curve").string()});
                                            REQUIRE_MESSAGE(k.status == 0, k.err);
                                            if (allow) c.allow("test-bench", k.out.substr(0, 40));
                                          });
}

// `n` events in the station's journal: scans the workflows refuse (each one a workflow.input).
void produce(running_daemon& d, int n) {
  ctl::control_client client{d.socket_path(), 10s};
  for (int i = 0; i < n; ++i) client.call("scan", {{"code", fmt::format("CMD-NOPE-{}", i)}});
}

json::object outbox(running_daemon& d) { return d.call("outbox").at("arguments").as_object(); }

bool drained(running_daemon& d, std::chrono::milliseconds timeout = 60s) {
  json::object last;
  const bool ok = eventually(
      [&] {
        last = outbox(d);
        return last.at("link") == "up" && last.at("depth").is_int64() && last.at("depth").as_int64() == 0 &&
               last.at("acked") == last.at("last_seq");
      },
      timeout);
  if (!ok) MESSAGE("outbox: ", json::serialize(last));
  return ok;
}

struct station_event {
  std::int64_t seq;
  std::string uuid;
  std::string type;
};

std::vector<station_event> station_events(running_daemon& d) {
  sqlite::database db{d.journal_path(), sqlite::database::mode::read_only};
  auto q = db.prepare("SELECT e.seq, o.uuid, e.type FROM events e JOIN outbox o ON o.seq = e.seq ORDER BY e.seq");
  std::vector<station_event> out;
  while (q.step()) out.push_back({q.column_int(0), q.column_text(1), q.column_text(2)});
  return out;
}

// What central applied for the station, in the order it applied them.
std::vector<station_event> central_events(const central& c) {
  sqlite::database db{c.db(), sqlite::database::mode::read_only};
  auto q = db.prepare("SELECT seq, uuid, type FROM events WHERE station = 'test-bench' ORDER BY rowid");
  std::vector<station_event> out;
  while (q.step()) out.push_back({q.column_int(0), q.column_text(1), q.column_text(2)});
  return out;
}

// Every station event at central exactly once, in order, with its UUID and type.
void check_exactly_once(running_daemon& d, const central& c) {
  const auto mine = station_events(d);
  const auto theirs = central_events(c);
  REQUIRE(!mine.empty());
  CHECK(theirs.size() == mine.size());
  const auto n = std::min(mine.size(), theirs.size());
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (theirs[i].seq != mine[i].seq || theirs[i].uuid != mine[i].uuid || theirs[i].type != mine[i].type) {
      if (++wrong <= 3) MESSAGE("event ", i, ": station ", mine[i].seq, " ", mine[i].uuid, ", central ", theirs[i].seq, " ", theirs[i].uuid);
    }
  }
  CHECK(wrong == 0);
}

} // namespace

TEST_CASE("central away while 10,000 events are made: all of them reach it once, in order") {
  central c;
  auto d = station_for(c, true);
  CHECK(wait_value(*d, "central.link", "connecting"));
  produce(*d, 10000);
  CHECK(outbox(*d).at("depth").is_null()); // central has not said what it has
  c.start();
  REQUIRE(drained(*d, 120s));
  check_exactly_once(*d, c);
  CHECK(wait_value(*d, "outbox.depth", 0));
}

TEST_CASE("a restarted station knows its backlog before central answers") {
  central c;
  auto d = station_for(c, true);
  c.start();
  produce(*d, 20);
  REQUIRE(drained(*d));
  std::this_thread::sleep_for(1s); // central's last acknowledgement is kept
  c.stop();
  produce(*d, 100);
  d->process().signal(SIGKILL);
  d->process().wait(5s);
  d->start();
  // 100 refused scans, and station.started: all waiting for central.
  CHECK(wait_value(*d, "outbox.depth", 101));
  CHECK(wait_variable(*d, "outbox.oldest_age_s", [](const json::value& v) { return v.is_int64(); }));
  c.start();
  REQUIRE(drained(*d));
  check_exactly_once(*d, c);
}

TEST_CASE("kill -9 of the station and of central at random points: still exactly once, in order") {
  central c;
  auto d = station_for(c, true);
  c.start();
  std::mt19937 random{20261127};
  for (int round = 0; round < 24; ++round) {
    CAPTURE(round);
    std::thread producer([&] { produce(*d, 150); });
    std::this_thread::sleep_for(std::chrono::milliseconds{random() % 60});
    const auto victim = random() % 3; // the station, central, or both
    if (victim != 1) {
      producer.join();
      d->process().signal(SIGKILL);
      d->process().wait(5s);
    }
    if (victim != 0) c.kill();
    if (victim == 1) producer.join();
    std::this_thread::sleep_for(std::chrono::milliseconds{random() % 200});
    if (victim != 0) c.start();
    if (victim != 1) d->start();
  }
  REQUIRE(drained(*d, 120s));
  check_exactly_once(*d, c);
}

TEST_CASE("duplicated and reordered frames never take effect twice") {
  central c{{"--chaos"}};
  auto d = station_for(c, true);
  c.start();
  produce(*d, 3000);
  REQUIRE(drained(*d, 120s));
  check_exactly_once(*d, c);
}

TEST_CASE("a station whose key central does not know is refused and nothing of it is applied") {
  central c;
  auto d = station_for(c, false);
  c.start();
  produce(*d, 50);
  std::this_thread::sleep_for(3s);
  CHECK(central_events(c).empty());
  CHECK(outbox(*d).at("link") != "up");
  CHECK(outbox(*d).at("depth").is_null());
}

TEST_CASE("master data from central: a snapshot first, then updates, applied once and kept across a restart") {
  central c{{"--chaos"}}; // every UPDATE and ACK arrives twice
  auto d = station_for(c, true);
  c.start({"--seed", source_dir() + "/config/master-data.example.json"});
  REQUIRE(wait_value(*d, "station.master_revision", 1, 20s));
  // Central publishes revision 2 with a new order; the station can pick it at once.
  c.dir().write("update.json", R"({"orders": [{"id": "SO-000777", "client_id": "acme",
      "lines": [{"line": 1, "gtin": "07350053850019", "quantity": 1, "location": "A01-01-01"}]}]})");
  c.command("update " + (c.dir() / "update.json").string());
  REQUIRE(wait_value(*d, "station.master_revision", 2, 20s));
  CHECK(d->call("scan", {{"code", "OP-0001"}}).at("result") == 0);
  CHECK(d->call("scan", {{"code", "CMD-PICK"}}).at("result") == 0);
  CHECK(d->call("scan", {{"code", "SO-000777"}}).at("result") == 0);

  // An update that would break the master data is never published (central-sim checks
  // it with the station's own rules); the station stays at revision 2.
  c.dir().write("bad.json", R"({"removed": {"products": ["07350053850019"]}})");
  c.command("update " + (c.dir() / "bad.json").string());
  std::this_thread::sleep_for(2s);
  CHECK(wait_value(*d, "station.master_revision", 2));

  d->process().signal(SIGKILL);
  d->process().wait(5s);
  d->start();
  CHECK(wait_value(*d, "station.master_revision", 2));
  REQUIRE(drained(*d));
  sqlite::database db{d->journal_path(), sqlite::database::mode::read_only};
  CHECK(db.query_int("SELECT count(*) FROM events WHERE type = 'master.loaded'") == 2);
}

// A central that answers by hand: plain TCP (the station's insecure development
// mode), a ROUTER in the test.
TEST_CASE("an update that does not follow the station's revision, or does not check out, brings a RESYNC") {
  const auto port = free_tcp_port();
  zmq::context_t context;
  zmq::socket_t router{context, zmq::socket_type::router};
  router.set(zmq::sockopt::rcvtimeo, 10000);
  router.bind(fmt::format("tcp://127.0.0.1:{}", port));
  running_daemon d{fmt::format("[central]\nendpoint = \"tcp://127.0.0.1:{}\"\ninsecure = true\n", port)};
  CHECK(d.process().stderr_text().find("insecure = true") != std::string::npos);

  std::string station_id;
  const auto receive = [&]() -> std::pair<std::string, json::object> {
    for (;;) {
      std::vector<zmq::message_t> frames;
      const auto got = zmq::recv_multipart(router, std::back_inserter(frames));
      REQUIRE(got);
      REQUIRE(frames.size() == 3);
      station_id = frames[0].to_string();
      auto type = frames[1].to_string();
      if (type == "PING") continue;
      return {type, boost::json::parse(frames[2].to_string_view()).as_object()};
    }
  };
  const auto send = [&](const std::string& type, const json::object& body) {
    const auto text = json::serialize(body);
    std::array<zmq::const_buffer, 3> frames{zmq::buffer(station_id), zmq::buffer(type), zmq::buffer(text)};
    REQUIRE(zmq::send_multipart(router, frames));
  };

  auto [type, hello] = receive();
  REQUIRE(type == "HELLO");
  CHECK(station_id == "test-bench");
  CHECK(hello.at("revision") == 0);
  send("WELCOME", {{"protocol", 1}, {"station", "test-bench"}, {"epoch", hello.at("epoch")}, {"next_seq", 1},
                   {"credit", 100}, {"revision", 2}});
  // An update from revision 1 while the station has none: a gap.
  send("UPDATE", {{"base", 1}, {"revision", 2}, {"changes", json::object{}}});
  for (;;) {
    auto [t, body] = receive();
    if (t == "EVENTS") {
      send("ACK", {{"epoch", hello.at("epoch")}, {"seq", body.at("events").as_array().back().at("seq")}, {"credit", 100}});
      continue;
    }
    REQUIRE(t == "RESYNC");
    CHECK(body.at("revision") == 0);
    break;
  }
  // A snapshot that does not check out (an order line with an unknown product): not applied, RESYNC with why.
  send("SNAPSHOT", {{"revision", 2},
                    {"data", json::parse(R"({"orders": [{"id": "SO-1", "lines": [{"line": 1, "gtin": "07350053850019", "quantity": 1}]}]})")}});
  for (;;) {
    auto [t, body] = receive();
    if (t == "EVENTS") {
      send("ACK", {{"epoch", hello.at("epoch")}, {"seq", body.at("events").as_array().back().at("seq")}, {"credit", 100}});
      continue;
    }
    REQUIRE(t == "RESYNC");
    CHECK(str(body.at("reason")) == "orders[0].lines[0].gtin: 07350053850019 is not a product");
    break;
  }
  CHECK(wait_value(d, "station.master_revision", 0));
  // A good snapshot is applied and acknowledged; the same again is acknowledged, not applied twice.
  const auto good = json::parse(R"({"operators": [{"badge": "OP-0001", "name": "Åsa"}]})");
  for (int i = 0; i < 2; ++i) {
    send("SNAPSHOT", {{"revision", 2}, {"data", good}});
    for (;;) {
      auto [t, body] = receive();
      if (t == "EVENTS") {
        send("ACK", {{"epoch", hello.at("epoch")}, {"seq", body.at("events").as_array().back().at("seq")}, {"credit", 100}});
        continue;
      }
      REQUIRE(t == "REVISION_ACK");
      CHECK(body.at("revision") == 2);
      break;
    }
  }
  CHECK(wait_value(d, "station.master_revision", 2));
  sqlite::database db{d.journal_path(), sqlite::database::mode::read_only};
  CHECK(db.query_int("SELECT count(*) FROM events WHERE type = 'master.loaded'") == 1);
}
