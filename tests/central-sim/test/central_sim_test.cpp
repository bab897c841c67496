#include "central_sim_fixture.hpp"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <signal.h>

namespace {

using namespace std::chrono_literals;
using stationd::central::test::running_central;
using stationd::central::test::station_client;
namespace sync = stationd::sync;

constexpr const char* epoch = "5f0c7e0e-3f7a-4c1b-9a55-2c8d6a1e9b10";

sync::hello hello_from(const std::string& station, std::uint64_t revision = 0) {
  return {sync::protocol_version, station, epoch, 0, revision};
}

sync::events batch(std::uint64_t first, std::uint64_t last) {
  sync::events b{epoch, {}};
  for (auto seq = first; seq <= last; ++seq) {
    b.list.push_back({seq, fmt::format("uuid-{:04}", seq), "pack.unit", "station", 1795759044149,
                      boost::json::object{{"order", "SO-000001"}, {"seq", seq}}});
  }
  return b;
}

sync::welcome welcome_of(station_client& client, const std::string& station, std::uint64_t revision = 0) {
  client.send(hello_from(station, revision));
  auto w = client.receive_a<sync::welcome>();
  REQUIRE(w);
  return *w;
}

std::string master_path() { return STATIOND_SOURCE_DIR "/tests/unit/workflow/data/master.json"; }

} // namespace

TEST_CASE("central-sim: HELLO, EVENTS exactly once, resend, gap") {
  running_central central;
  auto client = central.connect("bench-01");
  const auto w = welcome_of(*client, "bench-01");
  CHECK(w.next_seq == 1);
  CHECK(w.credit == 1000);
  CHECK(w.revision == 0);
  CHECK(w.epoch == epoch);

  client->send(batch(1, 5));
  auto a = client->receive_a<sync::ack>();
  REQUIRE(a);
  CHECK(a->seq == 5);
  CHECK(a->epoch == epoch);

  client->send(batch(3, 7));
  a = client->receive_a<sync::ack>();
  REQUIRE(a);
  CHECK(a->seq == 7);
  CHECK(central.count("SELECT count(*) FROM events") == 7);
  CHECK(central.count("SELECT count(DISTINCT seq) FROM events WHERE station = 'bench-01'") == 7);
  CHECK(central.count("SELECT applied FROM streams WHERE station = 'bench-01'") == 7);

  client->send(batch(10, 12));
  auto n = client->receive();
  REQUIRE(n);
  REQUIRE(std::holds_alternative<sync::nak>(*n));
  CHECK(std::get<sync::nak>(*n).expected == 8);
  a = client->receive_a<sync::ack>();
  REQUIRE(a);
  CHECK(a->seq == 7);
  CHECK(central.count("SELECT count(*) FROM events") == 7);

  SUBCASE("a reconnect resumes at applied + 1") {
    client.reset();
    auto again = central.connect("bench-01");
    CHECK(welcome_of(*again, "bench-01").next_seq == 8);
  }
  SUBCASE("PING is answered, and status shows the stream") {
    client->send(sync::ping{1234});
    const auto p = client->receive_a<sync::pong>();
    REQUIRE(p);
    CHECK(p->time == 1234);
    CHECK(central.command("status") ==
          fmt::format(R"({{"revision":0,"stations":{{"bench-01":{{"epoch":"{}","applied":7,"revision_acked":0}}}}}})", epoch));
  }
}

TEST_CASE("central-sim: a key not on the allow-list gets nothing and leaves nothing") {
  running_central central;
  stationd::central::test::station_client stranger{central.endpoint(), "bench-01", central.public_key(),
                                                   stationd::central::make_key_pair()};
  stranger.send(hello_from("bench-01"));
  stranger.send(batch(1, 3));
  CHECK_FALSE(stranger.receive(1500ms));
  CHECK(central.count("SELECT count(*) FROM stations") == 0);
  CHECK(central.count("SELECT count(*) FROM events") == 0);
  CHECK(central.process().stderr_text().find("zap: refused") != std::string::npos);
}

TEST_CASE("central-sim: HELLO naming another station than the key's") {
  running_central central;
  stationd::central::test::station_client impostor{central.endpoint(), "bench-01", central.public_key(),
                                                   central.keys_of("bench-02")};
  impostor.send(hello_from("bench-01"));
  const auto e = impostor.receive_a<sync::error>();
  REQUIRE(e);
  CHECK(e->code == "unknown_station");
  impostor.send(batch(1, 3));
  const auto refused = impostor.receive_a<sync::error>();
  REQUIRE(refused);
  CHECK(refused->code == "not_welcomed");
  CHECK(central.count("SELECT count(*) FROM stations") == 0);
  CHECK(central.count("SELECT count(*) FROM events") == 0);
}

TEST_CASE("central-sim: messages before HELLO and bad frames") {
  running_central central;
  auto client = central.connect("bench-02");
  client->send(batch(1, 1));
  auto e = client->receive_a<sync::error>();
  REQUIRE(e);
  CHECK(e->code == "not_welcomed");
  // A PING too: a station pinging a central that restarted under it must say HELLO again.
  client->send(sync::ping{1});
  e = client->receive_a<sync::error>();
  REQUIRE(e);
  CHECK(e->code == "not_welcomed");
  client->send_frames({"EVENTS"});
  e = client->receive_a<sync::error>();
  REQUIRE(e);
  CHECK(e->code == "bad_message");
  client->send_frames({"HELLO", "[1,2]"});
  e = client->receive_a<sync::error>();
  REQUIRE(e);
  CHECK(e->code == "bad_message");
  client->send_frames({"FROBNICATE", "{}"});
  e = client->receive_a<sync::error>();
  REQUIRE(e);
  CHECK(e->code == "bad_message");
  client->send(sync::hello{2, "bench-02", epoch, 0, 0});
  e = client->receive_a<sync::error>();
  REQUIRE(e);
  CHECK(e->code == "unsupported_protocol");
}

