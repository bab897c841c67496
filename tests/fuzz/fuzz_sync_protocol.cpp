// libFuzzer: the sync protocol's message decoding (docs/protocol.md), as central
// or a station would meet a frame pair from the network. Invariants: a decoded
// message or a problem, never both; a decoded message encodes again and decodes
// to the same type.

#include "sync/protocol.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace stationd::sync;

namespace {
constexpr std::string_view types[] = {"HELLO", "EVENTS", "REVISION_ACK", "RESYNC", "PING",  "WELCOME", "ACK",
                                      "NAK",   "SNAPSHOT", "UPDATE",    "PONG",   "ERROR", "BYE",     "hello", ""};
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto type = types[data[0] % std::size(types)];
  const std::string_view body{reinterpret_cast<const char*>(data) + 1, size - 1};
  const auto d = decode(type, body);
  if (d.msg.has_value() == !d.problem.empty()) std::abort();
  if (d.msg) {
    const auto again = encode(*d.msg);
    const auto back = decode(again.type, again.body);
    if (!back.msg || type_of(*back.msg) != type_of(*d.msg)) std::abort();
  }
  return 0;
}
