#include "protocol/modbus_values.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

using namespace stationd::drivers;
using namespace stationd::drivers::modbus;

namespace {

const char* order_name(word_order order) {
  switch (order) {
  case word_order::abcd: return "abcd";
  case word_order::badc: return "badc";
  case word_order::cdab: return "cdab";
  case word_order::dcba: return "dcba";
  }
  return "?";
}

bit_ref bit(int offset, int number, bool active_low = false) { return bit_ref{offset, number, active_low}; }

// The shipped register maps (config/scales/*.toml), as the config loader builds them.
scale_profile dini_dgt4x() {
  scale_profile p;
  p.name = "dini-argeo-dgt4x";
  p.input_registers = true;
  p.block_address = 0;
  p.block_length = 5;
  p.weight_offset = 2;
  p.weight_type = value_type::int32;
  p.decimals = 3;
  p.weight_is_absolute = true;
  p.stable = bit(4, 2);
  p.underload = bit(4, 3);
  p.overload = bit(4, 4);
  p.negative = bit(4, 0);
  return p;
}

scale_profile laumas_tlu() {
  scale_profile p;
  p.name = "laumas-tlu";
  p.block_address = 6;
  p.block_length = 5;
  p.weight_offset = 3;
  p.decimals = 1;
  p.weight_is_absolute = true;
  p.stable = bit(0, 11);
  p.overload = bit(0, 3);
  p.negative = bit(0, 8);
  return p;
}

scale_profile pavone_dat700() {
  scale_profile p;
  p.name = "pavone-dat700";
  p.block_length = 5;
  p.weight_offset = 3;
  p.decimals = 2;
  p.stable = bit(0, 1);
  p.underload = bit(0, 4);
  p.overload = bit(0, 5);
  return p;
}

// Flintec DAD 141.1 at 0x3500: gross float, net float, qualifier (reference map C).
scale_profile flintec_float(word_order order = word_order::abcd) {
  scale_profile p;
  p.name = "flintec-dad141-float";
  p.block_address = 0x3500;
  p.block_length = 5;
  p.weight_offset = 2;
  p.weight_type = value_type::float32;
  p.order = order;
  p.decimals = 3;
  p.stable = bit(4, 4);    // 0x0010 no motion
  p.underload = bit(4, 0); // 0x0001 under range
  p.overload = bit(4, 1);  // 0x0002 over range
  return p;
}

scale_profile int16_motion() {
  scale_profile p;
  p.name = "int16-motion";
  p.block_length = 2;
  p.weight_type = value_type::int16;
  p.decimals = 1;
  p.motion = bit(1, 0);
  return p;
}

scale_profile uint16_plain() {
  scale_profile p;
  p.name = "uint16-plain";
  p.block_length = 1;
  p.weight_type = value_type::uint16;
  p.unit = std::string{"g"}; // move-assigned: GCC 12 -O3 warns wrongly (-Wrestrict) on assigning a literal
  return p;
}

scale_profile active_low_bits() {
  scale_profile p;
  p.name = "active-low";
  p.block_length = 3;
  p.weight_type = value_type::uint32;
  p.order = word_order::cdab;
  p.decimals = 2;
  p.stable = bit(2, 3, true);   // bit 3 set = in motion
  p.overload = bit(2, 15, true); // bit 15 clear = overloaded
  return p;
}

std::string render(const decode_result& result) {
  if (result.error) {
    std::string out = "error: ";
    out += *result.error;
    return out;
  }
  if (!result.reading) {
    return "neither reading nor error";
  }
  const reading& r = *result.reading;
  std::string out = r.weight ? r.weight->to_string() : "no weight";
  out += r.stable ? " stable" : "";
  out += r.overload ? " overload" : "";
  out += r.underload ? " underload" : "";
  return out;
}

struct decode_row {
  const char* what;
  scale_profile profile;
  std::vector<std::uint16_t> block;
  std::string expected;
};

} // namespace

