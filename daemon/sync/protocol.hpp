#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

// The station <-> central sync protocol, version 1 (docs/protocol.md): the
// messages, and their two frames (type, JSON body) both ways. Pure code, shared
// by stationd and central-sim.
namespace stationd::sync {

constexpr int protocol_version = 1;

struct wire_event {
  std::uint64_t seq = 0;
  std::string uuid;
  std::string type;
  std::string source;
  std::int64_t recorded_at = 0;
  boost::json::value payload;
};

// Station -> central.
struct hello {
  int protocol = protocol_version;
  std::string station;
  std::string epoch;
  std::uint64_t last_seq = 0;
  std::uint64_t revision = 0;
  std::string revision_id{}; // central's id of that revision; empty: not known (not sent)
};
struct events {
  std::string epoch;
  std::vector<wire_event> list;
};
struct revision_ack {
  std::uint64_t revision = 0;
};
struct resync {
  std::uint64_t revision = 0;
  std::string reason;
};
struct ping {
  std::int64_t time = 0;
};

// Central -> station.
struct welcome {
  int protocol = protocol_version;
  std::string station;
  std::string epoch;
  std::uint64_t next_seq = 1;
  std::uint64_t credit = 0;
  std::uint64_t revision = 0;
};
struct ack {
  std::string epoch;
  std::uint64_t seq = 0;
  std::uint64_t credit = 0;
};
struct nak {
  std::string epoch;
  std::uint64_t expected = 0;
};
// `revision_id`: central's id of the revision (a new one for every revision it
// publishes, so a revision number reused after central's store went back is told
// apart); empty: central gives none (not sent).
struct snapshot {
  std::uint64_t revision = 0;
  boost::json::object data;
  std::string revision_id{};
};
struct update {
  std::uint64_t base = 0;
  std::uint64_t revision = 0;
  boost::json::object changes;
  std::string revision_id{};
};
struct pong {
  std::int64_t time = 0;
};
struct error {
  std::string code; // bad_message, unsupported_protocol, unknown_station, duplicate_mismatch, not_welcomed
  std::string text;
};

using message = std::variant<hello, events, revision_ack, resync, ping, welcome, ack, nak, snapshot, update, pong, error>;

struct frames {
  std::string type; // "HELLO", "EVENTS", ...
  std::string body; // one JSON object
};

frames encode(const message& m);

struct decoded {
  std::optional<message> msg;
  std::string problem; // why it is not a message (for ERROR bad_message)
};
// Reads two frames. Unknown members are ignored; a missing or mistyped member,
// an unknown type or a body that is not a JSON object is a problem.
decoded decode(std::string_view type, std::string_view body);

std::string_view type_of(const message& m);

} // namespace stationd::sync
