#include "event_store.hpp"
#include "store_schema.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <string>
#include <vector>

namespace {

using stationd::central::batch_outcome;
using stationd::central::event_store;
using stationd::sync::events;
using stationd::sync::wire_event;

std::string uuid_of(std::uint64_t seq, const std::string& epoch = "E1") { return fmt::format("{}-uuid-{}", epoch, seq); }

events batch(const std::string& epoch, std::uint64_t first, std::uint64_t last) {
  events b{epoch, {}};
  for (auto seq = first; seq <= last; ++seq) {
    b.list.push_back(wire_event{seq, uuid_of(seq, epoch), "pack.unit", "station", 1795759044149, boost::json::object{{"n", seq}}});
  }
  return b;
}

std::int64_t stored_events(const stationd::sqlite::database& db) { return db.query_int("SELECT count(*) FROM events"); }

} // namespace

TEST_CASE("central's rule: each EVENTS batch, in the order it comes") {
  struct step {
    const char* what;
    events sent;
    batch_outcome::kind result;
    std::uint64_t applied;
    std::uint64_t expected;
    std::size_t new_events;
  };
  const auto with_uuid = [](events b, std::size_t i, std::string uuid) {
    b.list[i].uuid = std::move(uuid);
    return b;
  };
  const std::vector<step> steps{
      {"first batch", batch("E1", 1, 5), batch_outcome::kind::applied, 5, 0, 5},
      {"the same batch again: all duplicates", batch("E1", 1, 5), batch_outcome::kind::applied, 5, 0, 0},
      {"overlapping resend", batch("E1", 3, 7), batch_outcome::kind::applied, 7, 0, 2},
      {"gap", batch("E1", 9, 10), batch_outcome::kind::gap, 7, 8, 0},
      {"the gap filled, ends past the old gap", batch("E1", 8, 10), batch_outcome::kind::applied, 10, 0, 3},
      {"duplicate seq with another uuid", with_uuid(batch("E1", 9, 11), 0, "other"),
       batch_outcome::kind::duplicate_mismatch, 10, 0, 0},
      {"new seq with a uuid stored for another seq", with_uuid(batch("E1", 11, 12), 0, uuid_of(2)),
       batch_outcome::kind::duplicate_mismatch, 10, 0, 0},
      {"valid events before a mismatch are kept", with_uuid(batch("E1", 11, 13), 2, uuid_of(1)),
       batch_outcome::kind::duplicate_mismatch, 12, 0, 2},
  };
  stationd::test::temp_dir dir;
  auto db = stationd::central::open_store(dir / "central.db");
  event_store store{db};
  CHECK(store.open_stream("bench-01", "E1") == 0);
  std::int64_t total = 0;
  for (const auto& s : steps) {
    CAPTURE(s.what);
    const auto out = store.apply("bench-01", s.sent);
    CHECK(out.result == s.result);
    CHECK(out.applied == s.applied);
    if (s.result == batch_outcome::kind::gap) CHECK(out.expected == s.expected);
    CHECK(out.new_events == s.new_events);
    total += static_cast<std::int64_t>(s.new_events);
    CHECK(stored_events(db) == total);
  }
  CHECK(db.query_int("SELECT count(DISTINCT seq) FROM events WHERE station = 'bench-01'") == 12);
}

TEST_CASE("a new epoch starts at 1 and closes the old one") {
  stationd::test::temp_dir dir;
  auto db = stationd::central::open_store(dir / "central.db");
  event_store store{db};
  store.open_stream("bench-01", "E1");
  CHECK(store.apply("bench-01", batch("E1", 1, 3)).applied == 3);

  CHECK(store.open_stream("bench-01", "E2") == 0);
  const auto fresh = store.apply("bench-01", batch("E2", 1, 2));
  CHECK(fresh.result == batch_outcome::kind::applied);
  CHECK(fresh.applied == 2);

  const auto old = store.apply("bench-01", batch("E1", 4, 5));
  CHECK(old.result == batch_outcome::kind::closed_epoch);
  CHECK(stored_events(db) == 5);

  // HELLO again with the old epoch: it is current again and continues where it was.
  CHECK(store.open_stream("bench-01", "E1") == 3);
  const auto status = store.status();
  REQUIRE(status.size() == 1);
  CHECK(status[0].epoch == "E1");
  CHECK(status[0].applied == 3);
}

TEST_CASE("stations are apart: the same seq of two stations") {
  stationd::test::temp_dir dir;
  auto db = stationd::central::open_store(dir / "central.db");
  event_store store{db};
  store.open_stream("bench-01", "E1");
  store.open_stream("bench-02", "F1");
  CHECK(store.apply("bench-01", batch("E1", 1, 2)).applied == 2);
  CHECK(store.apply("bench-02", batch("F1", 1, 4)).applied == 4);
  CHECK(store.apply("bench-01", batch("F1", 1, 1)).result == batch_outcome::kind::closed_epoch);
  store.record_revision_ack("bench-02", 3);
  store.record_revision_ack("bench-02", 2); // a late duplicate does not go back
  const auto status = store.status();
  REQUIRE(status.size() == 2);
  CHECK(status[1].revision_acked == 3);
}

TEST_CASE("a restarted central keeps applied and the events") {
  stationd::test::temp_dir dir;
  {
    auto db = stationd::central::open_store(dir / "central.db");
    event_store store{db};
    store.open_stream("bench-01", "E1");
    store.apply("bench-01", batch("E1", 1, 4));
  }
  auto db = stationd::central::open_store(dir / "central.db");
  event_store store{db};
  CHECK(store.open_stream("bench-01", "E1") == 4);
  CHECK(db.query_text("PRAGMA journal_mode") == "wal");
  CHECK(db.query_int("PRAGMA synchronous") == 2);
}
