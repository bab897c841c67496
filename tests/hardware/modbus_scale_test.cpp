// Modbus weight indicators over TCP, read with a libmodbus client, against the register
// maps of device-protocols.md §4.4.

#include "clients.hpp"

#include "sim/dini_dgt4x_map.hpp"
#include "sim/modbus_scale.hpp"
#include "sim/modbus_tcp_server.hpp"

#include <doctest/doctest.h>

#include <array>
#include <bit>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <system_error>

using namespace stationd;
using namespace stationd::hwtest;

namespace {

sim::decimal kg(const char* text) { return sim::decimal::parse(text); }

std::uint32_t u32(const std::uint16_t* r) { return static_cast<std::uint32_t>(r[0]) << 16 | r[1]; }
std::int32_t s32(const std::uint16_t* r) { return static_cast<std::int32_t>(u32(r)); }

struct served_scale {
  std::unique_ptr<sim::modbus_scale> scale;
  sim::modbus_tcp_server server;
  explicit served_scale(sim::modbus_scale_map map) : scale{sim::modbus_scale::make(map)}, server{*scale} {
    server.start();
  }
};

} // namespace

TEST_CASE("Dini Argeo DGT4X: input registers 30001-30005 and command 40001") {
  served_scale dini{sim::modbus_scale_map::dini_dgt4x};
  auto& scale = *dini.scale;
  auto client = modbus_tcp_client(dini.server.port());
  std::array<std::uint16_t, 5> r{};

  scale.set_weight(kg("5.042"));
  REQUIRE(modbus_read_input_registers(client.get(), 0, 5, r.data()) == 5);
  CHECK(u32(&r[0]) == 5042); // gross, "5.042 read as 5042"
  CHECK(u32(&r[2]) == 5042); // net
  CHECK(r[4] == 0x0004);     // stable only

  scale.set_stable(false);
  REQUIRE(modbus_read_input_registers(client.get(), 4, 1, r.data()) == 1);
  CHECK(r[0] == 0x0000);
  scale.set_stable(true);

  // Negative weights: absolute value, the sign in the status bits.
  scale.set_weight(kg("-0.120"));
  REQUIRE(modbus_read_input_registers(client.get(), 0, 5, r.data()) == 5);
  CHECK(u32(&r[0]) == 120);
  CHECK(r[4] == (0x0001 | 0x0002 | 0x0004));

  scale.set_overload(true);
  REQUIRE(modbus_read_input_registers(client.get(), 4, 1, r.data()) == 1);
  CHECK((r[0] & 0x0010) != 0);
  scale.set_underload(true);
  REQUIRE(modbus_read_input_registers(client.get(), 4, 1, r.data()) == 1);
  CHECK((r[0] & 0x0018) == 0x0008);
  scale.set_normal();

  // Zero (command 1): the gross reads 0, the zero-zone bit is set.
  REQUIRE(modbus_write_register(client.get(), 0, 0x0001) == 1);
  REQUIRE(modbus_read_input_registers(client.get(), 0, 5, r.data()) == 5);
  CHECK(u32(&r[0]) == 0);
  CHECK(r[4] == (0x0004 | 0x0080));

  // Tare (command 2) needs the register to change first: write 0 in between.
  scale.set_weight(kg("0.760")); // the zero point is at -0.120: gross 0.880
  REQUIRE(modbus_write_register(client.get(), 0, 0x0002) == 1);
  CHECK(scale.state().tare_active());
  scale.clear_tare();
  REQUIRE(modbus_write_register(client.get(), 0, 0x0002) == 1);
  CHECK_FALSE(scale.state().tare_active()); // same code again: ignored
  REQUIRE(modbus_write_register(client.get(), 0, 0x0000) == 1);
  REQUIRE(modbus_write_register(client.get(), 0, 0x0002) == 1);
  CHECK(scale.state().tare_active());
  REQUIRE(modbus_read_input_registers(client.get(), 0, 5, r.data()) == 5);
  CHECK(u32(&r[0]) == 880);
  CHECK(u32(&r[2]) == 0);
  CHECK((r[4] & 0x0020) != 0); // tare active

  // Preset tare (command 3) with the parameter in 40002-40003, divisions MSB first.
  const std::array<std::uint16_t, 3> preset{0x0003, 0x0000, 0x00c8}; // 0.200 kg
  REQUIRE(modbus_write_registers(client.get(), 0, 3, preset.data()) == 3);
  REQUIRE(modbus_read_input_registers(client.get(), 2, 3, r.data()) == 3);
  CHECK(u32(&r[0]) == 680);
  CHECK((r[2] & 0x0060) == 0x0040); // preset tare, not tare
  CHECK(dynamic_cast<sim::dini_dgt4x_map&>(scale).last_command() == 3);

  // DGT1S-style holding registers 40101-40106.
  std::array<std::uint16_t, 6> h{};
  REQUIRE(modbus_read_registers(client.get(), 100, 6, h.data()) == 6);
  CHECK(u32(&h[0]) == 880);
  CHECK(u32(&h[2]) == 680);
  CHECK(u32(&h[4]) == 200);

  // Read-only and unmapped addresses.
  CHECK(modbus_write_register(client.get(), 100, 1) == -1);
  CHECK(errno == modbus_exception_errno(MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS));
  CHECK(modbus_read_registers(client.get(), 50, 1, h.data()) == -1);
  CHECK(errno == modbus_exception_errno(MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS));
  CHECK(modbus_write_bit(client.get(), 0, 1) == -1);
  CHECK(errno == modbus_exception_errno(MODBUS_EXCEPTION_ILLEGAL_FUNCTION));
}

