#include "protocol/zpl_status.hpp"

#include <doctest/doctest.h>

#include <array>
#include <functional>
#include <random>
#include <string>
#include <vector>

using namespace stationd::drivers::zpl;

namespace {

const std::string stx = "\x02";
const std::string etx = "\x03";
const std::string crlf = "\r\n";

// The three ~HS strings of an idle, ready 4x6 printer at 203 dpi, as fields.
using fields = std::array<std::vector<std::string>, 3>;
fields ready_fields() {
  return {{{"030", "0", "0", "1218", "000", "0", "0", "0", "000", "0", "0", "0"},
           {"001", "0", "0", "0", "1", "2", "6", "0", "00000000", "1", "000"},
           {"1234", "0"}}};
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : ",") + parts[i];
  return out;
}

std::string hs_reply(const fields& f) {
  std::string out;
  for (const auto& s : f) out += stx + join(s) + etx + crlf;
  return out;
}

host_status ready_status() {
  host_status hs;
  hs.comm_settings = 30;
  hs.label_length = 1218;
  hs.function_settings = 1;
  hs.thermal_transfer = true;
  hs.print_mode = 2;
  hs.print_width_mode = 6;
  hs.password = "1234";
  return hs;
}

std::string parse_error(std::string_view reply) {
  const auto result = parse_host_status(reply);
  return result.error.value_or("(parsed)");
}

std::string hqes(std::string_view errors, std::string_view warnings) {
  return stx + crlf + "PRINTER STATUS" + crlf + "   ERRORS:         " + std::string{errors} + crlf +
         "   WARNINGS:       " + std::string{warnings} + crlf + etx;
}

std::string join_tokens(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& t : tokens) out += (out.empty() ? "" : " ") + t;
  return out;
}

} // namespace

TEST_CASE("ZPL ~HS: the reference's real-world sample") {
  const std::string sample = "\x02" "030,1,1,1225,000,0,0,0,000,0,0,0\x03\r\n"
                             "\x02" "001,0,0,1,1,2,6,0,00000100,1,000\x03\r\n"
                             "\x02" "1234,0\x03\r\n";
  const auto result = parse_host_status(sample);
  REQUIRE(result);
  CHECK_FALSE(result.error);
  const host_status& hs = *result.value;
  CHECK(hs.comm_settings == 30); // 000011110: Xon/Xoff, no parity, 1 stop, 8 data, 9600
  CHECK(hs.paper_out);
  CHECK(hs.paused);
  CHECK(hs.label_length == 1225);
  CHECK(hs.formats_in_buffer == 0);
  CHECK_FALSE(hs.buffer_full);
  CHECK_FALSE(hs.partial_format);
  CHECK(hs.function_settings == 1);
  CHECK_FALSE(hs.head_open);
  CHECK(hs.ribbon_out);
  CHECK(hs.thermal_transfer);
  CHECK(hs.print_mode == 2);
  CHECK(hs.print_width_mode == 6);
  CHECK_FALSE(hs.label_waiting);
  CHECK(hs.labels_remaining == 100);
  CHECK(hs.graphics_stored == 0);
  CHECK(hs.password == "1234");
  CHECK_FALSE(hs.static_ram);
  CHECK(status_tokens(hs) == std::vector<std::string>{"MEDIA-OUT", "RIBBON-OUT", "PAUSED", "PRINTING"});
  CHECK_FALSE(can_print(hs));
  CHECK_FALSE(all_printed(hs));
}

TEST_CASE("ZPL ~HS: a ready printer") {
  const auto result = parse_host_status(hs_reply(ready_fields()));
  REQUIRE(result);
  CHECK(*result.value == ready_status());
  CHECK(status_tokens(*result.value) == std::vector<std::string>{"READY"});
  CHECK(can_print(*result.value));
  CHECK(all_printed(*result.value));

  // The collector hands the reply over at the third <ETX>, before its CR LF; and some
  // emulations leave the CR LF out between strings as well.
  auto without_last_crlf = hs_reply(ready_fields());
  without_last_crlf.resize(without_last_crlf.size() - 2);
  CHECK(parse_host_status(without_last_crlf).value == ready_status());
  const auto bare = stx + join(ready_fields()[0]) + etx + stx + join(ready_fields()[1]) + etx + stx +
                    join(ready_fields()[2]) + etx;
  CHECK(parse_host_status(bare).value == ready_status());
}

