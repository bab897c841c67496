#pragma once

#include "event_store.hpp"
#include "revision_store.hpp"
#include "sync/protocol.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::central {

// One message as the ROUTER delivered it.
struct inbound {
  std::string routing_id;
  std::optional<std::string> user_id; // from ZAP; none on plain TCP
  std::vector<std::string> frames;    // after the routing id: type and body
};

struct outbound {
  std::string routing_id;
  sync::message msg;
};

struct service_settings {
  std::uint64_t credit = 1000;
  bool check_user_id = true; // false only with --insecure (no ZAP, no User-Id)
};

struct published {
  std::uint64_t revision = 0;
  std::vector<outbound> out; // the new revision for every connected station
};

// Central's side of docs/protocol.md, without sockets: a message in, the
// replies out. Every reply is decided after the store has committed.
class central_service {
public:
  using log_fn = std::function<void(const std::string&)>;

  central_service(event_store& events, revision_store& revisions, service_settings settings, log_fn log);

  std::vector<outbound> handle(const inbound& in);
  published publish_update(const boost::json::object& changes);
  published publish_snapshot(std::string_view master_data_json);
  // A peer that went away (the ROUTER could not route to it).
  void forget(const std::string& routing_id) { sessions_.erase(routing_id); }
  std::string status_json() const;

private:
  struct session {
    std::string station;
    std::optional<std::string> user_id;
  };

  std::vector<outbound> on_hello(const inbound& in, const sync::hello& h);
  std::vector<outbound> on_events(const inbound& in, const session& s, const sync::events& batch);
  void send_revisions_since(const std::string& routing_id, std::uint64_t station_revision,
                            std::vector<outbound>& out) const;
  void send_snapshot(const std::string& routing_id, std::vector<outbound>& out) const;
  const session* welcomed(const inbound& in) const;
  std::vector<outbound> to_all(const sync::message& m) const;

  event_store& events_;
  revision_store& revisions_;
  service_settings settings_;
  log_fn log_;
  std::map<std::string, session> sessions_; // by routing id, after a WELCOME
};

} // namespace stationd::central