TEST_CASE("Laumas TLU: 40007 status, 40008-40011 gross/net, 32-register limit") {
  served_scale laumas{sim::modbus_scale_map::laumas_tlu};
  auto& scale = *laumas.scale;
  auto client = modbus_tcp_client(laumas.server.port());
  std::array<std::uint16_t, 32> r{};

  scale.set_weight(kg("12.345"));
  REQUIRE(modbus_read_registers(client.get(), 0, 14, r.data()) == 14);
  CHECK(r[2] == 2024);
  CHECK(r[6] == (1u << 11));        // stable
  CHECK(u32(&r[7]) == 12345);       // gross H/L
  CHECK(u32(&r[9]) == 12345);       // net H/L

  scale.set_weight(kg("-1.000"));
  REQUIRE(modbus_read_registers(client.get(), 6, 5, r.data()) == 5);
  CHECK(r[0] == ((1u << 11) | (1u << 7) | (1u << 8)));
  CHECK(u32(&r[1]) == 1000);

  // Assumed command codes (not from the TLU manual): 8 zero, 7 tare, 9 gross.
  REQUIRE(modbus_write_register(client.get(), 5, 8) == 1);
  REQUIRE(modbus_read_registers(client.get(), 5, 6, r.data()) == 6);
  CHECK(r[0] == 0); // the command register reads back 0
  CHECK(r[1] == ((1u << 11) | (1u << 12)));
  CHECK(u32(&r[2]) == 0);
  scale.set_weight(kg("-0.500"));
  scale.set_weight(kg("0.750"));
  REQUIRE(modbus_write_register(client.get(), 5, 7) == 1);
  REQUIRE(modbus_read_registers(client.get(), 6, 5, r.data()) == 5);
  CHECK((r[0] & (1u << 10)) != 0); // net display mode
  CHECK(u32(&r[1]) == 1750);
  CHECK(u32(&r[3]) == 0);

  scale.set_overload(true);
  REQUIRE(modbus_read_registers(client.get(), 6, 1, r.data()) == 1);
  CHECK((r[0] & 0x000c) == 0x000c);

  CHECK(modbus_read_registers(client.get(), 0, 33, r.data()) == -1);
  CHECK(errno == modbus_exception_errno(MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE));
  CHECK(modbus_read_registers(client.get(), 14, 2, r.data()) == -1);
  CHECK(errno == modbus_exception_errno(MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS));
}

