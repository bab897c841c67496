#include "protocol/toledo8213.hpp"

#include <doctest/doctest.h>

#include <bit>
#include <string>
#include <vector>

using namespace stationd::drivers;
using namespace stationd::drivers::toledo8213;

namespace {

// The scale's 7E1 link: bit 7 makes the number of 1 bits even.
std::string with_even_parity(std::string bytes) {
  for (char& ch : bytes) {
    const auto byte = static_cast<unsigned char>(ch);
    if (std::popcount(byte) % 2 != 0) {
      ch = static_cast<char>(byte | 0x80);
    }
  }
  return bytes;
}

std::string render(const frame& f) {
  std::string out;
  if (f.error) {
    out = "error: " + *f.error;
  } else if (f.record && f.record->weight) {
    out = "weight " + f.record->weight->to_string();
  } else if (f.record && f.record->status) {
    const status& s = *f.record->status;
    out = "status";
    out += s.motion ? " motion" : "";
    out += s.over_capacity ? " over_capacity" : "";
    out += s.under_zero ? " under_zero" : "";
    out += s.outside_zero_capture ? " outside_zero_capture" : "";
    out += s.center_of_zero ? " center_of_zero" : "";
  } else {
    out = "empty frame";
  }
  return out;
}

std::vector<std::string> render(const std::vector<frame>& frames) {
  std::vector<std::string> out;
  for (const auto& f : frames) {
    out.push_back(render(f));
  }
  return out;
}

struct record_row {
  std::string body;
  std::string expected;
};

struct stream_row {
  const char* what;
  std::vector<std::string> reads; // one feed() each
  std::vector<std::string> expected;
};

} // namespace

TEST_CASE("8213 host commands are single characters") {
  CHECK(weigh == 'W');
  CHECK(weigh_high_resolution == 'H');
  CHECK(zero == 'Z');
}

TEST_CASE("8213 records") {
  const std::vector<record_row> rows = {
      // weight records
      {"012.34", "weight 12.34"},
      {"000.00", "weight 0.00"},
      {"999.99", "weight 999.99"},
      {"012345", "weight 12345"}, // grams, no decimal point
      {"000000", "weight 0"},
      {"0012.34", "weight 12.34"}, // H: high resolution
      {"0012.345", "error: 8213 weight record \"0012.345\": expected 6 or 7 digits with at most one decimal point"},
      {"01.234", "weight 1.234"}, // the decimal point stays where the scale put it
      {"12.3", "error: 8213 weight record \"12.3\": expected 6 or 7 digits with at most one decimal point"},
      {"12345", "error: 8213 weight record \"12345\": expected 6 or 7 digits with at most one decimal point"},
      {"01a.34", "error: 8213 weight record \"01a.34\": expected 6 or 7 digits with at most one decimal point"},
      {"-12.34", "error: 8213 weight record \"-12.34\": expected 6 or 7 digits with at most one decimal point"},
      {" 12.34", "error: 8213 weight record \" 12.34\": expected 6 or 7 digits with at most one decimal point"},
      {"1.2.34", "error: 8213 weight record \"1.2.34\": expected 6 or 7 digits with at most one decimal point"},
      {"12345.", "error: 8213 weight record \"12345.\": expected 6 or 7 digits with at most one decimal point"},
      {".12345", "error: 8213 weight record \".12345\": expected 6 or 7 digits with at most one decimal point"},
      {"^^^^^^", "error: 8213 weight record \"^^^^^^\": expected 6 or 7 digits with at most one decimal point"},
      {"01\x01.34", "error: 8213 weight record \"01\\x01.34\": expected 6 or 7 digits with at most one decimal point"},
      {"", "error: 8213 record is empty"},
      // status records: 0x60 | flags
      {"?`", "status"},
      {"?a", "status motion"},
      {"?b", "status over_capacity"},
      {"?d", "status under_zero"},
      {"?h", "status outside_zero_capture"},
      {"?p", "status center_of_zero"},
      {"?q", "status motion center_of_zero"},
      {"?e", "status motion under_zero"},
      {"?\x7f", "status motion over_capacity under_zero outside_zero_capture center_of_zero"},
      {"?\xe1", "status motion"}, // parity bit set: stripped
      {"?!", "error: 8213 status byte 0x21 lacks bits 5 and 6"},
      {"?A", "error: 8213 status byte 0x41 lacks bits 5 and 6"},
      {"?\x01", "error: 8213 status byte 0x01 lacks bits 5 and 6"},
      {"?", "error: 8213 status record \"?\" has no status byte"},
      {"?ab", "error: 8213 status record \"?ab\" has 2 status bytes, expected 1"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.body);
    const frame f = parse_record(r.body);
    CHECK(render(f) == r.expected);
    CHECK(f.record.has_value() != f.error.has_value());
  }
}

