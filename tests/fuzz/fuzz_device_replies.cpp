// libFuzzer: every device reply parser with whatever a device (or a cable) may
// send. The first byte picks the parser; the rest is the reply. Invariants: no
// crash or sanitizer report, and every failure is an error text, not silence.

#include "protocol/modbus_values.hpp"
#include "protocol/mtsics.hpp"
#include "protocol/toledo8213.hpp"
#include "protocol/zpl_status.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

using namespace stationd::drivers;

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

void mt_sics(std::string_view line) {
  const auto r = mtsics::parse_reply(line);
  require(r.reply.has_value() != r.failure.has_value());
}

void toledo(std::string_view bytes) {
  toledo8213::frame_parser parser;
  // Fed in two pieces: frames may be split across reads.
  const auto half = bytes.size() / 2;
  for (const auto& f : parser.feed(bytes.substr(0, half))) require(f.record.has_value() != f.error.has_value());
  for (const auto& f : parser.feed(bytes.substr(half))) require(f.record.has_value() != f.error.has_value());
  const auto one = toledo8213::parse_record(bytes);
  require(one.record.has_value() != one.error.has_value());
}

void zebra(std::string_view reply) {
  const auto hs = zpl::parse_host_status(reply);
  require(hs.value.has_value() != hs.error.has_value());
  const auto es = zpl::parse_error_status(reply);
  require(es.value.has_value() != es.error.has_value());
  const auto id = zpl::parse_identity(reply);
  require(id.value.has_value() != id.error.has_value());
  if (hs) {
    std::optional<zpl::error_status> errors;
    if (es) errors = *es.value;
    (void)zpl::status_tokens(*hs.value, errors);
    (void)zpl::can_print(*hs.value, errors);
    (void)zpl::all_printed(*hs.value, errors);
  }
}

// A register map made from the first bytes (profiles come from files, so any
// offset is possible), then one block of registers.
void modbus_block(std::string_view bytes) {
  if (bytes.size() < 8) return;
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  modbus::scale_profile p;
  p.block_length = byte(0) % 16;
  p.weight_offset = byte(1) % 18 - 1;
  p.weight_type = static_cast<modbus::value_type>(byte(2) % 5);
  p.order = static_cast<modbus::word_order>(byte(3) % 4);
  p.decimals = byte(4) % 8;
  p.weight_is_absolute = byte(4) & 0x80;
  p.stable = {byte(5) % 18 - 1, byte(6) % 20 - 2, (byte(6) & 0x80) != 0};
  p.motion = {byte(7) % 18 - 1, byte(5) % 17, false};
  p.overload = {byte(6) % 18 - 1, byte(7) % 16, false};
  p.negative = {byte(7) % 3 - 1, byte(1) % 16, false};
  std::vector<std::uint16_t> block;
  for (std::size_t i = 8; i + 1 < bytes.size(); i += 2) {
    block.push_back(static_cast<std::uint16_t>(byte(i) << 8 | byte(i + 1)));
  }
  const auto r = modbus::decode(p, block);
  require(r.reading.has_value() != r.error.has_value());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest{reinterpret_cast<const char*>(data) + 1, size - 1};
  switch (data[0] % 4) {
  case 0: mt_sics(rest); break;
  case 1: toledo(rest); break;
  case 2: zebra(rest); break;
  case 3: modbus_block(rest); break;
  }
  return 0;
}