TEST_CASE("Pavone DAT700: status 0001, signed gross/net, command 0503, unit id 0xFF") {
  served_scale pavone{sim::modbus_scale_map::pavone_dat700};
  auto& scale = *pavone.scale;
  std::array<std::uint16_t, 9> r{};

  {
    auto wrong_unit = modbus_tcp_client(pavone.server.port(), 1, 300ms);
    CHECK(modbus_read_registers(wrong_unit.get(), 0, 5, r.data()) == -1);
    CHECK(errno == ETIMEDOUT);
  }
  auto client = modbus_tcp_client(pavone.server.port(), 0xff);
  scale.set_weight(kg("2.500"));
  REQUIRE(modbus_read_registers(client.get(), 0, 9, r.data()) == 9);
  CHECK(r[0] == 0x0002); // stable
  CHECK(s32(&r[1]) == 2500);
  CHECK(s32(&r[3]) == 2500);

  scale.set_weight(kg("-0.040"));
  REQUIRE(modbus_read_registers(client.get(), 0, 5, r.data()) == 5);
  CHECK(s32(&r[1]) == -40); // two's complement, no sign bit in this map
  CHECK(r[1] == 0xffff);

  REQUIRE(modbus_write_register(client.get(), 502, 0x0001) == 1); // semi-automatic zero
  REQUIRE(modbus_read_registers(client.get(), 0, 5, r.data()) == 5);
  CHECK(r[0] == (0x0001 | 0x0002 | 0x0004));
  CHECK(s32(&r[1]) == 0);

  scale.set_weight(kg("1.000"));
  REQUIRE(modbus_write_register(client.get(), 502, 0x0002) == 1); // autotare
  REQUIRE(modbus_read_registers(client.get(), 0, 5, r.data()) == 5);
  CHECK((r[0] & 0x0008) != 0);
  CHECK(s32(&r[3]) == 0);

  scale.set_overload(true);
  REQUIRE(modbus_read_registers(client.get(), 0, 1, r.data()) == 1);
  CHECK((r[0] & 0x0060) == 0x0060);
  scale.set_normal();

  // The command register refuses to be zeroed in motion.
  scale.set_stable(false);
  scale.set_weight(kg("1.500"));
  REQUIRE(modbus_write_register(client.get(), 502, 0x0001) == 1);
  REQUIRE(modbus_read_registers(client.get(), 1, 2, r.data()) == 2);
  CHECK(s32(&r[0]) == 1540); // still relative to the zero taken at -0.040
}

TEST_CASE("Flintec DAD 141.1: floats, int32 and the qualifier") {
  served_scale flintec{sim::modbus_scale_map::flintec_dad141};
  auto& scale = *flintec.scale;
  auto client = modbus_tcp_client(flintec.server.port());
  std::array<std::uint16_t, 5> r{};

  scale.set_weight(kg("12.5"));
  REQUIRE(modbus_read_registers(client.get(), 0x2000, 4, r.data()) == 4);
  CHECK(std::bit_cast<float>(u32(&r[0])) == doctest::Approx(12.5));
  CHECK(modbus_get_float_abcd(r.data()) == doctest::Approx(12.5));
  REQUIRE(modbus_read_registers(client.get(), 0x3300, 5, r.data()) == 5);
  CHECK(s32(&r[0]) == 12500);
  CHECK(s32(&r[2]) == 12500);
  CHECK(r[4] == 0x0010); // steady

  REQUIRE(modbus_write_register(client.get(), 0x2061, 0x08) == 1); // set tare
  REQUIRE(modbus_read_registers(client.get(), 0x3500, 5, r.data()) == 5);
  CHECK(std::bit_cast<float>(u32(&r[2])) == doctest::Approx(0.0));
  CHECK(r[4] == (0x0010 | 0x0020));

  REQUIRE(modbus_write_register(client.get(), 0x2061, 0x04 | 0x02) == 1); // reset tare, set zero
  REQUIRE(modbus_read_registers(client.get(), 0x2020, 4, r.data()) == 4);
  CHECK(s32(&r[0]) == 0);

  scale.set_weight(kg("11.0"));
  REQUIRE(modbus_read_registers(client.get(), 0x2020, 2, r.data()) == 2);
  CHECK(s32(&r[0]) == -1500);
  scale.set_underload(true);
  REQUIRE(modbus_read_registers(client.get(), 0x2060, 1, r.data()) == 1);
  CHECK(r[0] == (0x0001 | 0x0010));
  CHECK(modbus_read_registers(client.get(), 0x2004, 2, r.data()) == -1);
}