TEST_CASE("ZPL ~HS: every field on its own") {
  struct row {
    std::size_t string; // 0-based
    std::size_t field;
    std::string text;
    std::function<void(host_status&)> expect;
  };
  const std::vector<row> rows = {
      {0, 0, "511", [](host_status& h) { h.comm_settings = 511; }},
      {0, 1, "1", [](host_status& h) { h.paper_out = true; }},
      {0, 2, "1", [](host_status& h) { h.paused = true; }},
      {0, 3, "0812", [](host_status& h) { h.label_length = 812; }},
      {0, 3, "9999", [](host_status& h) { h.label_length = 9999; }},
      {0, 4, "003", [](host_status& h) { h.formats_in_buffer = 3; }},
      {0, 4, "999", [](host_status& h) { h.formats_in_buffer = 999; }},
      {0, 5, "1", [](host_status& h) { h.buffer_full = true; }},
      {0, 6, "1", [](host_status& h) { h.diagnostic_mode = true; }},
      {0, 7, "1", [](host_status& h) { h.partial_format = true; }},
      {0, 8, "123", [](host_status&) {}}, // unused: read, not kept
      {0, 9, "1", [](host_status& h) { h.corrupt_ram = true; }},
      {0, 10, "1", [](host_status& h) { h.under_temperature = true; }},
      {0, 11, "1", [](host_status& h) { h.over_temperature = true; }},
      {1, 0, "129", [](host_status& h) { h.function_settings = 129; }},
      {1, 1, "7", [](host_status&) {}}, // unused
      {1, 2, "1", [](host_status& h) { h.head_open = true; }},
      {1, 3, "1", [](host_status& h) { h.ribbon_out = true; }},
      {1, 4, "0", [](host_status& h) { h.thermal_transfer = false; }},
      {1, 5, "1", [](host_status& h) { h.print_mode = 1; }},
      {1, 5, "5", [](host_status& h) { h.print_mode = 5; }},
      {1, 6, "3", [](host_status& h) { h.print_width_mode = 3; }},
      {1, 7, "1", [](host_status& h) { h.label_waiting = true; }},
      {1, 8, "00000001", [](host_status& h) { h.labels_remaining = 1; }},
      {1, 8, "99999999", [](host_status& h) { h.labels_remaining = 99'999'999; }},
      {1, 9, "0", [](host_status&) {}}, // "always 1"; not kept
      {1, 10, "012", [](host_status& h) { h.graphics_stored = 12; }},
      {2, 0, "0000", [](host_status& h) { h.password = "0000"; }},
      {2, 1, "1", [](host_status& h) { h.static_ram = true; }},
      // Shorter than the field width: not zero-padded by some emulations; accepted.
      {0, 3, "812", [](host_status& h) { h.label_length = 812; }},
      {0, 4, "2", [](host_status& h) { h.formats_in_buffer = 2; }},
      {1, 8, "100", [](host_status& h) { h.labels_remaining = 100; }},
  };
  for (const auto& r : rows) {
    auto f = ready_fields();
    f[r.string][r.field] = r.text;
    CAPTURE(hs_reply(f));
    auto expected = ready_status();
    r.expect(expected);
    const auto result = parse_host_status(hs_reply(f));
    REQUIRE_MESSAGE(result, result.error.value_or(""));
    CHECK(*result.value == expected);
  }
}

