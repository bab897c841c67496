// Stack lights: the Patlite LA6 frames of device-protocols.md §5.1 byte for byte over
// Modbus/TCP, and the relay module's FC05 frames of §5.2 over RTU on a pty and over TCP.

#include "clients.hpp"

#include "sim/bytes.hpp"
#include "sim/modbus_request.hpp"
#include "sim/modbus_rtu_server.hpp"
#include "sim/modbus_tcp_server.hpp"
#include "sim/patlite_la6.hpp"
#include "sim/relay_module.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cerrno>
#include <vector>

using namespace stationd;
using namespace stationd::hwtest;

namespace {

// Adds the RTU CRC (low byte first) to a frame given in hex.
std::string rtu(std::string_view hex) {
  auto frame = bytes_of(hex);
  const std::vector<std::uint8_t> data(frame.begin(), frame.end());
  const auto crc = sim::modbus_crc(data);
  frame += static_cast<char>(crc & 0xff);
  frame += static_cast<char>(crc >> 8);
  return frame;
}

} // namespace

TEST_CASE("Patlite LA6: the manual's frames, byte for byte") {
  sim::patlite_la6 light;
  sim::modbus_tcp_server server{light};
  server.start();
  tcp_client host{server.port()};

  // Write register 7 = smart-mode group 15, unit 0xFF: the reply echoes the request.
  const auto smart = bytes_of("00 02 00 00 00 06 FF 06 00 06 01 0F");
  host.write(smart);
  CHECK(sim::to_hex(host.read_exactly(smart.size())) == sim::to_hex(smart));
  CHECK(light.snapshot().smart_group == 15);

  // Tier 1 on, tier 2 flashing, buzzer pattern 1 (FC 06 each), then the manual's read.
  for (const auto* frame : {"00 03 00 00 00 06 01 06 00 00 01 01", "00 04 00 00 00 06 01 06 00 01 01 02",
                            "00 05 00 00 00 06 01 06 00 05 01 01"}) {
    host.write(bytes_of(frame));
    CHECK(sim::to_hex(host.read_exactly(12)) == sim::to_hex(bytes_of(frame)));
  }
  host.write(bytes_of("00 01 00 00 00 06 01 03 00 00 00 06"));
  CHECK(sim::to_hex(host.read_exactly(21)) ==
        "00 01 00 00 00 0f 01 03 0c 00 01 00 02 00 00 00 00 00 00 00 01");

  const auto state = light.snapshot();
  CHECK(state.tiers[0] == sim::patlite_la6::led_on);
  CHECK(state.tiers[1] == sim::patlite_la6::led_flashing);
  CHECK(state.tiers[2] == sim::patlite_la6::led_off);
  CHECK(state.buzzer == 1);

  // Diagnostics 08 / 0000: data 0x0001, "control board powered".
  host.write(bytes_of("00 06 00 00 00 06 01 08 00 00 00 00"));
  CHECK(sim::to_hex(host.read_exactly(12)) == "00 06 00 00 00 06 01 08 00 00 00 01");
}

TEST_CASE("Patlite LA6: control flags, no-change, clear, and illegal values") {
  sim::patlite_la6 light;
  sim::modbus_tcp_server server{light};
  server.start();
  auto client = modbus_tcp_client(server.port(), 1);

  const std::array<std::uint16_t, 6> set{0x0101, 0x0102, 0x0101, 0x0000, 0x0001, 0x0103};
  REQUIRE(modbus_write_registers(client.get(), 0, 6, set.data()) == 6);
  auto s = light.snapshot();
  CHECK(s.tiers == std::array<std::uint8_t, 5>{1, 2, 1, 0, 0}); // 0x0001: "don't control"
  CHECK(s.buzzer == 3);

  REQUIRE(modbus_write_register(client.get(), 1, 0x0109) == 1); // no change
  CHECK(light.snapshot().tiers[1] == 2);

  std::array<std::uint16_t, 11> r{};
  REQUIRE(modbus_read_registers(client.get(), 0, 11, r.data()) == 11);
  CHECK(r[0] == 0x0001);
  CHECK(r[5] == 0x0003);

  // Clear wins over what the same request sets.
  const std::array<std::uint16_t, 8> clear{0x0101, 0x0101, 0x0101, 0x0101, 0x0101, 0x0101, 0x0000, 0x0001};
  REQUIRE(modbus_write_registers(client.get(), 0, 8, clear.data()) == 8);
  s = light.snapshot();
  CHECK(s.tiers == std::array<std::uint8_t, 5>{});
  CHECK(s.buzzer == 0);

  REQUIRE(modbus_write_register(client.get(), 8, 0x0001) == 1);  // mute
  REQUIRE(modbus_write_register(client.get(), 10, 0x0001) == 1); // pulse
  CHECK(light.snapshot().muted);
  CHECK(light.snapshot().pulses == 1);

  for (const auto& [address, value] : std::vector<std::pair<int, std::uint16_t>>{
           {0, 0x0103}, {0, 0x0201}, {5, 0x0104}, {6, 0x0120}, {7, 0x0101}}) {
    CHECK(modbus_write_register(client.get(), address, value) == -1);
    CHECK(errno == modbus_exception_errno(MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE));
  }
  CHECK(modbus_read_registers(client.get(), 11, 1, r.data()) == -1);
  CHECK(errno == modbus_exception_errno(MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS));
  CHECK(modbus_read_input_registers(client.get(), 0, 1, r.data()) == -1);
  CHECK(errno == modbus_exception_errno(MODBUS_EXCEPTION_ILLEGAL_FUNCTION));

  light.set_input(3, true);
  std::array<std::uint8_t, 8> inputs{};
  REQUIRE(modbus_read_input_bits(client.get(), 0, 8, inputs.data()) == 8);
  CHECK(inputs == std::array<std::uint8_t, 8>{0, 0, 1, 0, 0, 0, 0, 0});

  light.inject_exception(4, 1);
  CHECK(modbus_read_registers(client.get(), 0, 1, r.data()) == -1);
  CHECK(errno == modbus_exception_errno(4));
  CHECK(modbus_read_registers(client.get(), 0, 1, r.data()) == 1);
}