TEST_CASE("joining two registers in each word order (libmodbus naming)") {
  struct row {
    std::uint16_t first;
    std::uint16_t second;
    word_order order;
    std::uint32_t joined;
  };
  const std::vector<row> rows = {
      // 123456.0f = 0x47F12000, as libmodbus's modbus_get_float_<order> reads it
      {0x47F1, 0x2000, word_order::abcd, 0x47F12000},
      {0xF147, 0x0020, word_order::badc, 0x47F12000},
      {0x2000, 0x47F1, word_order::cdab, 0x47F12000},
      {0x0020, 0xF147, word_order::dcba, 0x47F12000},
      // 100000 = 0x000186A0
      {0x0001, 0x86A0, word_order::abcd, 100000},
      {0x0100, 0xA086, word_order::badc, 100000},
      {0x86A0, 0x0001, word_order::cdab, 100000},
      {0xA086, 0x0100, word_order::dcba, 100000},
      {0x1234, 0x5678, word_order::abcd, 0x12345678},
      {0x1234, 0x5678, word_order::badc, 0x34127856},
      {0x1234, 0x5678, word_order::cdab, 0x56781234},
      {0x1234, 0x5678, word_order::dcba, 0x78563412},
  };
  for (const auto& r : rows) {
    CAPTURE(std::string{order_name(r.order)});
    CAPTURE(r.first);
    CAPTURE(r.second);
    CHECK(join(r.first, r.second, r.order) == r.joined);
  }
}

TEST_CASE("int32 and float values") {
  CHECK(to_int32(0xFFFF, 0xFFFF, word_order::abcd) == -1);
  CHECK(to_int32(0xFFFF, 0xEC4E, word_order::abcd) == -5042);
  CHECK(to_int32(0xEC4E, 0xFFFF, word_order::cdab) == -5042);
  CHECK(to_int32(0x8000, 0x0000, word_order::abcd) == INT32_MIN);
  CHECK(to_int32(0x0000, 0x13B2, word_order::abcd) == 5042);

  for (const auto order : {word_order::abcd, word_order::badc, word_order::cdab, word_order::dcba}) {
    CAPTURE(std::string{order_name(order)});
    const std::uint32_t bits = 0x47F12000;
    // Lay the value out in `order` and read it back.
    const auto hi = static_cast<std::uint16_t>(bits >> 16);
    const auto lo = static_cast<std::uint16_t>(bits & 0xFFFF);
    const auto swap = [](std::uint16_t v) { return static_cast<std::uint16_t>((v << 8) | (v >> 8)); };
    std::uint16_t first = hi;
    std::uint16_t second = lo;
    if (order == word_order::badc) { first = swap(hi); second = swap(lo); }
    if (order == word_order::cdab) { first = lo; second = hi; }
    if (order == word_order::dcba) { first = swap(lo); second = swap(hi); }
    CHECK(to_float(first, second, order) == 123456.0f);
  }
  // The reference's "0x2000 0x47F1 in BADC" is libmodbus's CDAB: as BADC it is a tiny number.
  CHECK(to_float(0x2000, 0x47F1, word_order::cdab) == 123456.0f);
  CHECK(to_float(0x2000, 0x47F1, word_order::badc) != 123456.0f);
  CHECK(to_float(0xC2F6, 0xE979, word_order::abcd) == -123.456f);
  CHECK(std::isnan(to_float(0x7FC0, 0x0000, word_order::abcd)));
}