TEST_CASE("ZPL ~HS: malformed replies, each with its exact error") {
  const auto ready = hs_reply(ready_fields());
  const auto s1 = stx + join(ready_fields()[0]) + etx + crlf;
  const auto s2 = stx + join(ready_fields()[1]) + etx + crlf;
  const auto s3 = stx + join(ready_fields()[2]) + etx + crlf;
  const auto with = [](std::size_t string, std::size_t field, std::string text) {
    auto f = ready_fields();
    f[string][field] = std::move(text);
    return hs_reply(f);
  };
  struct row {
    std::string reply;
    std::string error;
  };
  const std::vector<row> rows = {
      // framing
      {"", "~HS reply is empty"},
      {s1, "~HS reply has 1 strings, expected 3"},
      {s1 + s2, "~HS reply has 2 strings, expected 3"},
      {s1 + s2 + s3 + s3, "~HS reply has bytes after string 3: \"\\x021234,0\\x03\\x0D\\x0A\""},
      {s1 + s2 + s3 + "x", "~HS reply has bytes after string 3: \"x\""},
      {join(ready_fields()[0]) + etx + crlf + s2 + s3,
       "~HS string 1 does not start with <STX>: \"030,0,0,1218,000,0,0,0,000,0,0,0\\x03\\x0D\\x0A\\x02001,0,0,0,1,2,6,0,00000000,1... (81 bytes)\""},
      {s1 + "junk" + s2 + s3, "~HS string 2 does not start with <STX>: \"junk\\x02001,0,0,0,1,2,6,0,00000000,1,000\\x03\\x0D\\x0A\\x021234,0\\x03\\x0D\\x0A\""},
      {s1 + s2 + stx + "1234,0", "~HS string 3 has no <ETX>: \"1234,0\""},
      {s1 + s2 + stx + "1234,0" + crlf, "~HS string 3 has no <ETX>: \"1234,0\\x0D\\x0A\""},
      {stx + "030,0,0" + s2 + s3, "~HS string 1 has no <ETX> before the next <STX>: \"030,0,0\""},
      {"\x02\x03\r\n" + s2 + s3, "~HS string 1 has 1 fields, expected 12: \"\""},
      // field counts
      {stx + "030,0,0,1218,000,0,0,0,000,0,0" + etx + crlf + s2 + s3,
       "~HS string 1 has 11 fields, expected 12: \"030,0,0,1218,000,0,0,0,000,0,0\""},
      {stx + "030,0,0,1218,000,0,0,0,000,0,0,0,0" + etx + crlf + s2 + s3,
       "~HS string 1 has 13 fields, expected 12: \"030,0,0,1218,000,0,0,0,000,0,0,0,0\""},
      {s1 + stx + "001,0,0,0,1,2,6,0,00000000,1" + etx + crlf + s3,
       "~HS string 2 has 10 fields, expected 11: \"001,0,0,0,1,2,6,0,00000000,1\""},
      {s1 + s2 + stx + "1234" + etx + crlf, "~HS string 3 has 1 fields, expected 2: \"1234\""},
      {s1 + s2 + stx + "1234,0,0" + etx + crlf, "~HS string 3 has 3 fields, expected 2: \"1234,0,0\""},
      // strings in the wrong order: string 1's fields do not fit string 2
      {s2 + s1 + s3, "~HS string 1 has 11 fields, expected 12: \"001,0,0,0,1,2,6,0,00000000,1,000\""},
      // flags
      {with(0, 1, "2"), "~HS field b (paper out) is \"2\", expected 0 or 1"},
      {with(0, 2, ""), "~HS field c (pause) is \"\", expected 0 or 1"},
      {with(0, 5, "01"), "~HS field f (buffer full) is \"01\", expected 0 or 1"},
      {with(1, 2, "Y"), "~HS field o (head open) is \"Y\", expected 0 or 1"},
      {with(1, 3, " 1"), "~HS field p (ribbon out) is \" 1\", expected 0 or 1"},
      {with(2, 1, "x"), "~HS field y (static RAM) is \"x\", expected 0 or 1"},
      // numbers: non-digits, empty, too long
      {with(0, 0, "03a"), "~HS field aaa (communication settings) \"03a\" is not a number"},
      {with(0, 3, "-100"), "~HS field dddd (label length) \"-100\" is not a number"},
      {with(0, 3, "12 5"), "~HS field dddd (label length) \"12 5\" is not a number"},
      {with(0, 4, ""), "~HS field eee (formats in buffer) is empty"},
      {with(0, 4, "0x1"), "~HS field eee (formats in buffer) \"0x1\" is not a number"},
      {with(0, 3, "12250"), "~HS field dddd (label length) \"12250\" has 5 digits, at most 4"},
      {with(0, 4, "0001"), "~HS field eee (formats in buffer) \"0001\" has 4 digits, at most 3"},
      {with(1, 8, "000000100"), "~HS field uuuuuuuu (labels remaining) \"000000100\" has 9 digits, at most 8"},
      {with(1, 8, "0000010A"), "~HS field uuuuuuuu (labels remaining) \"0000010A\" is not a number"},
      {with(1, 10, "0\x01" "0"), "~HS field www (graphics stored) \"0\\x010\" is not a number"},
      {with(2, 0, "12345"), "~HS field xxxx (password) \"12345\" has 5 digits, at most 4"},
      {with(2, 0, "abcd"), "~HS field xxxx (password) \"abcd\" is not a number"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.reply);
    const auto result = parse_host_status(r.reply);
    CHECK_FALSE(result);
    CHECK_FALSE(result.value);
    CHECK(parse_error(r.reply) == r.error);
  }
  CHECK(parse_host_status(ready)); // the base of the rows is fine
}

