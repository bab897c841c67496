#include "central_service.hpp"

#include <boost/json/serialize.hpp>

#include <fmt/format.h>

namespace stationd::central {

namespace json = boost::json;

namespace {

outbound error_to(const std::string& routing_id, std::string code, std::string text) {
  return {routing_id, sync::error{std::move(code), std::move(text)}};
}

} // namespace

central_service::central_service(event_store& events, revision_store& revisions, service_settings settings,
                                 log_fn log)
    : events_{events}, revisions_{revisions}, settings_{settings}, log_{std::move(log)} {}

const central_service::session* central_service::welcomed(const inbound& in) const {
  const auto it = sessions_.find(in.routing_id);
  // Another key that took over the routing id (ROUTER handover) has not been welcomed.
  if (it == sessions_.end() || it->second.user_id != in.user_id) return nullptr;
  return &it->second;
}

std::vector<outbound> central_service::handle(const inbound& in) {
  if (in.frames.size() != 2) {
    return {error_to(in.routing_id, "bad_message", fmt::format("{} frames, expected 2", in.frames.size()))};
  }
  auto d = sync::decode(in.frames[0], in.frames[1]);
  if (!d.msg) return {error_to(in.routing_id, "bad_message", d.problem)};
  const auto& msg = *d.msg;

  if (const auto* h = std::get_if<sync::hello>(&msg)) return on_hello(in, *h);
  if (const auto* p = std::get_if<sync::ping>(&msg)) {
    // A PING without a session: central restarted under a station that had nothing
    // to send. A PONG would keep it from saying HELLO, and from getting the revisions
    // published since; not_welcomed makes it say HELLO now.
    if (!welcomed(in)) return {error_to(in.routing_id, "not_welcomed", "PING before HELLO")};
    return {{in.routing_id, sync::pong{p->time}}};
  }

  const bool from_station = std::holds_alternative<sync::events>(msg) ||
                            std::holds_alternative<sync::revision_ack>(msg) || std::holds_alternative<sync::resync>(msg);
  if (!from_station) {
    return {error_to(in.routing_id, "bad_message", fmt::format("{} is not sent to central", sync::type_of(msg)))};
  }
  const auto* s = welcomed(in);
  if (!s) return {error_to(in.routing_id, "not_welcomed", fmt::format("{} before HELLO", sync::type_of(msg)))};

  if (const auto* batch = std::get_if<sync::events>(&msg)) return on_events(in, *s, *batch);
  std::vector<outbound> out;
  if (const auto* a = std::get_if<sync::revision_ack>(&msg)) {
    events_.record_revision_ack(s->station, a->revision);
  } else if (const auto* r = std::get_if<sync::resync>(&msg)) {
    log_(fmt::format("{}: RESYNC at revision {}{}{}", s->station, r->revision, r->reason.empty() ? "" : ": ",
                     r->reason));
    send_snapshot(in.routing_id, out);
  }
  return out;
}

std::vector<outbound> central_service::on_hello(const inbound& in, const sync::hello& h) {
  if (h.protocol != sync::protocol_version) {
    return {error_to(in.routing_id, "unsupported_protocol",
                     fmt::format("central speaks protocol {}", sync::protocol_version))};
  }
  if (settings_.check_user_id && in.user_id != h.station) {
    log_(fmt::format("HELLO from \"{}\" with the key of \"{}\": refused", h.station, in.user_id.value_or("")));
    return {error_to(in.routing_id, "unknown_station",
                     fmt::format("this key is not bound to station \"{}\"", h.station))};
  }
  const auto applied = events_.open_stream(h.station, h.epoch);
  sessions_[in.routing_id] = {h.station, in.user_id};
  const auto revision = revisions_.latest();
  std::vector<outbound> out{
      {in.routing_id, sync::welcome{sync::protocol_version, h.station, h.epoch, applied + 1, settings_.credit, revision}}};
  if (h.revision > revision) {
    // The station has revisions central no longer has: central's store went back. The
    // station asks for the snapshot (RESYNC central_behind) and takes it.
    log_(fmt::format("{}: HELLO at master data revision {}, central is at {}: central's store went back", h.station,
                     h.revision, revision));
    return out;
  }
  if (h.revision > 0 && !h.revision_id.empty()) {
    // Central's revision by that number is other data (its store went back and it
    // published past the station's revision again): updates would not fit on it.
    const auto ours = revisions_.id_of(h.revision);
    if (ours && !ours->empty() && *ours != h.revision_id) {
      log_(fmt::format("{}: its revision {} is not central's (id {}, central's {}): sending the snapshot", h.station,
                       h.revision, h.revision_id, *ours));
      send_snapshot(in.routing_id, out);
      return out;
    }
  }
  if (h.revision < revision) send_revisions_since(in.routing_id, h.revision, out);
  return out;
}

std::vector<outbound> central_service::on_events(const inbound& in, const session& s, const sync::events& batch) {
  const auto result = events_.apply(s.station, batch);
  std::vector<outbound> out;
  switch (result.result) {
  case batch_outcome::kind::closed_epoch:
    // docs/protocol.md: a station's older epochs are closed, their events ignored.
    log_(fmt::format("{}: EVENTS of closed epoch {} ignored", s.station, batch.epoch));
    return out;
  case batch_outcome::kind::gap:
    out.push_back({in.routing_id, sync::nak{batch.epoch, result.expected}});
    break;
  case batch_outcome::kind::duplicate_mismatch:
    log_(fmt::format("{}: {}", s.station, result.problem));
    out.push_back(error_to(in.routing_id, "duplicate_mismatch", result.problem));
    break;
  case batch_outcome::kind::applied:
    break;
  }
  out.push_back({in.routing_id, sync::ack{batch.epoch, result.applied, settings_.credit}});
  return out;
}

void central_service::send_revisions_since(const std::string& routing_id, std::uint64_t station_revision,
                                           std::vector<outbound>& out) const {
  if (auto updates = revisions_.updates_since(station_revision)) {
    for (auto& u : *updates) out.push_back({routing_id, std::move(u)});
    return;
  }
  send_snapshot(routing_id, out);
}

void central_service::send_snapshot(const std::string& routing_id, std::vector<outbound>& out) const {
  if (auto snap = revisions_.snapshot_at(revisions_.latest())) out.push_back({routing_id, std::move(*snap)});
}

std::vector<outbound> central_service::to_all(const sync::message& m) const {
  std::vector<outbound> out;
  for (const auto& [routing_id, s] : sessions_) out.push_back({routing_id, m});
  return out;
}

published central_service::publish_update(const json::object& changes) {
  auto u = revisions_.publish_update(changes);
  return {u.revision, to_all(u)};
}

published central_service::publish_snapshot(std::string_view master_data_json) {
  auto s = revisions_.publish_snapshot(master_data_json);
  return {s.revision, to_all(s)};
}

std::string central_service::status_json() const {
  json::object stations;
  for (const auto& s : events_.status()) {
    stations[s.station] = json::object{{"epoch", s.epoch}, {"applied", s.applied}, {"revision_acked", s.revision_acked}};
  }
  return json::serialize(json::object{{"revision", revisions_.latest()}, {"stations", std::move(stations)}});
}

} // namespace stationd::central
