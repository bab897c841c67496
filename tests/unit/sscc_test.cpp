#include "journal/journal.hpp"
#include "scan/sscc.hpp"
#include "scan/sscc_allocator.hpp"

#include "support/temp_dir.hpp"

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include <set>

using namespace stationd;
namespace asio = boost::asio;

TEST_CASE("SSCC format: extension, prefix, zero-padded serial, check digit") {
  CHECK(scan::make_sscc(1, "0614141", 123456789) == "106141411234567897"); // the reference's worked example
  CHECK(scan::make_sscc(0, "7350053", 1) == "073500530000000018");
  CHECK(scan::make_sscc(9, "123456789012", 9999) == "912345678901299999");
  CHECK_FALSE(scan::make_sscc(1, "0614141", 1'000'000'000).has_value()); // 10 digits do not fit beside 7
  CHECK_FALSE(scan::make_sscc(10, "0614141", 1).has_value());
  CHECK_FALSE(scan::make_sscc(1, "06141A1", 1).has_value());
}

namespace {

struct allocation {
  boost::system::error_code ec;
  std::string text;
};

std::vector<allocation> allocate(asio::io_context& io, scan::sscc_allocator& a, int n) {
  std::vector<allocation> out(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    a.async_allocate({{"order", "SO-1"}}, [&out, i](boost::system::error_code ec, std::string text) {
      out[static_cast<std::size_t>(i)] = {ec, std::move(text)};
    });
  }
  io.restart();
  io.run();
  return out;
}

} // namespace

TEST_CASE("the allocator issues consecutive SSCCs, journals each, and stops at the end of its range") {
  test::temp_dir dir;
  asio::io_context io;
  log::logger log{stderr, log::format::plain, log::level::error};
  journal::options opts;
  opts.path = dir / "journal.db";
  config::sscc_settings range{"0614141", 1, 100, 104};
  {
    journal::journal j{io.get_executor(), opts, log};
    scan::sscc_allocator a{j, range};
    const auto first = allocate(io, a, 3);
    CHECK(first[0].text == *scan::make_sscc(1, "0614141", 100));
    CHECK(first[1].text == *scan::make_sscc(1, "0614141", 101));
    CHECK(first[2].text == *scan::make_sscc(1, "0614141", 102));
  }
  {
    // Reopened: continues where it stopped, then refuses rather than wrapping.
    journal::journal j{io.get_executor(), opts, log};
    scan::sscc_allocator a{j, range};
    const auto rest = allocate(io, a, 4);
    CHECK(rest[0].text == *scan::make_sscc(1, "0614141", 103));
    CHECK(rest[1].text == *scan::make_sscc(1, "0614141", 104));
    CHECK(rest[2].ec == scan::sscc_errc::exhausted);
    CHECK(rest[2].text ==
          "SSCC range exhausted: every serial from 100 to 104 of company prefix 0614141 (extension digit 1) is used; "
          "configure a new range in [sscc]");
    CHECK(rest[3].ec == scan::sscc_errc::exhausted);
    CHECK(j.status().state == journal::journal_state::running); // one refused unit does not stop the journal
  }
  sqlite::database db{opts.path, sqlite::database::mode::read_only};
  CHECK(db.query_int("SELECT count(*) FROM events WHERE type = 'sscc.allocated'") == 5);
  CHECK(db.query_int("SELECT count(*) FROM sscc_issued") == 5);
  CHECK(db.query_text("SELECT json_extract(payload, '$.context.order') FROM events WHERE type = 'sscc.allocated' LIMIT 1") ==
        "SO-1");
  CHECK(scan::sscc_remaining(db, range) == 0);
  CHECK(scan::sscc_remaining(db, {"0614141", 1, 100, 200}) == 96);
}

TEST_CASE("a range moved back over issued serials never issues one twice") {
  test::temp_dir dir;
  asio::io_context io;
  log::logger log{stderr, log::format::plain, log::level::error};
  journal::options opts;
  opts.path = dir / "journal.db";
  journal::journal j{io.get_executor(), opts, log};
  std::set<std::string> issued;
  {
    scan::sscc_allocator a{j, {"0614141", 1, 10, 20}};
    for (const auto& r : allocate(io, a, 5)) issued.insert(r.text);
  }
  {
    scan::sscc_allocator a{j, {"0614141", 1, 0, 20}}; // first_serial lowered: the counter still knows 15
    for (const auto& r : allocate(io, a, 5)) {
      CHECK_FALSE(r.ec);
      CHECK(issued.insert(r.text).second);
    }
  }
  CHECK(issued.size() == 10);
}
