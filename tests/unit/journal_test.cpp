#include "journal/journal.hpp"
#include "journal/migrations.hpp"

#include "support/temp_dir.hpp"

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <functional>

using namespace stationd;
using journal::journal_errc;
namespace asio = boost::asio;

namespace {

struct completion {
  bool fired = false;
  boost::system::error_code ec;
  journal::append_result result;
};

journal::write_unit event(std::string type, std::string payload = "{}") {
  journal::write_unit u;
  u.events.push_back({std::move(type), "test", std::move(payload)});
  return u;
}

log::logger quiet_logger() { return log::logger{stderr, log::format::plain, log::level::error}; }

journal::options options_for(const test::temp_dir& dir) {
  journal::options o;
  o.path = dir / "journal.db";
  return o;
}

// Appends every unit at once, so they queue up behind each other, and runs the
// loop until all completions fired.
std::vector<completion> append_all(asio::io_context& io, journal::journal& j, std::vector<journal::write_unit> units) {
  std::vector<completion> done(units.size());
  for (std::size_t i = 0; i < units.size(); ++i) {
    j.async_append(std::move(units[i]), [&done, i](boost::system::error_code ec, journal::append_result r) {
      done[i] = {true, ec, std::move(r)};
    });
  }
  io.restart();
  io.run();
  return done;
}

} // namespace

TEST_CASE("appends get consecutive sequences and are readable after their completion") {
  test::temp_dir dir;
  asio::io_context io;
  auto log = quiet_logger();
  journal::journal j{io.get_executor(), options_for(dir), log};
  journal::journal_reader reader{dir / "journal.db"};

  std::vector<std::uint64_t> seen_by_reader;
  for (int i = 0; i < 5; ++i) {
    j.async_append(event("test.event", fmt::format("{{\"i\":{}}}", i)),
                   [&](boost::system::error_code ec, journal::append_result r) {
                     REQUIRE_FALSE(ec);
                     // The completion runs only after COMMIT: another connection already sees the row.
                     CHECK(reader.last_seq() >= r.last_seq);
                     seen_by_reader.push_back(reader.last_seq());
                     CHECK(r.first_seq == r.last_seq);
                   });
  }
  io.run();
  REQUIRE(seen_by_reader.size() == 5);
  for (std::size_t i = 1; i < seen_by_reader.size(); ++i) CHECK(seen_by_reader[i] >= seen_by_reader[i - 1]);
  const auto events = reader.read(0, 100);
  REQUIRE(events.size() == 5);
  for (std::size_t i = 0; i < events.size(); ++i) {
    CHECK(events[i].seq == i + 1);
    CHECK(events[i].payload == fmt::format("{{\"i\":{}}}", i));
  }
}

TEST_CASE("concurrent appends share transactions (group commit)") {
  test::temp_dir dir;
  asio::io_context io;
  auto log = quiet_logger();
  journal::journal j{io.get_executor(), options_for(dir), log};
  std::vector<journal::write_unit> units;
  for (int i = 0; i < 2000; ++i) units.push_back(event("burst"));
  const auto done = append_all(io, j, std::move(units));
  for (const auto& d : done) {
    CHECK(d.fired);
    CHECK_FALSE(d.ec);
  }
  const auto st = j.status();
  CHECK(st.units == 2000);
  CHECK(st.last_seq == 2000);
  CHECK(st.commits < 2000); // batches formed while earlier commits were on their way to disk
  CHECK(st.largest_batch > 1);
}

TEST_CASE("a rejected unit does not take its batch with it") {
  test::temp_dir dir;
  asio::io_context io;
  auto log = quiet_logger();
  journal::journal j{io.get_executor(), options_for(dir), log};
  std::vector<journal::write_unit> units;
  units.push_back(event("ok.before"));
  units.push_back(event("bad.payload", "{not json"));
  units.push_back(event("ok.after"));
  auto throwing = event("projection.fails");
  throwing.apply = [](sqlite::database&, std::span<const std::uint64_t>) { throw std::runtime_error("no such order"); };
  units.push_back(std::move(throwing));
  const auto done = append_all(io, j, std::move(units));
  CHECK_FALSE(done[0].ec);
  CHECK(done[1].ec == journal_errc::rejected);
  CHECK(done[1].result.detail.find("CHECK constraint failed") != std::string::npos);
  CHECK_FALSE(done[2].ec);
  CHECK(done[3].ec == journal_errc::rejected);
  CHECK(done[3].result.detail == "no such order");
  journal::journal_reader reader{dir / "journal.db"};
  const auto events = reader.read(0, 10);
  REQUIRE(events.size() == 2);
  CHECK(events[0].type == "ok.before");
  CHECK(events[1].type == "ok.after");
  CHECK(events[1].seq == 2); // no gap left by the rejected units
}

