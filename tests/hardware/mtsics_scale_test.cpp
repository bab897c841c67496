// The MT-SICS scale from a raw termios client: reply bytes as in device-protocols.md §4.1.

#include "clients.hpp"

#include "sim/mtsics_scale.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>

using namespace stationd;
using namespace stationd::hwtest;

namespace {

struct mtsics_fixture {
  test::temp_dir dir;
  sim::mtsics_scale scale{{.link = dir / "scale0",
                           .serial_number = "B207696838",
                           .stability_timeout = 300ms,
                           .repeat_interval = 100ms}};
  std::unique_ptr<pty_client> host;

  mtsics_fixture() {
    scale.start();
    host = std::make_unique<pty_client>(scale.link_path());
  }
  std::string ask(std::string_view command, std::chrono::milliseconds timeout = 2s) {
    host->write(std::string{command} + "\r\n");
    return host->read_until("\r\n", timeout);
  }
};

sim::decimal kg(const char* text) { return sim::decimal::parse(text); }

} // namespace

TEST_CASE_FIXTURE(mtsics_fixture, "MT-SICS: weight replies are byte-exact") {
  scale.set_weight(kg("0.256"));
  CHECK(ask("S") == "S S      0.256 kg\r\n");
  CHECK(ask("SI") == "S S      0.256 kg\r\n");
  scale.set_weight(kg("129.09"));
  CHECK(ask("SI") == "S S    129.090 kg\r\n");
  scale.set_weight(kg("114.87"));
  scale.set_stable(false);
  CHECK(ask("SI") == "S D    114.870 kg\r\n");
  scale.set_stable(true);
  scale.set_weight(kg("-0.012"));
  CHECK(ask("SI") == "S S     -0.012 kg\r\n");
  scale.set_weight(kg("100"), "g");
  CHECK(ask("SI") == "S S    100.000 g\r\n");
}

TEST_CASE_FIXTURE(mtsics_fixture, "MT-SICS: @ answers with I4 and the identification commands") {
  CHECK(ask("@") == "I4 A \"B207696838\"\r\n");
  CHECK(ask("I4") == "I4 A \"B207696838\"\r\n");
  CHECK(ask("I1").starts_with("I1 A \"01\""));
  CHECK(ask("I2") == "I2 A \"stationd-sim MT-SICS 30.000 kg\"\r\n");
  CHECK(ask("I3") == "I3 A \"1.00\"\r\n");
  host->write("I0\r\n");
  const auto list = host->read_until("I0 A 1 \"TAC\"\r\n");
  CHECK(list.starts_with("I0 B 0 \"I0\"\r\n"));
  CHECK(list.find("I0 B 1 \"SIR\"\r\n") != std::string::npos);
  CHECK(ask("XYZ") == "ES\r\n");
  CHECK(ask("S 12") == "ES\r\n");
}

TEST_CASE_FIXTURE(mtsics_fixture, "MT-SICS: S waits for stability, then gives up with S I") {
  scale.set_weight(kg("1.250"));
  scale.set_stable(false);
  const auto started = std::chrono::steady_clock::now();
  CHECK(ask("S") == "S I\r\n");
  CHECK(std::chrono::steady_clock::now() - started >= 250ms);

  // Settling within the timeout answers the waiting S.
  host->write("S\r\n");
  CHECK(host->read_for(100ms).empty());
  scale.set_stable(true);
  CHECK(host->read_until("\r\n") == "S S      1.250 kg\r\n");
}

TEST_CASE_FIXTURE(mtsics_fixture, "MT-SICS: commands sent during a wait run afterwards, in order") {
  scale.set_stable(false);
  host->write("S\r\nI4\r\n");
  CHECK(host->read_until("I4 A \"B207696838\"\r\n") == "S I\r\nI4 A \"B207696838\"\r\n");
  // @ aborts a waiting command.
  host->write("S\r\n@\r\n");
  CHECK(host->read_until("\r\n") == "I4 A \"B207696838\"\r\n");
  CHECK(host->read_for(400ms).empty());
}

TEST_CASE_FIXTURE(mtsics_fixture, "MT-SICS: overload and underload") {
  scale.set_overload(true);
  CHECK(ask("S") == "S +\r\n");
  CHECK(ask("SI") == "S +\r\n");
  CHECK(ask("Z") == "Z +\r\n");
  scale.set_underload(true);
  CHECK(ask("SI") == "S -\r\n");
  CHECK(ask("T") == "T -\r\n");
  scale.set_normal();
  CHECK(ask("SI") == "S S      0.000 kg\r\n");
}

