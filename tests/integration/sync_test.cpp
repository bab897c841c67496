// The link to central end to end: stationd and the real central-sim over
// loopback TCP with CURVE and ZAP. Central away while events pile up; kill -9
// of either side at random points; duplicated and reordered frames; an unknown
// station key; master data revisions downstream. Every check reads both
// journals: central must hold every station event exactly once, in order, with
// the station's UUID.

#include "central_harness.hpp"

#include "journal/sqlite.hpp"
#include "support/free_port.hpp"

#include <fmt/format.h>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <array>
#include <csignal>
#include <random>
#include <thread>

using namespace stationd;
using namespace stationd::test;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

const std::string scan_section = "[scan]\nbadge_pattern = \"OP-[0-9]{4}\"\norder_pattern = \"SO-[0-9]{6,10}\"\n";

// A station whose key pair is made before it starts; `allow`: central knows its key.
std::unique_ptr<running_daemon> station_for(central& c, bool allow, const std::string& more = "") {
  return std::make_unique<running_daemon>(central_section(c) + scan_section + more, std::map<std::string, std::string>{},
                                          [&](const temp_dir& dir) { make_station_keys(c, dir, allow); });
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
