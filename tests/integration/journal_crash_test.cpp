// kill -9 during a burst of appends: everything acknowledged survives, the
// sequence has no gaps and the database is sound. Three rounds on one file.

#include "journal/sqlite.hpp"
#include "support/line_output.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <signal.h>

#include <set>
#include <sstream>

using namespace stationd;
using namespace stationd::test;

namespace {

std::vector<std::uint64_t> acknowledged(const std::string& out) {
  std::vector<std::uint64_t> acks;
  for (const auto& seq : complete_lines(out, "ack ")) acks.push_back(std::stoull(seq));
  return acks;
}

// Every stored sequence, after checking the file is sound.
std::set<std::uint64_t> stored_sequences(const std::string& db_path) {
  sqlite::database db{db_path, sqlite::database::mode::read_only};
  CHECK(db.query_text("PRAGMA integrity_check") == "ok");
  std::set<std::uint64_t> stored;
  auto st = db.prepare("SELECT seq FROM events");
  while (st.step()) stored.insert(static_cast<std::uint64_t>(st.column_int(0)));
  return stored;
}

} // namespace

TEST_CASE("kill -9 during 10,000 appends loses nothing acknowledged") {
  temp_dir dir;
  const auto db_path = (dir / "journal.db").string();
  std::uint64_t acknowledged_total = 0;
  for (int round = 0; round < 3; ++round) {
    CAPTURE(round);
    child_process burst{{{JOURNAL_BURST_BINARY, db_path, "10000", "64"}, {}, (dir / "out").string()}};
    // Kill part-way, at a different point each round.
    const std::size_t kill_after = 1500 + static_cast<std::size_t>(round) * 2000;
    REQUIRE(eventually([&] { return acknowledged(burst.stdout_text()).size() >= kill_after || !burst.running(); },
                       std::chrono::seconds{60}));
    burst.signal(SIGKILL);
    CHECK(burst.wait(std::chrono::seconds{10}) == 128 + SIGKILL);
    const auto acks = acknowledged(burst.stdout_text());
    REQUIRE(acks.size() >= kill_after);
    REQUIRE(acks.size() < 10000); // the kill did land mid-burst
    acknowledged_total += acks.size();

    const auto stored = stored_sequences(db_path);
    for (const auto seq : acks) CHECK_MESSAGE(stored.count(seq) == 1, "acknowledged seq ", seq, " is missing");
    // No gaps: 1..max, all present.
    CHECK(*stored.begin() == 1);
    CHECK(*stored.rbegin() == stored.size());
    CHECK(stored.size() >= acknowledged_total);
  }
}

TEST_CASE("a file-size limit (EFBIG at commit) stops the journal and loses nothing acknowledged") {
  temp_dir dir;
  const auto db_path = (dir / "journal.db").string();
  const auto r = run({JOURNAL_BURST_BINARY, db_path, "20000", "16", "524288"});
  CHECK(r.status == 3);
  const auto acks = acknowledged(r.out);
  REQUIRE_FALSE(acks.empty());
  CHECK(r.out.find("refused journal storage failed: this entry is not confirmed (it may or may not be on disk); "
                   "no new work is accepted") != std::string::npos);
  const auto stored = stored_sequences(db_path);
  for (const auto seq : acks) CHECK_MESSAGE(stored.count(seq) == 1, "acknowledged seq ", seq, " is missing");
  CHECK(*stored.rbegin() == stored.size());
}
