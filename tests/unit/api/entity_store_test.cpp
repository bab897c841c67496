#include "api/entity_store.hpp"
#include "journal/journal.hpp"
#include "journal/migrations.hpp"
#include "support/temp_dir.hpp"
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <doctest/doctest.h>
#include <fmt/format.h>

using namespace stationd;
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

log::logger quiet() { return log::logger{stderr, log::format::plain, log::level::error}; }

journal::options with_projection(const test::temp_dir& dir) {
  journal::options o;
  o.path = dir / "journal.db";
  o.project = api::entity_projector{"bench-01"};
  return o;
}

// Appends each unit in turn and runs the loop until it committed.
void append(asio::io_context& io, journal::journal& j, std::vector<journal::event_record> events) {
  journal::write_unit unit;
  unit.events = std::move(events);
  bool done = false;
  j.async_append(std::move(unit), [&](boost::system::error_code ec, journal::append_result r) {
    CHECK_FALSE(ec);
    CAPTURE(r.detail);
    done = true;
  });
  io.restart();
  io.run();
  REQUIRE(done);
}

journal::event_record ev(std::string type, std::string payload) { return {std::move(type), "test", std::move(payload)}; }

// A packed and shipped order with one package, and a return of it.
void workflow_events(asio::io_context& io, journal::journal& j) {
  append(io, j, {ev("session.login", R"({"badge":"OP-1"})")});                                              // 1
  append(io, j, {ev("order.state", R"({"order":"SO-1","client_id":"acme","state":"IN_PROGRESS","step":"PACKING","reason":""})")}); // 2
  append(io, j, {ev("package.state", R"({"sscc":"","order":"SO-1","package":1,"state":"OPENED"})"),        // 3
                 ev("package.sealed", R"({"sscc":"100","order":"SO-1","package":1,"carton":"BOX-M","tare_g":300,"contents":[],"measured_g":900,"expected_g":910})"), // 4
                 ev("package.state", R"({"sscc":"100","order":"SO-1","package":1,"state":"SEALED"})")});   // 5
  append(io, j, {ev("order.state", R"({"order":"SO-2","client_id":"other","state":"ON_HOLD","step":"PICKING","reason":"SHORT_PICK"})")}); // 6
  append(io, j, {ev("order.shipped", R"({"order":"SO-1","client_id":"acme","packages":["100"],"carrier":"PN","tracking_number":"T1"})"), // 7
                 ev("order.state", R"({"order":"SO-1","client_id":"acme","state":"SHIPPED","step":"LOADED","reason":""})")}); // 8
  append(io, j, {ev("return.arrived", R"({"rma":"RMA-1","order":"SO-1","client_id":"acme","expected_weight_g":500})"), // 9
                 ev("return.state", R"({"rma":"RMA-1","order":"SO-1","state":"ARRIVED"})")});                // 10
  append(io, j, {ev("weight", R"({"grams":5})")});                                                           // 11
}

} // namespace

