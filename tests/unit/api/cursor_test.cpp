#include "api/cursor.hpp"
#include <doctest/doctest.h>

using namespace stationd::api;

TEST_CASE("cursors name the journal's epoch and a sequence") {
  const feed_cursor c{"e97c88a7-8336-4101-a692-3a076ee4e980", 418};
  const auto text = encode_cursor(c);
  CHECK(text == "c1.e97c88a7-8336-4101-a692-3a076ee4e980.418");
  const auto back = decode_cursor(text);
  REQUIRE(back);
  CHECK(back->epoch == c.epoch);
  CHECK(back->seq == 418);
  CHECK(decode_cursor("c1.abc.0")->seq == 0);
  CHECK(decode_cursor("c1.abc.18446744073709551615")->seq == 18446744073709551615ULL);
}

TEST_CASE("text that is no cursor is refused, not taken for an old one") {
  for (const char* bad : {"", "c1", "c1.", "c1..5", "c1.abc.", "c1.abc.-5", "c1.abc.5x", "c2.abc.5", "abc.5",
                          "c1.ab c.5", "c1.abc.18446744073709551616", "c1.a/b.5", "c1.abc.+5", "C1.abc.5"}) {
    CAPTURE(bad);
    CHECK_FALSE(decode_cursor(bad).has_value());
  }
}
