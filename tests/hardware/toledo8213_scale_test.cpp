// The Toledo 8213 demand protocol from a raw termios client (device-protocols.md §4.2).

#include "clients.hpp"

#include "sim/toledo8213_scale.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace stationd;
using namespace stationd::hwtest;

namespace {

struct toledo_fixture {
  test::temp_dir dir;
  sim::toledo8213_scale scale{{.link = dir / "scale0"}};
  std::unique_ptr<pty_client> host;

  toledo_fixture() {
    scale.start();
    host = std::make_unique<pty_client>(scale.link_path());
  }
  std::string ask(std::string_view command) {
    host->write(command);
    return host->read_until("\r");
  }
};

sim::decimal lb(const char* text) { return sim::decimal::parse(text); }

std::string strip_bit7(std::string data) {
  for (auto& c : data) c = static_cast<char>(c & 0x7f);
  return data;
}

} // namespace

TEST_CASE_FIXTURE(toledo_fixture, "8213: W answers the weight record") {
  scale.set_weight(lb("1.25"));
  CHECK(ask("W") == "\x02" "001.25\r");
  scale.set_weight(lb("123.4"));
  CHECK(ask("W") == "\x02" "123.40\r");
  CHECK(ask("H") == "\x02" "123.400\r");
}

TEST_CASE_FIXTURE(toledo_fixture, "8213: invalid weights answer the status record") {
  scale.set_weight(lb("1.25"));
  scale.set_stable(false);
  CHECK(ask("W") == "\x02?a\r"); // 0x61: motion
  scale.set_stable(true);
  scale.set_overload(true);
  CHECK(ask("W") == "\x02?b\r"); // 0x62: over capacity
  scale.set_normal();
  scale.set_weight(lb("-0.50"));
  CHECK(ask("W") == "\x02?d\r"); // 0x64: under zero
  CHECK(ask("H") == "\x02?d\r");
  scale.set_zero_capture_error(true);
  CHECK(ask("W") == "\x02?l\r"); // 0x6C: under zero + outside zero capture range
}

TEST_CASE_FIXTURE(toledo_fixture, "8213: Z zeroes when it can and always answers the status record") {
  scale.set_weight(lb("0.30"));
  CHECK(ask("Z") == "\x02?p\r"); // 0x70: centre of zero
  CHECK(ask("W") == "\x02" "000.00\r");
  scale.set_weight(lb("1.30"));
  scale.set_stable(false);
  CHECK(ask("Z") == "\x02?a\r"); // refused in motion
  scale.set_stable(true);
  CHECK(ask("W") == "\x02" "001.00\r");
  CHECK(ask("X") == "\x02?`\r"); // unknown command: status, no flags (0x60)
}

TEST_CASE_FIXTURE(toledo_fixture, "8213: grams form and commands with bit 7 set") {
  scale.set_grams(true);
  scale.set_weight(lb("1250"), "g");
  CHECK(ask("W") == "\x02" "001250\r");
  CHECK(ask(std::string{static_cast<char>('W' | 0x80)}) == "\x02" "001250\r");
}

TEST_CASE_FIXTURE(toledo_fixture, "8213: even parity in bit 7 on every byte sent") {
  scale.set_parity(true);
  scale.set_weight(lb("1.25"));
  host->write("W");
  const auto raw = host->read_exactly(8);
  CHECK(raw == "\x82" "00\xb1.\xb2" "5\x8d");
  CHECK(strip_bit7(raw) == "\x02" "001.25\r");
  for (const char c : raw) {
    const auto byte = static_cast<unsigned char>(c);
    CHECK(__builtin_popcount(byte) % 2 == 0);
  }
  scale.set_stable(false);
  host->write("W");
  CHECK(host->read_exactly(4) == "\x82?\xe1\x8d");
  CHECK(sim::toledo8213_scale::with_even_parity("p") == "\xf0"); // 0x70: three ones, parity bit set
  CHECK(sim::toledo8213_scale::with_even_parity("0") == "0");     // 0x30: two ones
}

TEST_CASE_FIXTURE(toledo_fixture, "8213: silence, partial record and unplug") {
  scale.set_weight(lb("2.00"));
  scale.cut_next_reply(3, 200ms);
  host->write("W");
  CHECK(host->read_for(100ms) == "\x02" "00");
  host->write("W");
  CHECK(host->read_for(100ms).empty()); // silent after the cut record
  CHECK(host->read_for(200ms).empty());
  CHECK(ask("W") == "\x02" "002.00\r");

  scale.unplug();
  CHECK(host->closed_within(1s));
  scale.replug();
  host = std::make_unique<pty_client>(scale.link_path());
  CHECK(ask("W") == "\x02" "002.00\r");
}