TEST_CASE("ZPL ~HQES: error and warning bits are hex") {
  struct row {
    std::string reply;
    error_status expected;
  };
  const std::vector<row> rows = {
      {hqes("0 00000000 00000000", "0 00000000 00000000"), {false, 0, false, 0}},
      {hqes("1 00000000 00010004", "0 00000000 00000000"), {true, 0x00010004, false, 0}}, // paused + head open
      {hqes("1 00000000 00000001", "0 00000000 00000000"), {true, 0x1, false, 0}},        // media out
      {hqes("1 00000000 00000002", "0 00000000 00000000"), {true, 0x2, false, 0}},        // ribbon out
      {hqes("1 00000000 0000000A", "0 00000000 00000000"), {true, 0xA, false, 0}},        // ribbon out + cutter
      {hqes("1 00000000 0000000a", "0 00000000 00000000"), {true, 0xA, false, 0}},        // lower case
      {hqes("1 00000000 000F00FF", "1 00000000 00000FFF"), {true, 0x000F00FF, true, 0xFFF}},
      {hqes("1 00000000 FFFFFFFF", "0 00000000 00000000"), {true, 0xFFFFFFFF, false, 0}},
      {hqes("0 00000000 00000000", "1 00000000 00000008"), {false, 0, true, 0x8}}, // paper near end
      // the first group is checked, not used
      {hqes("1 ABCDEF01 00000004", "0 00000000 00000000"), {true, 0x4, false, 0}},
      // OKI's unpadded lines, LF only, and a CR LF after the <ETX>
      {stx + "\r\nPRINTER STATUS\r\nERRORS: 1 00000000 00000001\r\nWARNINGS: 0 00000000 00000000\r\n" + etx + crlf,
       {true, 0x1, false, 0}},
      {stx + "\nPRINTER STATUS\nERRORS: 0 00000000 00000000\nWARNINGS: 0 00000000 00000000\n" + etx,
       {false, 0, false, 0}},
      // WARNINGS first
      {stx + "\r\nWARNINGS: 0 00000000 00000000\r\nERRORS: 1 00000000 00000004\r\n" + etx, {true, 0x4, false, 0}},
  };
  for (const auto& r : rows) {
    CAPTURE(r.reply);
    const auto result = parse_error_status(r.reply);
    REQUIRE_MESSAGE(result, result.error.value_or(""));
    CHECK(*result.value == r.expected);
  }
}