TEST_CASE("Float test vector: 123456.0 is 0x47F1 0x2000 in ABCD order") {
  served_scale flintec{sim::modbus_scale_map::flintec_dad141};
  flintec.scale->set_weight(kg("123456"));
  auto client = modbus_tcp_client(flintec.server.port());
  std::array<std::uint16_t, 2> r{};
  REQUIRE(modbus_read_registers(client.get(), 0x2000, 2, r.data()) == 2);
  CHECK(r[0] == 0x47f1);
  CHECK(r[1] == 0x2000);
}

TEST_CASE("Modbus faults: exceptions, delay, silence") {
  served_scale dini{sim::modbus_scale_map::dini_dgt4x};
  auto& scale = *dini.scale;
  auto client = modbus_tcp_client(dini.server.port(), 1, 400ms);
  std::array<std::uint16_t, 5> r{};

  for (const int code : {1, 2, 3, 4}) {
    scale.inject_exception(static_cast<std::uint8_t>(code), 2);
    CHECK(modbus_read_input_registers(client.get(), 0, 5, r.data()) == -1);
    CHECK(errno == modbus_exception_errno(code));
    CHECK(modbus_read_input_registers(client.get(), 0, 5, r.data()) == -1);
    CHECK(errno == modbus_exception_errno(code));
    CHECK(modbus_read_input_registers(client.get(), 0, 5, r.data()) == 5);
  }

  scale.set_reply_delay(150ms);
  auto started = std::chrono::steady_clock::now();
  CHECK(modbus_read_input_registers(client.get(), 0, 5, r.data()) == 5);
  CHECK(std::chrono::steady_clock::now() - started >= 140ms);
  scale.set_reply_delay(600ms);
  CHECK(modbus_read_input_registers(client.get(), 0, 5, r.data()) == -1);
  CHECK(errno == ETIMEDOUT);
  scale.clear_faults();
  modbus_flush(client.get());
  // The late answer to the timed-out request may still arrive; a fresh connection is clean.
  auto fresh = modbus_tcp_client(dini.server.port(), 1, 400ms);
  CHECK(modbus_read_input_registers(fresh.get(), 0, 5, r.data()) == 5);

  scale.set_silent(true);
  const auto seen = scale.requests_seen();
  CHECK(modbus_read_input_registers(fresh.get(), 0, 5, r.data()) == -1);
  CHECK(errno == ETIMEDOUT);
  CHECK(scale.requests_seen() == seen + 1); // accepted and read, never answered
  scale.set_silent(false);
  auto again = modbus_tcp_client(dini.server.port(), 1, 400ms);
  CHECK(modbus_read_input_registers(again.get(), 0, 5, r.data()) == 5);
}

TEST_CASE("Modbus TCP server: stop closes everything, start listens on the same port") {
  served_scale dini{sim::modbus_scale_map::dini_dgt4x};
  const auto port = dini.server.port();
  REQUIRE(port != 0);
  std::array<std::uint16_t, 5> r{};
  {
    auto client = modbus_tcp_client(port);
    CHECK(modbus_read_input_registers(client.get(), 0, 5, r.data()) == 5);
    dini.server.stop();
    CHECK(modbus_read_input_registers(client.get(), 0, 5, r.data()) == -1);
    modbus_ptr refused{modbus_new_tcp("127.0.0.1", port)};
    CHECK(modbus_connect(refused.get()) == -1);
  }
  dini.server.start();
  CHECK(dini.server.port() == port);
  auto client = modbus_tcp_client(port);
  CHECK(modbus_read_input_registers(client.get(), 0, 5, r.data()) == 5);
  CHECK(dini.server.connections() == 1);
  dini.server.drop_connections();
  CHECK(modbus_read_input_registers(client.get(), 0, 5, r.data()) == -1);
}