TEST_CASE("entities and changes are written with the events that cause them") {
  test::temp_dir dir;
  asio::io_context io;
  auto log = quiet();
  journal::journal j{io.get_executor(), with_projection(dir), log};
  workflow_events(io, j);
  api::entity_reader reader{dir / "journal.db"};
  CHECK(reader.last_seq() == 11);
  CHECK(reader.epoch().size() == 36);

  const auto order = reader.entity("order", "SO-1");
  REQUIRE(order);
  CHECK(order->version == 3); // seq 2, 7 and 8: the package's events are its own
  CHECK(order->client_id == "acme");
  const auto o = json::parse(order->body).as_object();
  CHECK(o.at("state") == "SHIPPED");
  CHECK(o.at("step") == "LOADED");
  CHECK(o.at("carrier") == "PN");
  CHECK(o.at("seq") == 8);
  CHECK(o.at("station_id") == "bench-01");

  // The package takes its merchant from its order; the OPENED event without an SSCC made nothing.
  const auto package = reader.entity("package", "100");
  REQUIRE(package);
  CHECK(package->client_id == "acme");
  CHECK(package->version == 2);
  CHECK(json::parse(package->body).at("weight_measured_g") == 900);
  CHECK_FALSE(reader.entity("package", "").has_value());
  CHECK(reader.entity("return", "RMA-1")->client_id == "acme");
  CHECK_FALSE(reader.entity("order", "SO-3").has_value());
  CHECK_FALSE(reader.entity("package", "SO-1").has_value());

  // The feed: every change in order, each with the entity as it was then.
  const api::visibility all;
  const auto page = reader.changes(0, reader.tag_of(0), 100, all);
  std::vector<std::uint64_t> seqs;
  for (const auto& e : page.events) seqs.push_back(e.seq);
  CHECK(seqs == std::vector<std::uint64_t>{2, 4, 5, 6, 7, 8, 9, 10});
  CHECK_FALSE(page.has_more);
  CHECK(page.next_seq == 11); // past the weight event: it is not read again
  CHECK(page.high_watermark == 11);
  CHECK(page.events[0].type == "order.state_changed");
  CHECK(json::parse(page.events[0].data).at("state") == "IN_PROGRESS");
  CHECK(page.events[0].version == 1);
  CHECK(page.events[0].event_id.size() == 36); // the outbox UUID
  CHECK(page.events[5].version == 3);

  // Pages: limit, has_more and where to go on.
  const auto first = reader.changes(0, reader.tag_of(0), 3, all);
  CHECK(first.events.size() == 3);
  CHECK(first.has_more);
  CHECK(first.next_seq == 5);
  const auto second = reader.changes(first.next_seq, reader.tag_of(first.next_seq), 3, all);
  CHECK(second.events.front().seq == 6);
  CHECK(reader.changes(11, reader.tag_of(11), 3, all).events.empty());
  CHECK(reader.changes(11, reader.tag_of(11), 3, all).next_seq == 11);

  // Filters: kinds and merchants.
  api::visibility packages_only;
  packages_only.kinds = {"package"};
  CHECK(reader.changes(0, reader.tag_of(0), 100, packages_only).events.size() == 2);
  api::visibility other;
  other.clients = {"other"};
  const auto others = reader.changes(0, reader.tag_of(0), 100, other);
  REQUIRE(others.events.size() == 1);
  CHECK(others.events[0].id == "SO-2");
  api::visibility quote;
  quote.clients = {"it's"};
  CHECK(reader.changes(0, reader.tag_of(0), 100, quote).events.empty());

  // A snapshot: every visible entity, and the cursor position after them.
  const auto snap = reader.snapshot(all, std::nullopt, 100);
  CHECK(snap.orders.size() == 2);
  CHECK(snap.packages.size() == 1);
  CHECK(snap.returns.size() == 1);
  CHECK(snap.high_watermark == 11);
  CHECK(snap.tag == reader.tag_of(11));
  CHECK_FALSE(snap.next.has_value());
  CHECK(reader.snapshot(other, std::nullopt, 100).orders.size() == 1);
  CHECK(reader.snapshot(other, std::nullopt, 100).packages.empty());
  // In pages: by kind and id, each later page at the first page's position.
  const auto p1 = reader.snapshot(all, std::nullopt, 3);
  REQUIRE(p1.next.has_value());
  CHECK(p1.orders.size() == 2);
  CHECK(p1.packages.size() == 1);
  CHECK(p1.next->kind == "package");
  CHECK(p1.next->id == "100");
  append(io, j, {ev("session.logout", "{}")}); // the journal moves on meanwhile
  const auto p2 = reader.snapshot(all, p1.next, 3);
  CHECK(p2.high_watermark == 11);
  CHECK(p2.returns.size() == 1);
  CHECK(p2.orders.empty());
  CHECK_FALSE(p2.next.has_value());

  CHECK(reader.changes(0, reader.tag_of(0), 1, {}).state == api::cursor_check::ok);
  CHECK(reader.changes(11, reader.tag_of(11), 1, {}).state == api::cursor_check::ok);
  CHECK(reader.changes(13, reader.tag_of(13), 1, {}).state == api::cursor_check::ahead);
  // A sequence whose event is another one (a journal restored from an older copy).
  CHECK(reader.changes(5, "deadbeef", 1, {}).state == api::cursor_check::foreign);
  CHECK(reader.changes(5, "deadbeef", 10, all).state == api::cursor_check::foreign);
  CHECK(reader.tag_of(5).size() == 8);
  CHECK(reader.tag_of(0) == "0");
  CHECK(reader.tag_of(99).empty());
}