TEST_CASE("Relay module over RTU on a pty: the FC05 frames echo") {
  test::temp_dir dir;
  sim::relay_module relays{{.relays = 8, .toggle = true}};
  sim::modbus_rtu_server server{relays, {.link = dir / "relay0", .address = 1}};
  server.start();
  pty_client host{server.link_path()};

  for (const auto* frame : {"01 05 00 00 FF 00 8C 3A", "01 05 00 01 FF 00 DD FA", "01 05 00 02 FF 00 2D FA"}) {
    host.write(bytes_of(frame));
    CHECK(sim::to_hex(host.read_exactly(8)) == sim::to_hex(bytes_of(frame)));
  }
  CHECK(relays.coils() == std::vector<bool>{true, true, true, false, false, false, false, false});

  host.write(bytes_of("01 05 00 00 00 00 CD CA")); // relay 0 off
  CHECK(sim::to_hex(host.read_exactly(8)) == "01 05 00 00 00 00 cd ca");
  CHECK_FALSE(relays.coil(0));
  host.write(bytes_of("01 05 00 00 55 00 F2 9A")); // vendor toggle
  CHECK(sim::to_hex(host.read_exactly(8)) == "01 05 00 00 55 00 f2 9a");
  CHECK(relays.coil(0));

  // Not for this address, or a bad CRC: no answer at all.
  host.write(rtu("02 05 00 03 FF 00"));
  host.write(bytes_of("01 05 00 03 FF 00 00 00"));
  CHECK(host.read_for(150ms).empty());
  CHECK_FALSE(relays.coil(3));

  // The vendor's all-relays frame (coil 0x00FF) is not a coil of this module.
  host.write(bytes_of("01 05 00 FF FF FF FC 4A"));
  CHECK(sim::to_hex(host.read_exactly(5)) == sim::to_hex(rtu("01 85 02")));

  // Read back with a libmodbus RTU client on the same pty.
  auto client = modbus_rtu_client(server.link_path(), 1);
  std::array<std::uint8_t, 8> coils{};
  REQUIRE(modbus_read_bits(client.get(), 0, 8, coils.data()) == 8);
  CHECK(coils == std::array<std::uint8_t, 8>{1, 1, 1, 0, 0, 0, 0, 0});
  const std::array<std::uint8_t, 4> pattern{0, 1, 0, 1};
  REQUIRE(modbus_write_bits(client.get(), 4, 4, pattern.data()) == 4);
  CHECK(relays.coils() == std::vector<bool>{true, true, true, false, false, true, false, true});
}

TEST_CASE("Relay module without the vendor toggle: 0x5500 is an illegal value") {
  sim::relay_module relays;
  sim::modbus_tcp_server server{relays};
  server.start();
  tcp_client host{server.port()};
  host.write(bytes_of("00 07 00 00 00 06 01 05 00 00 55 00"));
  CHECK(sim::to_hex(host.read_exactly(9)) == "00 07 00 00 00 03 01 85 03");
  host.write(bytes_of("00 08 00 00 00 06 01 05 00 00 FF 00"));
  CHECK(sim::to_hex(host.read_exactly(12)) == "00 08 00 00 00 06 01 05 00 00 ff 00");
  CHECK(relays.coil(0));

  auto client = modbus_tcp_client(server.port(), 1);
  relays.inject_exception(2, 1);
  CHECK(modbus_write_bit(client.get(), 1, 1) == -1);
  CHECK(errno == modbus_exception_errno(2));
  CHECK_FALSE(relays.coil(1));
  CHECK(modbus_write_bit(client.get(), 1, 1) == 1);
  CHECK(relays.coil(1));

  const auto port = server.port();
  server.stop();
  server.start();
  CHECK(server.port() == port);
  auto again = modbus_tcp_client(port, 1);
  std::array<std::uint8_t, 2> coils{};
  REQUIRE(modbus_read_bits(again.get(), 0, 2, coils.data()) == 2);
  CHECK(coils == std::array<std::uint8_t, 2>{1, 1});
}
