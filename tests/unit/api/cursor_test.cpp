#include "api/cursor.hpp"
#include <doctest/doctest.h>

using namespace stationd::api;

TEST_CASE("cursors name the journal's epoch and a sequence") {
  const feed_cursor c{"e97c88a7-8336-4101-a692-3a076ee4e980", 418, "6f1d2f0e"};
  const auto text = encode_cursor(c);
  CHECK(text == "c1.e97c88a7-8336-4101-a692-3a076ee4e980.418.6f1d2f0e");
  const auto back = decode_cursor(text);
  REQUIRE(back);
  CHECK(back->epoch == c.epoch);
  CHECK(back->seq == 418);
  CHECK(back->tag == "6f1d2f0e");
  CHECK(decode_cursor("c1.abc.0.0")->seq == 0);
  CHECK(encode_cursor({"abc", 0}) == "c1.abc.0.0");
  CHECK(decode_cursor("c1.abc.18446744073709551615.00000000")->seq == 18446744073709551615ULL);
}

TEST_CASE("text that is no cursor is refused, not taken for an old one") {
  for (const char* bad : {"", "c1", "c1.", "c1..5.0", "c1.abc..0", "c1.abc.-5.0", "c1.abc.5x.12345678",
                          "c2.abc.5.12345678", "abc.5.12345678", "c1.ab c.5.12345678",
                          "c1.abc.18446744073709551616.12345678", "c1.a/b.5.12345678", "c1.abc.+5.12345678",
                          "C1.abc.5.12345678", "c1.abc.5", "c1.abc.5.0", "c1.abc.0.12345678", "c1.abc.5.1234567",
                          "c1.abc.5.123456789", "c1.abc.5.ABCDEF12", "c1.abc.5.1234567g", "c1.abc.05.12345678", "c1.abc.00.0"}) {
    CAPTURE(bad);
    CHECK_FALSE(decode_cursor(bad).has_value());
  }
}

TEST_CASE("snapshot page tokens keep the first page's position and the last entity") {
  const page_token p{418, "6f1d2f0e", "order", "SO-1.2/ä"};
  const auto text = encode_page(p);
  CHECK(text.starts_with("p1.418.6f1d2f0e.order."));
  const auto back = decode_page(text);
  REQUIRE(back);
  CHECK(back->seq == 418);
  CHECK(back->tag == "6f1d2f0e");
  CHECK(back->kind == "order");
  CHECK(back->id == "SO-1.2/ä");
  for (const char* bad : {"", "p1", "p1.418.6f1d2f0e.order", "p1.418.6f1d2f0e.order.", "p1.418.6f1d2f0e.parcel.41",
                          "p1.418.6f1d2f0e.order.4", "p1.418.6f1d2f0e.order.zz", "p1.x.6f1d2f0e.order.41",
                          "p1.418.0.order.41", "p1.0.6f1d2f0e.order.41", "p2.418.6f1d2f0e.order.41",
                          "c1.418.6f1d2f0e.order.41", "p1.418.6f1d2f0e.order.B5", "p1.028.6f1d2f0e.order.41" /* both found by fuzz_http_request */}) {
    CAPTURE(bad);
    CHECK_FALSE(decode_page(bad).has_value());
  }
}