TEST_CASE_FIXTURE(mtsics_fixture, "MT-SICS: zero and tare change what the scale reports") {
  scale.set_weight(kg("0.256"));
  CHECK(ask("T") == "T S      0.256 kg\r\n");
  CHECK(ask("SI") == "S S      0.000 kg\r\n");
  CHECK(ask("TA") == "TA A      0.256 kg\r\n");
  scale.set_weight(kg("1.256"));
  CHECK(ask("SI") == "S S      1.000 kg\r\n");
  CHECK(ask("TAC") == "TAC A\r\n");
  CHECK(ask("SI") == "S S      1.256 kg\r\n");
  CHECK(ask("TA 0.500 kg") == "TA A      0.500 kg\r\n");
  CHECK(ask("SI") == "S S      0.756 kg\r\n");
  CHECK(scale.state().preset_tare);
  CHECK(ask("TA 1,5 kg") == "TA L\r\n");
  CHECK(ask("@") == "I4 A \"B207696838\"\r\n"); // @ clears the tare, keeps the zero
  CHECK(ask("SI") == "S S      1.256 kg\r\n");

  CHECK(ask("Z") == "Z A\r\n");
  CHECK(ask("SI") == "S S      0.000 kg\r\n");
  scale.set_weight(kg("1.500"));
  CHECK(ask("SI") == "S S      0.244 kg\r\n");

  scale.set_stable(false);
  CHECK(ask("Z") == "Z I\r\n");
  CHECK(ask("T") == "T I\r\n");
  CHECK(ask("ZI") == "ZI D\r\n");
  CHECK(ask("SI") == "S D      0.000 kg\r\n");

  scale.set_stable(true);
  scale.set_zero_range(kg("0.100"));
  scale.set_weight(kg("2.000"));
  CHECK(ask("Z") == "Z +\r\n");
}

TEST_CASE_FIXTURE(mtsics_fixture, "MT-SICS: SIR streams about every interval until S") {
  scale.set_weight(kg("0.500"));
  host->write("SIR\r\n");
  const auto stream = host->read_for(450ms);
  CHECK(stream.starts_with("S S      0.500 kg\r\n"));
  const auto lines = static_cast<int>(std::count(stream.begin(), stream.end(), '\n'));
  CHECK(lines >= 4);
  CHECK(lines <= 6);
  CHECK(scale.streaming());
  host->write("S\r\n");
  // The reply to S, possibly after one last streamed value.
  CHECK(host->read_for(300ms).ends_with("S S      0.500 kg\r\n"));
  CHECK_FALSE(scale.streaming());
  CHECK(host->read_for(300ms).empty());
}

TEST_CASE_FIXTURE(mtsics_fixture, "MT-SICS: injected faults") {
  SUBCASE("ET and EL answers") {
    scale.answer_next_with("ET", 2);
    CHECK(ask("SI") == "ET\r\n");
    CHECK(ask("SI") == "ET\r\n");
    CHECK(ask("SI") == "S S      0.000 kg\r\n");
    scale.answer_next_with("EL");
    CHECK(ask("Z") == "EL\r\n");
  }
  SUBCASE("hardware error in the weight reply") {
    scale.set_hardware_error("10b");
    CHECK(ask("SI") == "S S    Error 10b\r\n");
    CHECK(ask("S") == "S S    Error 10b\r\n");
    scale.set_hardware_error(std::nullopt);
    CHECK(ask("SI") == "S S      0.000 kg\r\n");
  }
  SUBCASE("silent for a while") {
    scale.go_silent(300ms);
    host->write("SI\r\n");
    CHECK(host->read_for(200ms).empty());
    CHECK(test::eventually([&] { return !scale.silent(); }, 1s));
    CHECK(ask("SI") == "S S      0.000 kg\r\n");
  }
  SUBCASE("silent until told to talk") {
    scale.go_silent();
    host->write("@\r\n");
    CHECK(host->read_for(200ms).empty());
    scale.talk();
    CHECK(ask("I4") == "I4 A \"B207696838\"\r\n");
  }
  SUBCASE("garbage") {
    scale.send_raw("S \x58\r");
    CHECK(host->read_for(100ms) == "S X\r");
  }
  SUBCASE("partial reply, then silence") {
    scale.cut_next_reply(5);
    host->write("SI\r\n");
    CHECK(host->read_for(200ms) == "S S  ");
    CHECK(ask("SI", 300ms).empty());
    scale.talk();
    CHECK(ask("SI") == "S S      0.000 kg\r\n");
  }
}

TEST_CASE_FIXTURE(mtsics_fixture, "MT-SICS: unplug drops the line, replug serves again") {
  scale.set_weight(kg("0.256"));
  host->write("SIR\r\n");
  CHECK(host->read_until("\r\n").size() > 0);
  scale.unplug();
  CHECK(host->closed_within(1s));
  CHECK_FALSE(scale.streaming()); // a power cycle ends SIR
  scale.replug();
  host = std::make_unique<pty_client>(scale.link_path());
  CHECK(ask("S") == "S S      0.256 kg\r\n");
}
