#include "scan/scan_framer.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace stationd::scan;

namespace {

// Frames as text: "data" for a scan, "!code" for an error, "~data" when ended by the timeout.
std::vector<std::string> render(const std::vector<frame>& frames) {
  std::vector<std::string> out;
  for (const auto& f : frames) {
    if (f.error) out.push_back("!" + f.error->code);
    else out.push_back((f.ended_by_timeout ? "~" : "") + f.data);
  }
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += "[" + x + "]";
  return s;
}

struct framing_row {
  std::string what;
  framing_options options;
  std::vector<std::string> chunks; // fed one after another; "<idle>" calls idle()
  std::string expected;
};

} // namespace

TEST_CASE("scan framing") {
  const framing_options cr{};
  const framing_options none{"", scan_terminator::none, 4096};
  const framing_options stx{"\x02", scan_terminator::crlf, 4096};
  const framing_options small{"", scan_terminator::cr, 8};
  const std::vector<framing_row> rows = {
      {"CR ends a scan", cr, {"abc\rdef\r"}, "[abc][def]"},
      {"CRLF is one end", cr, {"abc\r\ndef\r\n"}, "[abc][def]"},
      {"LF alone also ends (mis-configured scanner)", cr, {"abc\ndef\n"}, "[abc][def]"},
      {"a CRLF split across reads", cr, {"abc\r", "\ndef\r"}, "[abc][def]"},
      {"GS is data, never an end", cr, {"0109501101530003\x1d" "21X\r"}, "[0109501101530003\x1d" "21X]"},
      {"a scan split across reads", cr, {"01095", "0110153", "0003\r"}, "[0109501101530003]"},
      {"blank lines are not scans", cr, {"\r\r\n\nabc\r"}, "[abc]"},
      {"idle ends a scan without suffix", none, {"abc", "<idle>", "def", "<idle>"}, "[~abc][~def]"},
      {"without a suffix CR and LF are data", none, {"a\rb\n", "<idle>"}, "[~a\rb\n]"},
      {"idle also ends a scan whose suffix is missing", cr, {"abc", "<idle>", "def\r"}, "[~abc][def]"},
      {"idle with nothing buffered", cr, {"<idle>"}, ""},
      {"prefix removed", stx, {"\x02" "abc\r\n"}, "[abc]"},
      {"missing prefix refused", stx, {"abc\r\n"}, "[!scan.missing_prefix]"},
      {"overlong discarded, then in step again", small, {"0123456789abcdef", "xyz\rok\r"}, "[!scan.too_long][ok]"},
      {"exactly the limit passes", small, {"01234567\r"}, "[01234567]"},
      {"overlong without suffix resynchronises at idle", framing_options{"", scan_terminator::none, 8},
       {"0123456789", "<idle>", "ok", "<idle>"}, "[!scan.too_long][~ok]"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.what);
    scan_framer framer{row.options};
    std::vector<frame> frames;
    for (const auto& chunk : row.chunks) {
      auto got = chunk == "<idle>" ? framer.idle() : framer.feed(chunk);
      frames.insert(frames.end(), got.begin(), got.end());
    }
    CHECK(joined(render(frames)) == row.expected);
  }
}

TEST_CASE("a refused frame keeps its bytes and says why") {
  scan_framer framer{{"\x02", scan_terminator::cr, 4096}};
  const auto frames = framer.feed("ABC\r");
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].data == "ABC");
  CHECK(frames[0].error->message == "scan refused: it does not start with the configured prefix");
  scan_framer small{{"", scan_terminator::cr, 4096}};
  const auto overlong = small.feed(std::string(5000, 'x'));
  REQUIRE(overlong.size() == 1);
  CHECK(overlong[0].error->message == "scan discarded: more than 4096 bytes without an end of scan");
}