TEST_CASE("8213 records keep their bytes for logs") {
  const frame f = parse_record(with_even_parity("012.34"));
  CHECK(f.raw == "012.34");
  CHECK(parse_record("?!").raw == "?!");
}

TEST_CASE("8213 frame parser") {
  const std::string stx = "\x02";
  const std::string cr = "\r";
  const std::vector<stream_row> rows = {
      {"one weight", {stx + "012.34" + cr}, {"weight 12.34"}},
      {"one weight with parity bits", {with_even_parity(stx + "012.34" + cr)}, {"weight 12.34"}},
      {"high resolution", {stx + "0012.34" + cr}, {"weight 12.34"}},
      {"grams", {stx + "012345" + cr}, {"weight 12345"}},
      {"status record", {stx + "?a" + cr}, {"status motion"}},
      {"status record with parity", {with_even_parity(stx + "?p" + cr)}, {"status center_of_zero"}},
      {"two frames in one read", {stx + "012.34" + cr + stx + "?b" + cr}, {"weight 12.34", "status over_capacity"}},
      {"a frame split over reads", {stx + "01", "2.", "34" + cr}, {"weight 12.34"}},
      {"byte by byte", {stx, "0", "1", "2", ".", "3", "4", cr}, {"weight 12.34"}},
      {"a frame without CR yet", {stx + "012.34"}, {}},
      {"garbage before a frame",
       {"ABC" + stx + "012.34" + cr},
       {"error: 8213: 3 bytes of garbage outside a frame: 41 42 43", "weight 12.34"}},
      {"one byte of garbage after a frame (CR LF)",
       {stx + "012.34" + cr + "\n"},
       {"weight 12.34", "error: 8213: 1 byte of garbage outside a frame: 0A"}},
      {"garbage with parity bits is shown stripped", {"\xc1\x42\xc3"}, {"error: 8213: 3 bytes of garbage outside a frame: 41 42 43"}},
      {"garbage is reported per read", {"AB", "C"},
       {"error: 8213: 2 bytes of garbage outside a frame: 41 42", "error: 8213: 1 byte of garbage outside a frame: 43"}},
      {"a lone CR is garbage", {cr}, {"error: 8213: 1 byte of garbage outside a frame: 0D"}},
      {"a long run of garbage shows 16 bytes",
       {std::string(20, 'x')},
       {"error: 8213: 20 bytes of garbage outside a frame: 78 78 78 78 78 78 78 78 78 78 78 78 78 78 78 78 ..."}},
      {"a new STX cuts a frame",
       {stx + "012" + stx + "012.34" + cr},
       {"error: 8213: frame \"012\" cut short by a new STX", "weight 12.34"}},
      {"a new STX right after STX cuts an empty frame",
       {stx + stx + "?a" + cr},
       {"error: 8213: frame \"\" cut short by a new STX", "status motion"}},
      {"an empty frame", {stx + cr}, {"error: 8213 record is empty"}},
      {"16 bytes are still a frame",
       {stx + std::string(16, '1') + cr},
       {"error: 8213 weight record \"1111111111111111\": expected 6 or 7 digits with at most one decimal point"}},
      {"a frame over 16 bytes is refused, the rest up to CR dropped",
       {stx + std::string(30, '1') + cr + stx + "012.34" + cr},
       {"error: 8213: frame longer than 16 bytes refused: \"11111111111111111\"", "weight 12.34"}},
      {"a refused frame ends at a new STX too",
       {stx + std::string(20, '1') + stx + "?`" + cr},
       {"error: 8213: frame longer than 16 bytes refused: \"11111111111111111\"", "status"}},
      {"a bad record does not stop the stream",
       {stx + "?!" + cr + stx + "012.34" + cr},
       {"error: 8213 status byte 0x21 lacks bits 5 and 6", "weight 12.34"}},
      {"control bytes inside a frame are data",
       {stx + "01\x01.34" + cr},
       {"error: 8213 weight record \"01\\x01.34\": expected 6 or 7 digits with at most one decimal point"}},
  };
  for (const auto& r : rows) {
    CAPTURE(std::string{r.what});
    frame_parser parser;
    std::vector<std::string> got;
    for (const auto& read : r.reads) {
      for (auto& line : render(parser.feed(read))) {
        got.push_back(std::move(line));
      }
    }
    CHECK(got == r.expected);
  }
}

TEST_CASE("8213 frame parser raw bytes and reset") {
  frame_parser parser;
  auto frames = parser.feed(with_even_parity("AB\x02?a\r"));
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].raw == "AB");
  CHECK(frames[1].raw == "?a");

  CHECK(parser.feed("\x02" "012").empty());
  parser.reset();
  // After reset the half frame is forgotten: its tail is garbage, not a weight.
  CHECK(render(parser.feed(".34\r")) ==
        std::vector<std::string>{"error: 8213: 4 bytes of garbage outside a frame: 2E 33 34 0D"});
}
