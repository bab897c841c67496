#include "sync/protocol.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fmt/format.h>

#include <limits>
#include <stdexcept>

namespace stationd::sync {

namespace json = boost::json;

namespace {

struct bad : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const json::value& member(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) throw bad(fmt::format("\"{}\" is missing", key));
  return *v;
}

std::string text(const json::object& o, std::string_view key) {
  const auto& v = member(o, key);
  if (!v.is_string()) throw bad(fmt::format("\"{}\" must be a string", key));
  return std::string(v.get_string());
}

// A member later versions added: absent is empty.
std::string optional_text(const json::object& o, std::string_view key) {
  return o.contains(key) ? text(o, key) : std::string{};
}

std::uint64_t count(const json::object& o, std::string_view key) {
  const auto& v = member(o, key);
  if (v.is_uint64()) return v.get_uint64();
  if (v.is_int64() && v.get_int64() >= 0) return static_cast<std::uint64_t>(v.get_int64());
  throw bad(fmt::format("\"{}\" must be a non-negative integer", key));
}

std::int64_t integer(const json::object& o, std::string_view key) {
  const auto& v = member(o, key);
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return static_cast<std::int64_t>(v.get_uint64());
  }
  throw bad(fmt::format("\"{}\" must be an integer", key));
}

const json::object& object(const json::object& o, std::string_view key) {
  const auto& v = member(o, key);
  if (!v.is_object()) throw bad(fmt::format("\"{}\" must be an object", key));
  return v.get_object();
}

wire_event read_event(const json::value& v, std::size_t i) {
  if (!v.is_object()) throw bad(fmt::format("events[{}] must be an object", i));
  const auto& o = v.get_object();
  try {
    wire_event e;
    e.seq = count(o, "seq");
    e.uuid = text(o, "uuid");
    e.type = text(o, "type");
    e.source = text(o, "source");
    e.recorded_at = integer(o, "recorded_at");
    e.payload = member(o, "payload");
    return e;
  } catch (const bad& b) {
    throw bad(fmt::format("events[{}]: {}", i, b.what()));
  }
}

message read(std::string_view type, const json::object& o) {
  if (type == "HELLO") {
    return hello{static_cast<int>(integer(o, "protocol")), text(o, "station"), text(o, "epoch"), count(o, "last_seq"),
                 count(o, "revision"), optional_text(o, "revision_id")};
  }
  if (type == "EVENTS") {
    events e{text(o, "epoch"), {}};
    const auto& list = member(o, "events");
    if (!list.is_array()) throw bad("\"events\" must be an array");
    std::size_t i = 0;
    for (const auto& item : list.get_array()) e.list.push_back(read_event(item, i++));
    for (std::size_t k = 1; k < e.list.size(); ++k) {
      if (e.list[k].seq != e.list[k - 1].seq + 1) throw bad(fmt::format("events[{}]: sequences must be consecutive", k));
    }
    return e;
  }
  if (type == "REVISION_ACK") return revision_ack{count(o, "revision")};
  if (type == "RESYNC") {
    resync r{count(o, "revision"), {}};
    if (const auto* reason = o.if_contains("reason"); reason && reason->is_string()) r.reason = reason->get_string();
    return r;
  }
  if (type == "PING") return ping{integer(o, "time")};
  if (type == "WELCOME") {
    return welcome{static_cast<int>(integer(o, "protocol")), text(o, "station"), text(o, "epoch"), count(o, "next_seq"),
                   count(o, "credit"), count(o, "revision")};
  }
  if (type == "ACK") return ack{text(o, "epoch"), count(o, "seq"), count(o, "credit")};
  if (type == "NAK") return nak{text(o, "epoch"), count(o, "expected")};
  if (type == "SNAPSHOT") return snapshot{count(o, "revision"), object(o, "data"), optional_text(o, "revision_id")};
  if (type == "UPDATE") {
    return update{count(o, "base"), count(o, "revision"), object(o, "changes"), optional_text(o, "revision_id")};
  }
  if (type == "PONG") return pong{integer(o, "time")};
  if (type == "ERROR") return error{text(o, "code"), text(o, "text")};
  throw bad(fmt::format("unknown message type \"{}\"", type));
}

json::object event_json(const wire_event& e) {
  return {{"seq", e.seq},       {"uuid", e.uuid},         {"type", e.type},
          {"source", e.source}, {"recorded_at", e.recorded_at}, {"payload", e.payload}};
}

} // namespace

std::string_view type_of(const message& m) {
  static constexpr std::string_view names[] = {"HELLO", "EVENTS", "REVISION_ACK", "RESYNC", "PING",  "WELCOME",
                                               "ACK",   "NAK",    "SNAPSHOT",     "UPDATE", "PONG", "ERROR"};
  return names[m.index()];
}

frames encode(const message& m) {
  json::object body = std::visit(
      [](const auto& x) -> json::object {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, hello>) {
          json::object o{{"protocol", x.protocol}, {"station", x.station}, {"epoch", x.epoch}, {"last_seq", x.last_seq},
                         {"revision", x.revision}};
          if (!x.revision_id.empty()) o["revision_id"] = x.revision_id;
          return o;
        } else if constexpr (std::is_same_v<T, events>) {
          json::array list;
          list.reserve(x.list.size());
          for (const auto& e : x.list) list.push_back(event_json(e));
          return {{"epoch", x.epoch}, {"events", std::move(list)}};
        } else if constexpr (std::is_same_v<T, revision_ack>) {
          return {{"revision", x.revision}};
        } else if constexpr (std::is_same_v<T, resync>) {
          return {{"revision", x.revision}, {"reason", x.reason}};
        } else if constexpr (std::is_same_v<T, ping> || std::is_same_v<T, pong>) {
          return {{"time", x.time}};
        } else if constexpr (std::is_same_v<T, welcome>) {
          return {{"protocol", x.protocol}, {"station", x.station}, {"epoch", x.epoch}, {"next_seq", x.next_seq},
                  {"credit", x.credit},     {"revision", x.revision}};
        } else if constexpr (std::is_same_v<T, ack>) {
          return {{"epoch", x.epoch}, {"seq", x.seq}, {"credit", x.credit}};
        } else if constexpr (std::is_same_v<T, nak>) {
          return {{"epoch", x.epoch}, {"expected", x.expected}};
        } else if constexpr (std::is_same_v<T, snapshot>) {
          json::object o{{"revision", x.revision}, {"data", x.data}};
          if (!x.revision_id.empty()) o["revision_id"] = x.revision_id;
          return o;
        } else if constexpr (std::is_same_v<T, update>) {
          json::object o{{"base", x.base}, {"revision", x.revision}, {"changes", x.changes}};
          if (!x.revision_id.empty()) o["revision_id"] = x.revision_id;
          return o;
        } else {
          return {{"code", x.code}, {"text", x.text}};
        }
      },
      m);
  return {std::string(type_of(m)), json::serialize(body)};
}

decoded decode(std::string_view type, std::string_view body) {
  boost::system::error_code ec;
  const auto v = json::parse(body, ec);
  if (ec) return {std::nullopt, fmt::format("{}: the body is not JSON ({})", type, ec.message())};
  if (!v.is_object()) return {std::nullopt, fmt::format("{}: the body must be a JSON object", type)};
  try {
    return {read(type, v.get_object()), {}};
  } catch (const bad& b) {
    return {std::nullopt, fmt::format("{}: {}", type, b.what())};
  }
}

} // namespace stationd::sync
