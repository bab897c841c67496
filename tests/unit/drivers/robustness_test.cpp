// Random input into every parser: no crash (the sanitizer build runs this too),
// and the result shapes hold: exactly one of value or error, bounded output.

#include "protocol/decimal_weight.hpp"
#include "protocol/evdev_keys.hpp"
#include "protocol/modbus_values.hpp"
#include "protocol/mtsics.hpp"
#include "protocol/toledo8213.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

using namespace stationd::drivers;

namespace {

// Bytes biased towards the characters each protocol uses, so that random lines
// get past the first check now and then.
std::string random_text(std::mt19937& rng, const std::string& alphabet, std::size_t max_length) {
  std::uniform_int_distribution<std::size_t> length(0, max_length);
  std::uniform_int_distribution<int> pick(0, 9);
  std::uniform_int_distribution<std::size_t> from_alphabet(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> any_byte(0, 255);
  std::string out;
  for (std::size_t n = length(rng); n > 0; --n) {
    out += pick(rng) == 0 ? static_cast<char>(any_byte(rng)) : alphabet[from_alphabet(rng)];
  }
  return out;
}

constexpr int rounds = 5000;

} // namespace

TEST_CASE("random numbers: what parses prints back to the same weight") {
  std::mt19937 rng{1};
  for (int i = 0; i < rounds; ++i) {
    const std::string text = random_text(rng, "0123456789.-+ ", 24);
    CAPTURE(text);
    if (const auto weight = decimal_weight::parse(text)) {
      CHECK(decimal_weight::parse(weight->to_string()) == weight);
    }
  }
}

TEST_CASE("random MT-SICS lines: a reply or a failure") {
  std::mt19937 rng{2};
  for (int i = 0; i < rounds; ++i) {
    const std::string line = random_text(rng, "SDIZTAB+-LE 0123456789.\"kg", 40);
    CAPTURE(line);
    const auto result = mtsics::parse_reply(line);
    REQUIRE(result.reply.has_value() != result.failure.has_value());
    if (result.failure) {
      CHECK(result.failure->message.rfind("unreadable MT-SICS reply \"", 0) == 0);
    }
  }
}

TEST_CASE("random 8213 streams: every frame a record or an error") {
  std::mt19937 rng{3};
  toledo8213::frame_parser parser;
  for (int i = 0; i < rounds; ++i) {
    const std::string bytes = random_text(rng, std::string{"\x02\r?0123456789.abdhp`"}, 30);
    for (const auto& f : parser.feed(bytes)) {
      REQUIRE(f.record.has_value() != f.error.has_value());
      if (f.record) {
        CHECK(f.record->weight.has_value() != f.record->status.has_value());
      }
      CHECK(f.raw.size() <= bytes.size() + toledo8213::frame_parser::max_frame_bytes + 1);
    }
  }
}

TEST_CASE("random Modbus blocks and profiles: a reading or an error") {
  std::mt19937 rng{4};
  std::uniform_int_distribution<int> small(-2, 8);
  std::uniform_int_distribution<int> bit(-1, 17);
  std::uniform_int_distribution<int> type(0, 4);
  std::uniform_int_distribution<int> order(0, 3);
  std::uniform_int_distribution<int> word(0, 0xFFFF);
  std::uniform_int_distribution<int> coin(0, 1);
  for (int i = 0; i < rounds; ++i) {
    modbus::scale_profile p;
    p.name = "random";
    p.block_length = small(rng);
    p.weight_offset = small(rng);
    p.weight_type = static_cast<modbus::value_type>(type(rng));
    p.order = static_cast<modbus::word_order>(order(rng));
    p.decimals = small(rng) + 2;
    p.weight_is_absolute = coin(rng) == 1;
    for (auto* ref : {&p.stable, &p.motion, &p.overload, &p.underload, &p.negative}) {
      *ref = modbus::bit_ref{small(rng), bit(rng), coin(rng) == 1};
    }
    std::vector<std::uint16_t> block(static_cast<std::size_t>(small(rng) + 2));
    for (auto& w : block) {
      w = static_cast<std::uint16_t>(word(rng));
    }
    const auto result = modbus::decode(p, block);
    REQUIRE(result.reading.has_value() != result.error.has_value());
    if (result.reading && (result.reading->overload || result.reading->underload)) {
      CHECK_FALSE(result.reading->weight.has_value());
    }
  }
}

TEST_CASE("random key events and records: a scan or an error, never both") {
  std::mt19937 rng{5};
  std::uniform_int_distribution<int> type(0, 5);
  std::uniform_int_distribution<int> code(0, 120);
  std::uniform_int_distribution<int> value(0, 2);
  for (const auto layout : {evdev::layout::us, evdev::layout::sv}) {
    for (const auto gs : {evdev::gs_method::ctrl_right_bracket, evdev::gs_method::alt_numpad, evdev::gs_method::key}) {
      evdev::key_decoder decoder{evdev::decoder_options{layout, gs, 87}};
      for (int i = 0; i < rounds; ++i) {
        const int t = type(rng); // mostly EV_KEY, some EV_SYN (codes 0..120 include SYN_DROPPED)
        const evdev::input_event event{static_cast<std::uint16_t>(t >= 2 ? 1 : t),
                                       static_cast<std::uint16_t>(code(rng)), value(rng)};
        for (const auto& d : decoder.feed(event)) {
          REQUIRE(d.scan.has_value() != d.error.has_value());
          CHECK(d.partial.size() <= evdev::key_decoder::max_scan_bytes);
        }
      }
      if (const auto d = decoder.flush()) {
        CHECK(d->scan.has_value() != d->error.has_value());
      }
    }
  }
  evdev::record_reader reader;
  std::size_t events = 0;
  std::size_t bytes = 0;
  for (int i = 0; i < rounds; ++i) {
    const std::string chunk = random_text(rng, std::string{"\x01\x00", 2}, 60);
    bytes += chunk.size();
    events += reader.feed(chunk).size();
  }
  CHECK(events == bytes / 24);
}
