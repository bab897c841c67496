// A Modbus weight indicator served as RTU on a pty: libmodbus as the daemon would use it,
// plus the reference's raw frame.

#include "clients.hpp"

#include "sim/bytes.hpp"
#include "sim/modbus_rtu_server.hpp"
#include "sim/modbus_scale.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cerrno>
#include <chrono>

using namespace stationd;
using namespace stationd::hwtest;

TEST_CASE("Modbus RTU scale: Laumas map read by libmodbus and by the reference frame") {
  test::temp_dir dir;
  auto scale = sim::modbus_scale::make(sim::modbus_scale_map::laumas_tlu);
  sim::modbus_rtu_server server{*scale, {.link = dir / "indicator0", .address = 1}};
  server.start();
  scale->set_weight(sim::decimal::parse("3.210"));

  {
    // 01 03 00 07 00 02 75 CA: two holding registers from 40008 (gross H/L).
    pty_client host{server.link_path()};
    host.write(bytes_of("01 03 00 07 00 02 75 CA"));
    const auto reply = host.read_exactly(9);
    CHECK(sim::to_hex(reply.substr(0, 7)) == "01 03 04 00 00 0c 8a"); // 3210 = 0x0C8A
  }

  auto client = modbus_rtu_client(server.link_path(), 1);
  std::array<std::uint16_t, 5> r{};
  REQUIRE(modbus_read_registers(client.get(), 6, 5, r.data()) == 5);
  CHECK(r[0] == (1u << 11));
  CHECK((static_cast<std::uint32_t>(r[1]) << 16 | r[2]) == 3210);

  REQUIRE(modbus_write_register(client.get(), 5, 8) == 1); // assumed zero code
  REQUIRE(modbus_read_registers(client.get(), 7, 2, r.data()) == 2);
  CHECK(r[1] == 0);

  scale->inject_exception(3, 1);
  CHECK(modbus_read_registers(client.get(), 7, 2, r.data()) == -1);
  CHECK(errno == modbus_exception_errno(3));

  scale->set_reply_delay(100ms);
  const auto started = std::chrono::steady_clock::now();
  CHECK(modbus_read_registers(client.get(), 7, 2, r.data()) == 2);
  CHECK(std::chrono::steady_clock::now() - started >= 90ms);
  scale->set_reply_delay({});

  scale->set_silent(true);
  CHECK(modbus_read_registers(client.get(), 7, 2, r.data()) == -1);
  CHECK(errno == ETIMEDOUT);
  scale->set_silent(false);
  CHECK(modbus_read_registers(client.get(), 7, 2, r.data()) == 2);
}

TEST_CASE("Modbus RTU: another address is ignored, unplug and replug") {
  test::temp_dir dir;
  auto scale = sim::modbus_scale::make(sim::modbus_scale_map::dini_dgt4x);
  sim::modbus_rtu_server server{*scale, {.link = dir / "indicator0", .address = 7}};
  server.start();
  std::array<std::uint16_t, 5> r{};
  {
    auto other = modbus_rtu_client(server.link_path(), 1, 200ms);
    CHECK(modbus_read_input_registers(other.get(), 0, 5, r.data()) == -1);
    CHECK(errno == ETIMEDOUT);
  }
  {
    auto client = modbus_rtu_client(server.link_path(), 7);
    CHECK(modbus_read_input_registers(client.get(), 0, 5, r.data()) == 5);
    server.unplug();
    CHECK(modbus_read_input_registers(client.get(), 0, 5, r.data()) == -1);
  }
  server.replug();
  auto client = modbus_rtu_client(server.link_path(), 7);
  scale->set_weight(sim::decimal::parse("0.042"));
  REQUIRE(modbus_read_input_registers(client.get(), 0, 2, r.data()) == 2);
  CHECK(r[1] == 42);
}
