// kill -9 while SSCCs are being allocated: no SSCC is ever issued twice, and
// every SSCC a caller received is recorded in the journal.

#include "journal/sqlite.hpp"
#include "support/line_output.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <set>

using namespace stationd;
using namespace stationd::test;

TEST_CASE("kill -9 during SSCC allocation never issues an SSCC twice") {
  temp_dir dir;
  const auto db_path = (dir / "journal.db").string();
  std::set<std::string> everything;
  std::size_t total = 0;
  for (int round = 0; round < 4; ++round) {
    CAPTURE(round);
    child_process burst{{{SSCC_BURST_BINARY, db_path, "5000", "32"}, {}, (dir / "out").string()}};
    const std::size_t kill_after = 300 + static_cast<std::size_t>(round) * 500;
    REQUIRE(eventually([&] { return complete_lines(burst.stdout_text(), "sscc ").size() >= kill_after || !burst.running(); },
                       std::chrono::seconds{60}));
    burst.signal(SIGKILL);
    burst.wait(std::chrono::seconds{10});
    const auto got = complete_lines(burst.stdout_text(), "sscc ");
    REQUIRE(got.size() >= kill_after);
    REQUIRE(got.size() < 5000);
    for (const auto& s : got) CHECK_MESSAGE(everything.insert(s).second, "SSCC issued twice: ", s);
    total += got.size();

    sqlite::database db{db_path, sqlite::database::mode::read_only};
    std::set<std::string> journaled;
    auto st = db.prepare("SELECT json_extract(payload, '$.sscc') FROM events WHERE type = 'sscc.allocated'");
    while (st.step()) CHECK(journaled.insert(st.column_text(0)).second);
    for (const auto& s : everything) CHECK_MESSAGE(journaled.count(s) == 1, "received but not journaled: ", s);
    CHECK(db.query_int("SELECT count(*) FROM sscc_issued") == static_cast<std::int64_t>(journaled.size()));
  }
  CHECK(everything.size() == total);
}