TEST_CASE("a projection writes in the same transaction as its events") {
  test::temp_dir dir;
  asio::io_context io;
  auto log = quiet_logger();
  journal::journal j{io.get_executor(), options_for(dir), log};
  auto unit = event("meta.set");
  unit.apply = [](sqlite::database& db, std::span<const std::uint64_t> seqs) {
    auto st = db.prepare("INSERT INTO station_meta(key, value) VALUES ('last', ?1)");
    st.bind(1, std::to_string(seqs.front()));
    st.step();
  };
  std::vector<journal::write_unit> units;
  units.push_back(std::move(unit));
  const auto done = append_all(io, j, std::move(units));
  REQUIRE_FALSE(done[0].ec);
  sqlite::database db{dir / "journal.db", sqlite::database::mode::read_only};
  CHECK(db.query_text("SELECT value FROM station_meta WHERE key = 'last'") == "1");
}

TEST_CASE("events are append-only") {
  test::temp_dir dir;
  asio::io_context io;
  auto log = quiet_logger();
  {
    journal::journal j{io.get_executor(), options_for(dir), log};
    std::vector<journal::write_unit> units;
    units.push_back(event("x"));
    append_all(io, j, std::move(units));
  }
  sqlite::database db{dir / "journal.db", sqlite::database::mode::read_write_create};
  CHECK_THROWS_WITH_AS(db.exec("UPDATE events SET type = 'y'"), doctest::Contains("events are append-only"), sqlite::error);
  CHECK_THROWS_WITH_AS(db.exec("DELETE FROM events"), doctest::Contains("events are append-only"), sqlite::error);
}

TEST_CASE("disk full stops new work and loses nothing committed") {
  test::temp_dir dir;
  asio::io_context io;
  auto log = quiet_logger();
  auto opts = options_for(dir);
  opts.max_size_bytes = 96 * 1024; // a few pages beyond the schema: PRAGMA max_page_count
  std::vector<std::uint64_t> acknowledged;
  boost::system::error_code first_error;
  std::string first_detail;
  {
    journal::journal j{io.get_executor(), opts, log};
    const std::string payload = fmt::format("{{\"pad\":\"{}\"}}", std::string(400, 'x'));
    std::vector<journal::write_unit> units;
    for (int i = 0; i < 1000; ++i) units.push_back(event("fill", payload));
    const auto done = append_all(io, j, std::move(units));
    for (const auto& d : done) {
      REQUIRE(d.fired);
      if (!d.ec) {
        acknowledged.push_back(d.result.last_seq);
      } else if (!first_error) {
        first_error = d.ec;
        first_detail = d.result.detail;
      }
    }
    CHECK(first_error == journal_errc::disk_full);
    CHECK(first_detail.find("database or disk is full") != std::string::npos);
    CHECK(j.status().state == journal::journal_state::failed);
    CHECK(j.status().failure.find("journal storage is full") != std::string::npos);

    // Later work is refused at once, with the reason.
    std::vector<journal::write_unit> later;
    later.push_back(event("after.full"));
    const auto refused = append_all(io, j, std::move(later));
    CHECK(refused[0].ec == journal_errc::failed);
    CHECK(refused[0].ec.message() ==
          "the journal stopped after a storage error; no new work is accepted, committed work is safe");
  }
  REQUIRE_FALSE(acknowledged.empty());
  CHECK(acknowledged.size() < 1000);
  // Every acknowledged append is on disk, with no gaps, and the file is sound.
  sqlite::database db{dir / "journal.db", sqlite::database::mode::read_only};
  CHECK(db.query_text("PRAGMA integrity_check") == "ok");
  CHECK(static_cast<std::size_t>(db.query_int("SELECT count(*) FROM events")) == acknowledged.size());
  CHECK(static_cast<std::uint64_t>(db.query_int("SELECT max(seq) FROM events")) == acknowledged.back());
  CHECK(db.query_int("SELECT max(seq) - min(seq) + 1 FROM events") == db.query_int("SELECT count(*) FROM events"));
}

TEST_CASE("close commits what is queued, then refuses") {
  test::temp_dir dir;
  asio::io_context io;
  auto log = quiet_logger();
  journal::journal j{io.get_executor(), options_for(dir), log};
  int ok = 0;
  for (int i = 0; i < 500; ++i) {
    j.async_append(event("queued"), [&](boost::system::error_code ec, journal::append_result) { ok += ec ? 0 : 1; });
  }
  bool closed = false;
  j.async_close([&] { closed = true; });
  boost::system::error_code after_close;
  j.async_append(event("late"), [&](boost::system::error_code ec, journal::append_result) { after_close = ec; });
  io.run();
  CHECK(closed);
  CHECK(ok == 500);
  CHECK(after_close == journal_errc::closed);
  CHECK(j.status().state == journal::journal_state::closed);
  journal::journal_reader reader{dir / "journal.db"};
  CHECK(reader.count() == 500);
}