TEST_CASE("pruned changes raise the floor: older cursors have expired") {
  test::temp_dir dir;
  asio::io_context io;
  auto log = quiet();
  journal::journal j{io.get_executor(), with_projection(dir), log};
  workflow_events(io, j);
  // Everything recorded so far is older than "now + 1 s".
  journal::write_unit prune;
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  prune.apply = [now_ms](sqlite::database& db, std::span<const std::uint64_t>) { api::prune_changes(db, now_ms + 1000); };
  j.async_append(std::move(prune), [](boost::system::error_code ec, journal::append_result) { CHECK_FALSE(ec); });
  io.restart();
  io.run();
  append(io, j, {ev("order.state", R"({"order":"SO-9","client_id":"acme","state":"IN_PROGRESS","step":"PICKING","reason":""})")});
  api::entity_reader reader{dir / "journal.db"};
  CHECK(reader.changes(0, reader.tag_of(0), 1, {}).state == api::cursor_check::expired);
  CHECK(reader.changes(9, reader.tag_of(9), 1, {}).state == api::cursor_check::expired);
  CHECK(reader.changes(10, reader.tag_of(10), 1, {}).state == api::cursor_check::ok); // the newest pruned change: nothing after it is missing
  const auto page = reader.changes(10, reader.tag_of(10), 100, {});
  REQUIRE(page.events.size() == 1);
  CHECK(page.events[0].id == "SO-9");
  // Entities stay: only the feed is pruned.
  CHECK(reader.entity("order", "SO-1").has_value());
}

TEST_CASE("a journal from before the status API has its history projected once") {
  test::temp_dir dir;
  {
    // Schema 5 and some events, written as an older stationd would have.
    sqlite::database db{dir / "journal.db", sqlite::database::mode::read_write_create};
    journal::migrate(db, journal::schema_migrations().first(5));
    db.exec(R"(INSERT INTO events(recorded_at, type, source, payload) VALUES
      (1795774447123, 'order.state', 'station', '{"order":"SO-1","client_id":"acme","state":"IN_PROGRESS","step":"PICKING","reason":""}'),
      (1795774447124, 'pick.unit', 'station', '{}'),
      (1795774447125, 'order.state', 'station', '{"order":"SO-1","client_id":"acme","state":"IN_PROGRESS","step":"PICKED","reason":""}'))");
  }
  asio::io_context io;
  auto log = quiet();
  {
    journal::journal j{io.get_executor(), with_projection(dir), log};
  }
  api::entity_reader reader{dir / "journal.db"};
  const auto order = reader.entity("order", "SO-1");
  REQUIRE(order);
  CHECK(order->version == 2);
  CHECK(json::parse(order->body).at("step") == "PICKED");
  CHECK(json::parse(order->body).at("updated_at") == "2026-11-27T10:14:07.125Z");
  CHECK(reader.changes(0, reader.tag_of(0), 10, {}).events.size() == 2);
  {
    // Opened again: nothing is projected twice.
    journal::journal j{io.get_executor(), with_projection(dir), log};
  }
  CHECK(reader.changes(0, reader.tag_of(0), 10, {}).events.size() == 2);
}

TEST_CASE("a projection never costs the station its event") {
  test::temp_dir dir;
  asio::io_context io;
  auto log = quiet();
  journal::journal j{io.get_executor(), with_projection(dir), log};
  // Odd payloads of entity event types: recorded, no entity.
  append(io, j, {ev("order.state", R"({"order":["x"],"state":5})"), ev("return.inspected", "[1,2]"),
                 ev("package.sealed", R"({"sscc":null})")});
  api::entity_reader reader{dir / "journal.db"};
  CHECK(reader.last_seq() == 3);
  CHECK(reader.changes(0, reader.tag_of(0), 10, {}).events.empty());
}

TEST_CASE("retention deletes only the old start of the feed, whatever the clock did") {
  test::temp_dir dir;
  sqlite::database db{dir / "journal.db", sqlite::database::mode::read_write_create};
  journal::migrate(db, journal::schema_migrations());
  auto add = [&](std::int64_t seq, std::int64_t at) {
    db.exec(fmt::format("INSERT INTO api_changes(seq, kind, id, version, type, client_id, recorded_at, data) "
                        "VALUES ({}, 'order', 'SO-{}', 1, 'order.state_changed', 'acme', {}, '{{}}')",
                        seq, seq, at));
  };
  auto floor = [&] { return db.query_text("SELECT value FROM station_meta WHERE key = 'changes_floor'"); };
  auto left = [&] { return db.query_int("SELECT count(*) FROM api_changes"); };
  // Seq 2 was recorded while the clock was wrong (far in the past); 1 and 3 are recent.
  add(1, 1000);
  add(2, 50);
  add(3, 1100);
  api::prune_changes(db, 500);
  CHECK(left() == 3); // 2 looks old, but 1 before it is not: nothing goes
  CHECK(floor() == "0");
  add(4, 2000);
  api::prune_changes(db, 1050); // 1 and 2 are older, and they are the start
  CHECK(left() == 2);
  CHECK(floor() == "2");
  api::prune_changes(db, 1050); // again: nothing more
  CHECK(floor() == "2");
  api::prune_changes(db, 5000); // all old
  CHECK(left() == 0);
  CHECK(floor() == "4");
}