TEST_CASE("decoding a weight block per profile") {
  // status words used below
  const std::uint16_t dini_stable = 1U << 2;
  const std::uint16_t dini_negative = 1U << 0;
  const std::uint16_t laumas_stable = 1U << 11;
  const std::uint16_t laumas_negative = 1U << 8;
  const std::vector<decode_row> rows = {
      // Dini Argeo DGT4X: absolute net weight at 2-3, status at 4
      {"dini stable", dini_dgt4x(), {0, 5042, 0, 5042, dini_stable}, "5.042 stable"},
      {"dini moving", dini_dgt4x(), {0, 5042, 0, 5042, 0}, "5.042"},
      {"dini negative", dini_dgt4x(), {0, 0, 0, 5042, dini_stable | dini_negative}, "-5.042 stable"},
      {"dini gross sign does not matter", dini_dgt4x(), {0, 0, 0, 5042, dini_stable | 2U}, "5.042 stable"},
      {"dini above 65535", dini_dgt4x(), {0, 0, 0x0001, 0x86A0, dini_stable}, "100.000 stable"},
      {"dini zero", dini_dgt4x(), {0, 0, 0, 0, dini_stable | 0x80}, "0.000 stable"},
      {"dini overload", dini_dgt4x(), {0, 0, 0x7FFF, 0xFFFF, 1U << 4}, "no weight overload"},
      {"dini underload", dini_dgt4x(), {0, 0, 0, 0, (1U << 3) | dini_stable}, "no weight stable underload"},
      {"dini longer block", dini_dgt4x(), {0, 0, 0, 7, dini_stable, 0xFFFF}, "0.007 stable"},
      // Laumas TLU: status at 0, net at 3-4
      {"laumas stable", laumas_tlu(), {laumas_stable, 0, 0, 0, 1234}, "123.4 stable"},
      {"laumas negative", laumas_tlu(), {laumas_stable | laumas_negative, 0, 0, 0, 1234}, "-123.4 stable"},
      {"laumas gross negative only", laumas_tlu(), {laumas_stable | (1U << 7), 0, 0, 0, 1234}, "123.4 stable"},
      {"laumas overload", laumas_tlu(), {1U << 3, 0, 0, 0, 0}, "no weight overload"},
      {"laumas has no underload bit", laumas_tlu(), {1U << 4, 0, 0, 0, 5}, "0.5"},
      // Pavone DAT700: signed net weight
      {"pavone stable", pavone_dat700(), {1U << 1, 0, 0, 0, 12345}, "123.45 stable"},
      {"pavone signed", pavone_dat700(), {1U << 1, 0, 0, 0xFFFF, 0xFFFF}, "-0.01 stable"},
      {"pavone underload", pavone_dat700(), {1U << 4, 0, 0, 0, 0}, "no weight underload"},
      {"pavone over and underload", pavone_dat700(), {(1U << 4) | (1U << 5), 0, 0, 0, 0}, "no weight overload underload"},
      // floats
      {"flintec float", flintec_float(), {0, 0, 0x47F1, 0x2000, 0x0010}, "123456.000 stable"},
      {"flintec float cdab", flintec_float(word_order::cdab), {0, 0, 0x2000, 0x47F1, 0x0010}, "123456.000 stable"},
      {"flintec float negative", flintec_float(), {0, 0, 0xC2F6, 0xE979, 0x0010}, "-123.456 stable"},
      {"flintec float rounds to the shown resolution", flintec_float(), {0, 0, 0x3F9E, 0x0419, 0}, "1.235"},
      {"flintec float zero", flintec_float(), {0, 0, 0, 0, 0x0010}, "0.000 stable"},
      {"flintec float negative zero", flintec_float(), {0, 0, 0x8000, 0, 0x0010}, "0.000 stable"},
      {"flintec NaN", flintec_float(), {0, 0, 0x7FC0, 0x0000, 0x0010},
       "error: scale profile \"flintec-dad141-float\": the weight is NaN (words 0x7FC0 0x0000)"},
      {"flintec infinity", flintec_float(), {0, 0, 0x7F80, 0x0000, 0},
       "error: scale profile \"flintec-dad141-float\": the weight is infinite (words 0x7F80 0x0000)"},
      {"flintec negative infinity", flintec_float(), {0, 0, 0xFF80, 0x0000, 0},
       "error: scale profile \"flintec-dad141-float\": the weight is negative infinite (words 0xFF80 0x0000)"},
      {"flintec huge", flintec_float(), {0, 0, 0x7F7F, 0xFFFF, 0},
       "error: scale profile \"flintec-dad141-float\": the weight 3.4028234663852886e+38 is out of range (words 0x7F7F 0xFFFF)"},
      {"flintec NaN while over range is just over range", flintec_float(), {0, 0, 0x7FC0, 0, 0x0002}, "no weight overload"},
      // 16-bit values, motion instead of stable, no status at all
      {"int16 still", int16_motion(), {0xFFF6, 0}, "-1.0 stable"},
      {"int16 in motion", int16_motion(), {25, 1}, "2.5"},
      {"uint16 without status bits", uint16_plain(), {0xFFF6}, "65526"},
      // active-low bits, uint32 in cdab
      {"active low: stable, not overloaded", active_low_bits(), {0x86A0, 0x0001, 0x8000}, "1000.00 stable"},
      {"active low: moving", active_low_bits(), {0x86A0, 0x0001, 0x8008}, "1000.00"},
      {"active low: overloaded", active_low_bits(), {0x86A0, 0x0001, 0x0000}, "no weight stable overload"},
      {"uint32 above int32", active_low_bits(), {0xFFFF, 0xFFFF, 0x8000}, "42949672.95 stable"},
      // short blocks
      {"dini short block", dini_dgt4x(), {0, 0, 0, 5042},
       "error: scale profile \"dini-argeo-dgt4x\": read 4 registers, the profile needs 5"},
      {"dini empty block", dini_dgt4x(), {}, "error: scale profile \"dini-argeo-dgt4x\": read 0 registers, the profile needs 5"},
      {"uint16 empty block", uint16_plain(), {}, "error: scale profile \"uint16-plain\": read 0 registers, the profile needs 1"},
      {"int16 one register", int16_motion(), {5}, "error: scale profile \"int16-motion\": read 1 register, the profile needs 2"},
  };
  for (const auto& r : rows) {
    CAPTURE(std::string{r.what});
    CHECK(render(decode(r.profile, r.block)) == r.expected);
  }
}