TEST_CASE("the sequence continues across reopen") {
  test::temp_dir dir;
  asio::io_context io;
  auto log = quiet_logger();
  for (int round = 0; round < 3; ++round) {
    journal::journal j{io.get_executor(), options_for(dir), log};
    std::vector<journal::write_unit> units;
    for (int i = 0; i < 10; ++i) units.push_back(event("r"));
    const auto done = append_all(io, j, std::move(units));
    CHECK(done.back().result.last_seq == static_cast<std::uint64_t>((round + 1) * 10));
  }
}

TEST_CASE("migrations set user_version and refuse a newer database") {
  test::temp_dir dir;
  sqlite::database db{dir / "m.db", sqlite::database::mode::read_write_create};
  const journal::migration plan[] = {{1, "one", "CREATE TABLE a(x)"}, {2, "two", "CREATE TABLE b(y)"}};
  CHECK(journal::migrate(db, std::span{plan}.first(1)) == 0);
  CHECK(db.query_int("PRAGMA user_version") == 1);
  CHECK(journal::migrate(db, plan) == 1);
  CHECK(db.query_int("PRAGMA user_version") == 2);
  CHECK(journal::migrate(db, plan) == 2); // idempotent
  db.exec("PRAGMA user_version = 9");
  CHECK_THROWS_WITH(journal::migrate(db, plan),
                    "journal schema version 9 is newer than this stationd understands (2); run a newer stationd");
}

TEST_CASE("a failed migration step leaves the database at the previous version") {
  test::temp_dir dir;
  sqlite::database db{dir / "m.db", sqlite::database::mode::read_write_create};
  const journal::migration plan[] = {{1, "one", "CREATE TABLE a(x)"}, {2, "broken", "CREATE TABLE a(x)"}};
  CHECK_THROWS_AS(journal::migrate(db, plan), sqlite::error);
  CHECK(db.query_int("PRAGMA user_version") == 1);
}

TEST_CASE("a file that is not a database is refused with a clear reason") {
  test::temp_dir dir;
  const auto path = dir.write("journal.db", std::string(8192, 'Z'));
  asio::io_context io;
  auto log = quiet_logger();
  journal::options opts;
  opts.path = path;
  CHECK_THROWS_WITH(journal::journal(io.get_executor(), opts, log),
                    doctest::Contains("file is not a database"));
}

TEST_CASE("a corrupted database fails the start-up integrity check") {
  test::temp_dir dir;
  asio::io_context io;
  auto log = quiet_logger();
  {
    journal::journal j{io.get_executor(), options_for(dir), log};
    std::vector<journal::write_unit> units;
    for (int i = 0; i < 200; ++i) units.push_back(event("fill", fmt::format("{{\"pad\":\"{}\"}}", std::string(300, 'y'))));
    append_all(io, j, std::move(units));
  }
  {
    // Checkpoint everything into the main file, then scribble over a b-tree page.
    sqlite::database db{dir / "journal.db", sqlite::database::mode::read_write_create};
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  {
    // Overwrite the b-tree page headers of pages 3 to 8 (page 1 is the schema).
    std::fstream f{dir / "journal.db", std::ios::in | std::ios::out | std::ios::binary};
    const std::string junk(16, '\x7f');
    for (int page = 2; page < 8; ++page) {
      f.seekp(4096 * page);
      f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
  }
  CHECK_THROWS_WITH(journal::journal(io.get_executor(), options_for(dir), log),
                    doctest::Contains("integrity check failed"));
}

TEST_CASE("appends refused after close complete later, never inside the call") {
  test::temp_dir dir;
  asio::io_context io;
  auto log = quiet_logger();
  journal::journal j{io.get_executor(), options_for(dir), log};
  j.async_close([] {});
  io.run();
  // A caller that appends again from each completion must not recurse.
  int refused = 0;
  std::function<void()> next = [&] {
    if (refused == 100000) return;
    j.async_append(event("late"), [&](boost::system::error_code ec, journal::append_result) {
      CHECK(ec == journal_errc::closed);
      ++refused;
      next();
    });
  };
  bool inside_call = true;
  j.async_append(event("first"), [&](boost::system::error_code, journal::append_result) { CHECK_FALSE(inside_call); });
  inside_call = false;
  next();
  io.restart();
  io.run();
  CHECK(refused == 100000);
}