TEST_CASE("ZPL ~HQES: malformed replies") {
  struct row {
    std::string reply;
    std::string error;
  };
  const auto good = hqes("1 00000000 00010004", "0 00000000 00000000");
  const std::vector<row> rows = {
      {"", "~HQES reply is empty"},
      {good.substr(1), "~HQES reply does not start with <STX>: \"\\x0D\\x0APRINTER STATUS\\x0D\\x0A   ERRORS:         1 00000000 00010004\\x0D\\x0A   WAR... (99 bytes)\""},
      {good.substr(0, 20), "~HQES reply has no <ETX>: \"\\x02\\x0D\\x0APRINTER STATUS\\x0D\\x0A \""},
      {good + "x", "~HQES reply has bytes after <ETX>: \"x\""},
      {stx + "\r\nPRINTER STATUS\r\nWARNINGS: 0 00000000 00000000\r\n" + etx, "~HQES reply has no ERRORS line"},
      {stx + "\r\nPRINTER STATUS\r\nERRORS: 0 00000000 00000000\r\n" + etx, "~HQES reply has no WARNINGS line"},
      {stx + "ERRORS: 0 00000000 00000000\r\nERRORS: 1 00000000 00000001\r\nWARNINGS: 0 00000000 00000000" + etx,
       "~HQES reply has two ERRORS lines"},
      {hqes("1 00010004", "0 00000000 00000000"),
       "~HQES ERRORS line has 2 values, expected 3 (flag and two 8-digit hex groups): \"         1 00010004\""},
      {hqes("1 00000000 00010004 0", "0 00000000 00000000"),
       "~HQES ERRORS line has 4 values, expected 3 (flag and two 8-digit hex groups): \"         1 00000000 00010004 0\""},
      {hqes("2 00000000 00010004", "0 00000000 00000000"), "~HQES ERRORS flag is \"2\", expected 0 or 1"},
      {hqes("1 00000000 0001000G", "0 00000000 00000000"), "~HQES ERRORS group 2 \"0001000G\" is not 8 hex digits"},
      {hqes("1 00000000 0001004", "0 00000000 00000000"), "~HQES ERRORS group 2 \"0001004\" is not 8 hex digits"},
      {hqes("1 00000000 000100040", "0 00000000 00000000"), "~HQES ERRORS group 2 \"000100040\" is not 8 hex digits"},
      {hqes("1 0000000Z 00010004", "0 00000000 00000000"), "~HQES ERRORS group 1 \"0000000Z\" is not 8 hex digits"},
      {hqes("0 00000000 00000000", "0 00000000 -0000001"), "~HQES WARNINGS group 2 \"-0000001\" is not 8 hex digits"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.reply);
    const auto result = parse_error_status(r.reply);
    CHECK_FALSE(result);
    CHECK(result.error.value_or("(parsed)") == r.error);
  }
}

TEST_CASE("ZPL ~HI: identity") {
  SUBCASE("the reference's example") {
    const auto result = parse_identity(stx + "ZT410-203dpi,V75.20.01Z,8,8192KB,X" + etx + crlf);
    REQUIRE(result);
    CHECK(result.value->model == "ZT410-203dpi");
    CHECK(result.value->firmware == "V75.20.01Z");
    CHECK(result.value->dots_per_mm == 8);
    CHECK(result.value->memory == "8192KB");
    CHECK(result.value->options == "X");
  }
  SUBCASE("no options, or options with commas") {
    const auto bare = parse_identity(stx + "ZD420-300dpi,V84.20.18Z,12,8176KB" + etx);
    REQUIRE(bare);
    CHECK(bare.value->dots_per_mm == 12);
    CHECK(bare.value->options.empty());
    const auto more = parse_identity(stx + "XXXXXX,V1.0.0,24,512KB,C,P" + etx);
    REQUIRE(more);
    CHECK(more.value->dots_per_mm == 24);
    CHECK(more.value->options == "C,P");
    CHECK(parse_identity(stx + "XXXXXX,V1.0.0,6,000KB,X" + etx).value->dots_per_mm == 6);
  }
  SUBCASE("malformed") {
    struct row {
      std::string reply;
      std::string error;
    };
    const std::vector<row> rows = {
        {"", "~HI reply is empty"},
        {"ZT410,V75,8,8192KB,X" + etx, "~HI reply does not start with <STX>: \"ZT410,V75,8,8192KB,X\\x03\""},
        {stx + "ZT410,V75,8,8192KB,X", "~HI reply has no <ETX>: \"\\x02ZT410,V75,8,8192KB,X\""},
        {stx + "ZT410,V75,8,8192KB,X" + etx + "?", "~HI reply has bytes after <ETX>: \"?\""},
        {stx + "ZT410,V75,8" + etx, "~HI reply has 3 fields, expected 4 or 5: \"ZT410,V75,8\""},
        {stx + etx, "~HI reply has 1 fields, expected 4 or 5: \"\""},
        {stx + ",V75,8,8192KB,X" + etx, "~HI model is empty"},
        {stx + "ZT410,,8,8192KB,X" + etx, "~HI firmware is empty"},
        {stx + "ZT410,V75,9,8192KB,X" + etx, "~HI dots per mm \"9\" is not 6, 8, 12 or 24"},
        {stx + "ZT410,V75,08,8192KB,X" + etx, "~HI dots per mm \"08\" is not 6, 8, 12 or 24"},
        {stx + "ZT410,V75,,8192KB,X" + etx, "~HI dots per mm \"\" is not 6, 8, 12 or 24"},
        {stx + "ZT410,V75,8,,X" + etx, "~HI memory is empty"},
    };
    for (const auto& r : rows) {
      CAPTURE(r.reply);
      const auto result = parse_identity(r.reply);
      CHECK_FALSE(result);
      CHECK(result.error.value_or("(parsed)") == r.error);
    }
  }
}