TEST_CASE("profiles that cannot be decoded are errors, not reads outside the block") {
  std::vector<decode_row> rows;
  {
    auto p = dini_dgt4x();
    p.block_length = 2; // but the weight is at 2-3 and the status at 4
    rows.push_back({"weight beyond block_length", p, {0, 0, 0, 1}, "error: scale profile \"dini-argeo-dgt4x\": read 4 registers, the profile needs 5"});
  }
  {
    auto p = pavone_dat700();
    p.stable = bit(9, 1);
    rows.push_back({"status bit beyond the block", p, {0, 0, 0, 0, 1}, "error: scale profile \"pavone-dat700\": read 5 registers, the profile needs 10"});
  }
  {
    auto p = pavone_dat700();
    p.overload = bit(0, 16);
    rows.push_back({"bit 16", p, {0, 0, 0, 0, 1}, "error: scale profile \"pavone-dat700\": overload bit 16 is not 0 to 15"});
  }
  {
    auto p = pavone_dat700();
    p.negative = bit(0, -1);
    rows.push_back({"bit -1", p, {0, 0, 0, 0, 1}, "error: scale profile \"pavone-dat700\": negative bit -1 is not 0 to 15"});
  }
  {
    auto p = pavone_dat700();
    p.weight_offset = -1;
    rows.push_back({"negative weight offset", p, {0, 0, 0, 0, 1}, "error: scale profile \"pavone-dat700\": weight offset -1 is negative"});
  }
  {
    auto p = pavone_dat700();
    p.decimals = 10;
    rows.push_back({"10 decimals", p, {0, 0, 0, 0, 1}, "error: scale profile \"pavone-dat700\": 10 decimals, expected 0 to 9"});
  }
  {
    auto p = laumas_tlu();
    p.negative = bit_ref{}; // absolute without a sign bit: taken as positive
    rows.push_back({"absolute without a sign bit", p, {1U << 11, 0, 0, 0, 7}, "0.7 stable"});
  }
  for (const auto& r : rows) {
    CAPTURE(std::string{r.what});
    CHECK(render(decode(r.profile, r.block)) == r.expected);
  }
}

TEST_CASE("stable needs the stable bit set and the motion bit clear when a profile has both") {
  scale_profile p;
  p.name = "both";
  p.block_length = 3;
  p.weight_offset = 0;
  p.weight_type = value_type::int32;
  p.stable = {2, 0, false};
  p.motion = {2, 1, false};
  struct row {
    std::uint16_t status;
    bool stable;
  };
  const row rows[] = {{0b01, true}, {0b11, false}, {0b00, false}, {0b10, false}};
  for (const auto& r : rows) {
    CAPTURE(r.status);
    const std::uint16_t block[] = {0, 100, r.status};
    const auto d = decode(p, block);
    REQUIRE(d.reading);
    CHECK(d.reading->stable == r.stable);
  }
  scale_profile neither = p;
  neither.stable = {};
  neither.motion = {};
  const std::uint16_t block[] = {0, 100, 0xffff};
  CHECK_FALSE(decode(neither, block).reading->stable);
}