TEST_CASE("central-sim: master data by revision, SNAPSHOT then UPDATE") {
  running_central central{{"--seed", master_path()}};
  auto client = central.connect("bench-01");
  CHECK(welcome_of(*client, "bench-01").revision == 1);
  const auto snap = client->receive_a<sync::snapshot>();
  REQUIRE(snap);
  CHECK(snap->revision == 1);
  CHECK(snap->data.at("products").as_array().size() == 10);
  client->send(sync::revision_ack{1});

  central.dir().write("changes.json", R"({"removed": {"cartons": ["BOX-L"]}})");
  CHECK(central.command("update " + (central.dir() / "changes.json").string()) == "revision 2");
  const auto u = client->receive_a<sync::update>();
  REQUIRE(u);
  CHECK(u->base == 1);
  CHECK(u->revision == 2);
  CHECK(u->changes.at("removed").at("cartons").as_array().size() == 1);
  client->send(sync::revision_ack{2});
  CHECK(stationd::test::eventually(
      [&] { return central.count("SELECT revision_acked FROM stations WHERE station = 'bench-01'") == 2; }));

  SUBCASE("a station away since revision 1 gets the UPDATE on its WELCOME") {
    client.reset();
    auto back = central.connect("bench-01");
    CHECK(welcome_of(*back, "bench-01", 1).revision == 2);
    const auto missed = back->receive_a<sync::update>();
    REQUIRE(missed);
    CHECK(missed->base == 1);
  }
  SUBCASE("a station whose revision is another by that number gets the SNAPSHOT, not the UPDATEs") {
    // Each revision has an id of its own; a station that kept one central no longer
    // has (central's store went back, then went on) says so with it in HELLO.
    CHECK_FALSE(snap->revision_id.empty());
    CHECK_FALSE(u->revision_id.empty());
    CHECK(u->revision_id != snap->revision_id);
    client.reset();
    auto same = central.connect("bench-01");
    same->send(sync::hello{sync::protocol_version, "bench-01", epoch, 0, 2, u->revision_id});
    REQUIRE(same->receive_a<sync::welcome>());
    CHECK_FALSE(same->receive_a<sync::snapshot>(500ms));
    same.reset();
    auto other = central.connect("bench-01");
    other->send(sync::hello{sync::protocol_version, "bench-01", epoch, 0, 1, "other-data"});
    REQUIRE(other->receive_a<sync::welcome>());
    const auto s = other->receive_a<sync::snapshot>();
    REQUIRE(s);
    CHECK(s->revision == 2);
    CHECK(s->revision_id == u->revision_id);
  }
  SUBCASE("RESYNC and a replaced snapshot answer with a SNAPSHOT") {
    client->send(sync::resync{1, "test"});
    const auto again = client->receive_a<sync::snapshot>();
    REQUIRE(again);
    CHECK(again->revision == 2);
    CHECK(central.command("snapshot " + master_path()) == "revision 3");
    const auto replaced = client->receive_a<sync::snapshot>();
    REQUIRE(replaced);
    CHECK(replaced->revision == 3);
  }
  SUBCASE("an update that does not check out is refused") {
    central.dir().write("bad.json", R"({"products": [{"gtin": 7}]})");
    CHECK(central.command("update " + (central.dir() / "bad.json").string()).starts_with("error update:"));
    CHECK(central.command("status").find(R"("revision":2)") != std::string::npos);
  }
}

TEST_CASE("central-sim --chaos: duplicated and reordered batches, still exactly once") {
  running_central central{{"--chaos"}};
  auto client = central.connect("bench-01");
  welcome_of(*client, "bench-01");
  constexpr std::uint64_t total = 40;
  std::uint64_t acked = 0;
  int acks = 0;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  // Go-back-N as the station does it: two batches in flight, resend from the last ACK.
  while (acked < total && std::chrono::steady_clock::now() < deadline) {
    const auto first = acked + 1;
    client->send(batch(first, std::min(first + 4, total)));
    if (first + 5 <= total) client->send(batch(first + 5, std::min(first + 9, total)));
    while (auto m = client->receive(300ms)) {
      if (const auto* a = std::get_if<sync::ack>(&*m)) {
        acked = std::max(acked, a->seq);
        ++acks;
      }
    }
  }
  CHECK(acked == total);
  CHECK(acks > 0);
  CHECK(central.count("SELECT count(*) FROM events") == static_cast<std::int64_t>(total));
  CHECK(central.count("SELECT count(DISTINCT seq) FROM events") == static_cast<std::int64_t>(total));
  CHECK(central.count("SELECT max(seq) FROM events") == static_cast<std::int64_t>(total));
  CHECK(central.command("chaos off") == "chaos off");
}

TEST_CASE("central-sim: SIGTERM and quit stop it cleanly") {
  {
    running_central central;
    central.process().signal(SIGTERM);
    CHECK(central.process().wait(5s) == 0);
  }
  running_central central;
  CHECK(central.command("slow 5") == "slow 5");
  CHECK(central.command("quit") == "bye");
  CHECK(central.process().wait(5s) == 0);
}

TEST_CASE("central-sim refuses to start without an allow-list unless --insecure") {
  stationd::test::temp_dir dir;
  const auto refused = stationd::test::run({CENTRAL_SIM_BINARY, "--bind", "tcp://127.0.0.1:0", "--db",
                                            (dir / "c.db").string()}, 10s);
  CHECK(refused.status == 2);
  CHECK(refused.err.find("--allow") != std::string::npos);
}