TEST_CASE("ZPL reply_collector: every split of a reply gives the same reply") {
  const std::string sample = "\x02" "030,1,1,1225,000,0,0,0,000,0,0,0\x03\r\n"
                             "\x02" "001,0,0,1,1,2,6,0,00000100,1,000\x03\r\n"
                             "\x02" "1234,0\x03\r\n";
  const std::string sample_reply = sample.substr(0, sample.size() - 2); // ends at the third <ETX>
  const auto status = hqes("1 00000000 00010004", "0 00000000 00000000");
  const auto id = stx + "ZT410-203dpi,V75.20.01Z,8,8192KB,X" + etx + crlf;
  struct row {
    reply_collector::kind kind;
    std::string stream;
    std::string expected;
    std::size_t dropped;
  };
  const std::vector<row> rows = {
      {reply_collector::kind::host_status, sample, sample_reply, 0},
      {reply_collector::kind::host_status, "garbage\r\n" + sample, sample_reply, 7},
      {reply_collector::kind::host_status, "\x03\x03\x03" + sample, sample_reply, 3}, // stray ETX before any STX
      {reply_collector::kind::error_status, status, status, 0},
      {reply_collector::kind::error_status, "\xff\xfe" + status + crlf, status, 2},
      {reply_collector::kind::identity, id, id.substr(0, id.size() - 2), 0},
      {reply_collector::kind::identity, "\r\n\r\n" + id, id.substr(0, id.size() - 2), 0}, // line ends: not garbage
  };
  for (const auto& r : rows) {
    CAPTURE(r.stream);
    // Two reads split at every position, and one byte at a time.
    for (std::size_t cut = 0; cut <= r.stream.size(); ++cut) {
      CAPTURE(cut);
      reply_collector collector{r.kind};
      auto first = collector.feed(r.stream.substr(0, cut));
      std::optional<std::string> got = first;
      auto second = collector.feed(r.stream.substr(cut));
      if (!got) got = second;
      else CHECK_FALSE(second); // the rest (CR LF) is no reply
      REQUIRE(got);
      CHECK(*got == r.expected);
      CHECK(collector.dropped() == r.dropped);
      CHECK_FALSE(collector.overflowed());
    }
    reply_collector collector{r.kind};
    std::vector<std::string> replies;
    for (const char ch : r.stream) {
      if (auto reply = collector.feed(std::string_view{&ch, 1})) replies.push_back(*reply);
    }
    CHECK(replies == std::vector<std::string>{r.expected});
    CHECK(collector.dropped() == r.dropped);
  }
}

TEST_CASE("ZPL reply_collector: incomplete, overflow, reset, back-to-back replies") {
  SUBCASE("two ETX are not a ~HS reply yet") {
    reply_collector collector{reply_collector::kind::host_status};
    CHECK_FALSE(collector.feed(stx + "a" + etx + crlf + stx + "b" + etx + crlf + stx + "c"));
    const auto reply = collector.feed(etx);
    REQUIRE(reply);
    CHECK(*reply == stx + "a" + etx + crlf + stx + "b" + etx + crlf + stx + "c" + etx);
  }
  SUBCASE("only garbage") {
    reply_collector collector{reply_collector::kind::identity};
    CHECK_FALSE(collector.feed("abc"));
    CHECK_FALSE(collector.feed("de\r\n"));
    CHECK(collector.dropped() == 5);
  }
  SUBCASE("a reply over 1 KiB is refused until reset") {
    reply_collector collector{reply_collector::kind::error_status};
    CHECK_FALSE(collector.feed(stx + std::string(1023, 'x')));
    CHECK_FALSE(collector.overflowed()); // 1024 bytes: still allowed
    CHECK_FALSE(collector.feed("y"));
    CHECK(collector.overflowed());
    CHECK_FALSE(collector.feed(stx + "ok" + etx)); // refused: out of step
    collector.reset();
    CHECK_FALSE(collector.overflowed());
    CHECK(collector.dropped() == 0);
    CHECK(collector.feed(stx + "ok" + etx) == stx + "ok" + etx);
  }
  SUBCASE("exactly 1 KiB with its ETX is accepted, one more byte is not") {
    reply_collector fits{reply_collector::kind::identity};
    const auto at_limit = stx + std::string(1022, 'x') + etx;
    CHECK(fits.feed(at_limit) == at_limit);
    reply_collector over{reply_collector::kind::identity};
    CHECK_FALSE(over.feed(stx + std::string(1023, 'x') + etx));
    CHECK(over.overflowed());
  }
  SUBCASE("a second reply in the same read comes with the next feed") {
    reply_collector collector{reply_collector::kind::identity};
    const auto one = stx + "A,V1,8,1KB" + etx;
    const auto two = stx + "B,V2,8,1KB" + etx;
    CHECK(collector.feed(one + crlf + two + crlf) == one);
    CHECK(collector.feed("") == two);
    CHECK_FALSE(collector.feed(""));
    CHECK(collector.dropped() == 0);
  }
  SUBCASE("reset forgets a half reply") {
    reply_collector collector{reply_collector::kind::identity};
    CHECK_FALSE(collector.feed(stx + "half"));
    collector.reset();
    CHECK_FALSE(collector.feed("rest" + etx)); // no STX any more: all garbage
    CHECK(collector.dropped() == 5);
  }
}

