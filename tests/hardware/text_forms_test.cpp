// The text forms the simulators share: byte escapes, script markup, decimals, framing,
// the command grammar and the Modbus CRC.

#include "sim/bytes.hpp"
#include "sim/command_line.hpp"
#include "sim/decimal.hpp"
#include "sim/modbus_request.hpp"
#include "sim/scan_format.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

using namespace stationd::sim;

TEST_CASE("escape_bytes and unescape_bytes round-trip every byte") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  const auto text = escape_bytes(all);
  CHECK(text.find('\n') == std::string::npos);
  CHECK(unescape_bytes(text) == all);
  CHECK(escape_bytes("S S      0.256 kg\r\n") == "S S      0.256 kg\\r\\n");
  CHECK(escape_bytes(std::string{"\x02?a\r"}) == "\\x02?a\\r");
  CHECK(unescape_bytes("\\x8200") == std::string{"\x82"} + "00");
  CHECK_THROWS_AS(unescape_bytes("\\q"), std::invalid_argument);
  CHECK_THROWS_AS(unescape_bytes("abc\\"), std::invalid_argument);
}

TEST_CASE("decode_markup names control characters") {
  CHECK(decode_markup("]C1123<GS>21X") == "]C1123\x1d" "21X");
  CHECK(decode_markup("<stx>W<CR><LF>") == "\x02W\r\n");
  CHECK(decode_markup("a\\x1db") == "a\x1d" "b");
  CHECK(decode_markup("<notacontrol>") == "<notacontrol>");
  CHECK(decode_markup("x < y > z") == "x < y > z");
}

TEST_CASE("parse_hex reads spaced, comma and 0x forms") {
  CHECK(parse_hex("53 20 58 0d") == "S X\r");
  CHECK(parse_hex("0x01,0x03") == "\x01\x03");
  CHECK(to_hex("S X\r") == "53 20 58 0d");
  CHECK_THROWS_AS(parse_hex("123"), std::invalid_argument);
  CHECK_THROWS_AS(parse_hex("zz"), std::invalid_argument);
}

TEST_CASE("decimal keeps weights exact") {
  CHECK(decimal::parse("1.250").to_string(3) == "1.250");
  CHECK(decimal::parse("1.25").to_string(3) == "1.250");
  CHECK(decimal::parse("-0.5").to_string(2) == "-0.50");
  CHECK(decimal::parse("5.042").counts(3) == 5042);
  CHECK(decimal::parse("0.0005").counts(3) == 1);  // half away from zero
  CHECK(decimal::parse("-0.0005").counts(3) == -1);
  CHECK(decimal::from_counts(1000, 3).to_string(3) == "1.000");
  CHECK(decimal::parse("3").to_string(0) == "3");
  CHECK((decimal::parse("1.2") - decimal::parse("0.2")).to_string(1) == "1.0");
  CHECK_THROWS_AS(decimal::parse("1.2.3"), std::invalid_argument);
  CHECK_THROWS_AS(decimal::parse("kg"), std::invalid_argument);
  CHECK_THROWS_AS(decimal::parse("0.1234567"), std::invalid_argument);
}

TEST_CASE("frame_scan applies AIM ids and suffix") {
  const std::string scan = "]C1011950110153000031030123451726123110LOT-A1\x1d" "21SN0001";
  CHECK(frame_scan(scan, {.aim_ids = true, .suffix = terminator::cr}) == scan + "\r");
  CHECK(frame_scan(scan, {.aim_ids = false, .suffix = terminator::crlf}) == scan.substr(3) + "\r\n");
  CHECK(frame_scan(scan, {.aim_ids = true, .suffix = terminator::none}) == scan);
  CHECK(frame_scan("12345", {.aim_ids = false, .suffix = terminator::lf}) == "12345\n");
  CHECK(parse_terminator("crlf") == terminator::crlf);
  CHECK_FALSE(parse_terminator("tab"));
}

TEST_CASE("command lines and scripts share one grammar") {
  const auto cmd = parse_command("  weight 1.250 kg motion   # put a parcel down");
  REQUIRE(cmd);
  CHECK(cmd->name == "weight");
  CHECK(cmd->args == std::vector<std::string>{"1.250", "kg", "motion"});
  CHECK(cmd->rest == "1.250 kg motion");
  CHECK_FALSE(parse_command("   # only a comment"));
  CHECK_FALSE(parse_command(""));
  CHECK(parse_command("send ]C1abc#def")->rest == "]C1abc#def");

  const auto steps = parse_script("# demo\n0 weight 0.000 kg stable\n\n500 weight 1.250 kg motion\n2000 unplug\n"
                                  "3500 garbage 53 20 58 0d\n5000 send ]C1...<GS>21X\n6000 exception 3 2\n");
  REQUIRE(steps.size() == 6);
  CHECK(steps[0].at == std::chrono::milliseconds{0});
  CHECK(steps[1].what.args[1] == "kg");
  CHECK(steps[2].what.name == "unplug");
  CHECK(steps[2].line == 5);
  CHECK(steps[4].what.rest == "]C1...<GS>21X");
  CHECK(steps[5].what.args == std::vector<std::string>{"3", "2"});

  CHECK_THROWS_AS(parse_script("100 unplug\n50 replug\n"), script_error);
  CHECK_THROWS_AS(parse_script("soon unplug\n"), script_error);
  CHECK_THROWS_AS(parse_script("100\n"), script_error);
  try {
    parse_script("0 unplug\nx replug\n");
  } catch (const script_error& error) {
    CHECK(error.line() == 2);
  }
}

TEST_CASE("Modbus CRC matches the reference frames") {
  // 01 03 00 07 00 02 75 CA (device-protocols.md §4.4) and 01 05 00 00 FF 00 8C 3A (§5.2).
  const std::vector<std::uint8_t> read{0x01, 0x03, 0x00, 0x07, 0x00, 0x02};
  CHECK(modbus_crc(read) == 0xca75);
  const std::vector<std::uint8_t> relay_on{0x01, 0x05, 0x00, 0x00, 0xff, 0x00};
  CHECK(modbus_crc(relay_on) == 0x3a8c);
  const std::vector<std::uint8_t> toggle{0x01, 0x05, 0x00, 0x00, 0x55, 0x00};
  CHECK(modbus_crc(toggle) == 0x9af2);
}

TEST_CASE("decode_request reads the standard functions") {
  const std::vector<std::uint8_t> write_multiple{0x10, 0x00, 0x01, 0x00, 0x02, 0x04, 0x01, 0x01, 0x01, 0x02};
  const auto request = decode_request(1, write_multiple);
  CHECK(request.standard);
  CHECK_FALSE(request.malformed);
  CHECK(request.write);
  CHECK(request.address == 1);
  CHECK(request.values == std::vector<std::uint16_t>{0x0101, 0x0102});
  const std::vector<std::uint8_t> short_count{0x10, 0x00, 0x01, 0x00, 0x02, 0x03, 0x01, 0x01, 0x01};
  CHECK(decode_request(1, short_count).malformed);
  const std::vector<std::uint8_t> coils{0x0f, 0x00, 0x00, 0x00, 0x0a, 0x02, 0x05, 0x02};
  CHECK(decode_request(1, coils).values ==
        std::vector<std::uint16_t>{1, 0, 1, 0, 0, 0, 0, 0, 0, 1});
}
