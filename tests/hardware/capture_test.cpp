// The capture format, the player, and the captures shipped under hardware/.

#include "clients.hpp"

#include "sim/bytes.hpp"
#include "sim/capture.hpp"
#include "sim/capture_player.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>

using namespace stationd;
using namespace stationd::hwtest;
namespace fs = std::filesystem;

namespace {

const fs::path hardware_dir = fs::path{STATIOND_SOURCE_DIR} / "hardware";

constexpr const char* small_capture = R"(# device: test device
# interface: pty
# settings: none
# source: written for this test
#
0   > "W"
20  < "\x02?a\r"
100 > "SI\r\n"
300 < "S S      0.256 kg\r\n"
)";

// Plays the host side of `recording` against a player and checks every device record.
void act_as_host(const sim::capture& recording, double speed) {
  test::temp_dir dir;
  sim::capture_player player{recording, {.link = dir / "device", .speed = speed, .match_timeout = 3s}};
  player.start();
  pty_client host{player.link_path()};
  player.play();
  for (const auto& record : recording.records) {
    if (record.direction == sim::capture_direction::host_to_device) {
      host.write(record.data);
    } else if (record.direction == sim::capture_direction::device_to_host) {
      INFO("capture line ", record.line);
      CHECK(sim::escape_bytes(host.read_exactly(record.data.size(), 5s)) == sim::escape_bytes(record.data));
    }
  }
  const auto result = player.wait(5s);
  REQUIRE(result);
  CHECK_MESSAGE(result->ok, result->error);
  CHECK(result->records_done == recording.records.size());
}

} // namespace

TEST_CASE("capture format: header, records, escapes and round trip") {
  const auto recording = sim::parse_capture(small_capture);
  CHECK(recording.header.at("device") == "test device");
  CHECK(recording.header.at("source") == "written for this test");
  REQUIRE(recording.records.size() == 4);
  CHECK(recording.records[0].direction == sim::capture_direction::host_to_device);
  CHECK(recording.records[1].data == "\x02?a\r");
  CHECK(recording.records[3].time_ms == 300);
  CHECK(recording.records[3].line == 9);

  const auto again = sim::parse_capture(sim::format_capture(recording));
  CHECK(again.header == recording.header);
  REQUIRE(again.records.size() == recording.records.size());
  for (std::size_t i = 0; i < again.records.size(); ++i) CHECK(again.records[i].data == recording.records[i].data);

  CHECK_THROWS_AS(sim::parse_capture("10 < \"a\"\n5 < \"b\"\n"), sim::capture_error);
  CHECK_THROWS_AS(sim::parse_capture("10 < a\n"), sim::capture_error);
  CHECK_THROWS_AS(sim::parse_capture("10 ? \"a\"\n"), sim::capture_error);
  CHECK_THROWS_AS(sim::parse_capture("10 ! explode\n"), sim::capture_error);
  CHECK_THROWS_AS(sim::parse_capture("x < \"a\"\n"), sim::capture_error);
  CHECK_THROWS_AS(sim::parse_capture("1 < \"a\"b\"\n"), sim::capture_error);
  try {
    sim::parse_capture("# device: x\n0 > \"W\"\n1 < \"\\q\"\n");
  } catch (const sim::capture_error& error) {
    CHECK(error.line() == 3);
  }
}

TEST_CASE("capture player waits for the host and keeps the recorded spacing") {
  const auto recording = sim::parse_capture(small_capture);
  test::temp_dir dir;
  sim::capture_player player{recording, {.link = dir / "device", .speed = 2.0}};
  player.start();
  pty_client host{player.link_path()};
  player.play();

  CHECK(host.read_for(100ms).empty()); // nothing before the host speaks
  host.write("W");
  CHECK(host.read_exactly(4) == "\x02?a\r");
  host.write("SI\r\n");
  const auto asked = std::chrono::steady_clock::now();
  CHECK(host.read_until("\r\n") == "S S      0.256 kg\r\n");
  const auto waited = std::chrono::steady_clock::now() - asked;
  CHECK(waited >= 80ms); // 200 ms recorded, at speed 2
  CHECK(waited < 1s);
  const auto result = player.wait(2s);
  REQUIRE(result);
  CHECK(result->ok);
}

TEST_CASE("capture player reports a host that deviates or stays quiet") {
  const auto recording = sim::parse_capture(small_capture);
  SUBCASE("wrong bytes") {
    test::temp_dir dir;
    sim::capture_player player{recording, {.link = dir / "device"}};
    player.start();
    pty_client host{player.link_path()};
    player.play();
    host.write("Z");
    const auto result = player.wait(2s);
    REQUIRE(result);
    CHECK_FALSE(result->ok);
    CHECK(result->error == "line 6: expected \"W\", host sent \"Z\"");
  }
  SUBCASE("nothing in time") {
    test::temp_dir dir;
    sim::capture_player player{recording, {.link = dir / "device", .match_timeout = 200ms}};
    player.start();
    pty_client host{player.link_path()};
    player.play();
    host.write("W");
    const auto result = player.wait(2s);
    REQUIRE(result);
    CHECK_FALSE(result->ok);
    CHECK(result->error.find("line 8: host did not send \"SI\\r\\n\"") == 0);
    CHECK(result->records_done == 2);
  }
}

TEST_CASE("capture player performs unplug and replug events") {
  const auto recording = sim::parse_capture("0 < \"before\"\n50 ! unplug\n250 ! replug\n300 < \"after\"\n");
  test::temp_dir dir;
  sim::capture_player player{recording, {.link = dir / "device"}};
  player.start();
  {
    pty_client host{player.link_path()};
    player.play();
    CHECK(host.read_exactly(6) == "before");
    CHECK(host.closed_within(1s));
  }
  REQUIRE(test::eventually([&] { return fs::exists(dir / "device"); }, 2s));
  pty_client host{dir / "device"};
  CHECK(host.read_exactly(5, 2s) == "after");
  CHECK(player.wait(2s)->ok);
}

TEST_CASE("shipped captures parse, carry honest headers and replay") {
  std::size_t count = 0;
  for (const auto& entry : fs::recursive_directory_iterator{hardware_dir}) {
    if (entry.path().extension() != ".capture") continue;
    ++count;
    INFO(entry.path().string());
    const auto recording = sim::load_capture(entry.path());
    for (const auto* key : {"device", "interface", "settings", "source"}) CHECK(recording.header.count(key) == 1);
    CHECK(recording.header.at("source").find("constructed") != std::string::npos);
    CHECK_FALSE(recording.records.empty());
    act_as_host(recording, 20.0);
  }
  CHECK(count >= 4);
  const auto mtsics = sim::load_capture(hardware_dir / "mettler-toledo-mtsics" / "identify-weigh-tare-zero.capture");
  bool has_reference_line = false;
  for (const auto& record : mtsics.records) has_reference_line |= record.data == "S S      0.256 kg\r\n";
  CHECK(has_reference_line);
}