TEST_CASE("ZPL status tokens, can_print and all_printed") {
  struct row {
    const char* what;
    std::function<void(host_status&)> change;
    std::optional<error_status> es;
    std::string tokens;
    bool can_print;
    bool all_printed;
  };
  const std::vector<row> rows = {
      {"ready", [](host_status&) {}, std::nullopt, "READY", true, true},
      {"ready with a clean ~HQES", [](host_status&) {}, error_status{}, "READY", true, true},
      {"paper out", [](host_status& h) { h.paper_out = true; }, std::nullopt, "MEDIA-OUT", false, false},
      {"ribbon out", [](host_status& h) { h.ribbon_out = true; }, std::nullopt, "RIBBON-OUT", false, false},
      {"head open", [](host_status& h) { h.head_open = true; }, std::nullopt, "HEAD-OPEN", false, false},
      {"paused", [](host_status& h) { h.paused = true; }, std::nullopt, "PAUSED", false, false},
      {"buffer full", [](host_status& h) { h.buffer_full = true; }, std::nullopt, "BUFFER-FULL", false, false},
      {"over temperature", [](host_status& h) { h.over_temperature = true; }, std::nullopt, "OVER-TEMPERATURE", false, false},
      {"under temperature", [](host_status& h) { h.under_temperature = true; }, std::nullopt, "UNDER-TEMPERATURE", false, false},
      {"corrupt RAM", [](host_status& h) { h.corrupt_ram = true; }, std::nullopt, "CORRUPT-RAM", false, false},
      {"label waiting (peel-off)", [](host_status& h) { h.label_waiting = true; }, std::nullopt, "LABEL-WAITING", true, true},
      {"formats in buffer", [](host_status& h) { h.formats_in_buffer = 2; }, std::nullopt, "PRINTING", true, false},
      {"labels remaining", [](host_status& h) { h.labels_remaining = 5; }, std::nullopt, "PRINTING", true, false},
      {"partial format", [](host_status& h) { h.partial_format = true; }, std::nullopt, "PRINTING", true, false},
      {"diagnostic mode is no error", [](host_status& h) { h.diagnostic_mode = true; }, std::nullopt, "READY", true, true},
      {"everything, in the fixed order",
       [](host_status& h) {
         h.paper_out = h.ribbon_out = h.head_open = h.paused = h.buffer_full = true;
         h.over_temperature = h.under_temperature = h.corrupt_ram = h.label_waiting = true;
         h.labels_remaining = 1;
       },
       error_status{true, 0x8, false, 0},
       "MEDIA-OUT RIBBON-OUT HEAD-OPEN PAUSED BUFFER-FULL OVER-TEMPERATURE UNDER-TEMPERATURE CORRUPT-RAM "
       "CUTTER-FAULT LABEL-WAITING PRINTING",
       false, false},
      // ~HQES bits add to the ~HS flags
      {"~HQES media out", [](host_status&) {}, error_status{true, 0x1, false, 0}, "MEDIA-OUT", false, false},
      {"~HQES ribbon out", [](host_status&) {}, error_status{true, 0x2, false, 0}, "RIBBON-OUT", false, false},
      {"~HQES paused + head open", [](host_status&) {}, error_status{true, 0x00010004, false, 0}, "HEAD-OPEN PAUSED", false, false},
      {"~HQES cutter fault", [](host_status&) {}, error_status{true, 0x8, false, 0}, "CUTTER-FAULT", false, false},
      {"~HQES printhead over temperature", [](host_status&) {}, error_status{true, 0x10, false, 0}, "OVER-TEMPERATURE", false, false},
      {"~HQES motor over temperature", [](host_status&) {}, error_status{true, 0x20, false, 0}, "OVER-TEMPERATURE", false, false},
      {"the same condition twice is one token",
       [](host_status& h) { h.head_open = true; }, error_status{true, 0x4, false, 0}, "HEAD-OPEN", false, false},
      {"~HQES paper feed error has no name of its own",
       [](host_status&) {}, error_status{true, 0x400, false, 0}, "PRINTER-ERROR", false, false},
      {"~HQES error flag without bits", [](host_status&) {}, error_status{true, 0, false, 0}, "PRINTER-ERROR", false, false},
      {"~HQES warnings do not stop printing",
       [](host_status&) {}, error_status{false, 0, true, 0x8}, "READY", true, true},
      {"printing while paused", [](host_status& h) { h.paused = true; h.formats_in_buffer = 1; }, std::nullopt,
       "PAUSED PRINTING", false, false},
      {"label waiting after the last label", [](host_status& h) { h.label_waiting = true; h.labels_remaining = 0; },
       std::nullopt, "LABEL-WAITING", true, true},
  };
  for (const auto& r : rows) {
    CAPTURE(std::string{r.what});
    auto hs = ready_status();
    r.change(hs);
    CHECK(join_tokens(status_tokens(hs, r.es)) == r.tokens);
    CHECK(can_print(hs, r.es) == r.can_print);
    CHECK(all_printed(hs, r.es) == r.all_printed);
  }
}

