#pragma once
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// How station events become the 3PL status API's entities (docs/api.md): which
// event changes which order, package or return, and how. Pure: the entity store
// applies the result in the event's own transaction.
namespace stationd::api {

// One entity's change, as the changes feed names it.
struct entity_change {
  std::string kind;        // order, package, return
  std::string id;          // order id, SSCC, RMA
  std::string type;        // order.state_changed, package.sealed, ...
  std::string client_id;   // empty: keep the entity's, or take the related order's
  std::string related_order; // the order a package or return belongs to, may be empty
  boost::json::object fields; // merged into the entity (top-level keys replaced)
};

// The change a journal event makes, or nothing when it concerns no entity.
// `recorded_at` is the event's ISO 8601 time. An event without the entity's
// identifier (a package before its SSCC) changes nothing. Never throws for odd
// payloads: the station's journaling must not depend on this view of it.
std::optional<entity_change> change_of(std::string_view event_type, const boost::json::object& payload,
                                       std::string_view recorded_at);

// A new entity of `kind` with every documented field at its initial value.
boost::json::object new_entity(std::string_view kind, std::string_view id, std::string_view station_id);

// Applies `change` to `entity`: the change's fields, the client, the version,
// the sequence and the time. `client_id` is the one decided by the store.
void apply(boost::json::object& entity, const entity_change& change, std::string_view client_id, std::int64_t version,
           std::uint64_t seq, std::string_view recorded_at);

// Milliseconds since the Unix epoch as "2026-11-27T10:14:07.123Z".
std::string iso_time(std::int64_t ms);

} // namespace stationd::api