TEST_CASE("ZPL random replies: a value or an error, never both; the collector frames") {
  std::mt19937 rng{7};
  const std::string alphabet = "\x02\x03\r\n,0123456789ABCDEFabcdef ERRORSWARNINGS:";
  std::uniform_int_distribution<std::size_t> length(0, 120);
  std::uniform_int_distribution<std::size_t> from_alphabet(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> any_byte(0, 255);
  std::uniform_int_distribution<int> pick(0, 19);
  // Mutations of real replies get further than plain noise.
  const std::vector<std::string> seeds = {hs_reply(ready_fields()), hqes("1 00000000 00010004", "0 00000000 00000000"),
                                          stx + "ZT410-203dpi,V75.20.01Z,8,8192KB,X" + etx + crlf};
  for (int i = 0; i < 5000; ++i) {
    std::string bytes = seeds[static_cast<std::size_t>(i) % seeds.size()];
    for (std::size_t n = length(rng) / 10; n > 0 && !bytes.empty(); --n) {
      const auto at = std::uniform_int_distribution<std::size_t>(0, bytes.size() - 1)(rng);
      bytes[at] = pick(rng) == 0 ? static_cast<char>(any_byte(rng)) : alphabet[from_alphabet(rng)];
    }
    if (i % 3 == 0) {
      bytes.clear();
      for (std::size_t n = length(rng); n > 0; --n) bytes += alphabet[from_alphabet(rng)];
    }
    CAPTURE(bytes);
    const auto hs = parse_host_status(bytes);
    CHECK(hs.value.has_value() != hs.error.has_value());
    const auto es = parse_error_status(bytes);
    CHECK(es.value.has_value() != es.error.has_value());
    const auto id = parse_identity(bytes);
    CHECK(id.value.has_value() != id.error.has_value());
    for (const auto kind : {reply_collector::kind::host_status, reply_collector::kind::identity}) {
      reply_collector collector{kind};
      std::size_t at = 0;
      while (at < bytes.size()) {
        const auto size = std::uniform_int_distribution<std::size_t>(1, 8)(rng);
        if (const auto reply = collector.feed(std::string_view{bytes}.substr(at, size))) {
          CHECK(reply->front() == '\x02');
          CHECK(reply->back() == '\x03');
          CHECK(reply->size() <= 1024);
        }
        at += size;
      }
    }
  }
}
