#include "event_store.hpp"

#include "store_transaction.hpp"

#include <boost/json/serialize.hpp>

#include <fmt/format.h>

namespace stationd::central {

namespace {

std::int64_t as_int(std::uint64_t v) { return static_cast<std::int64_t>(v); }

} // namespace

std::optional<std::string> event_store::current_epoch(const std::string& station) const {
  auto st = db_.prepare("SELECT current_epoch FROM stations WHERE station = ?");
  st.bind(1, station);
  if (!st.step()) return std::nullopt;
  return st.column_text(0);
}

std::uint64_t event_store::applied(const std::string& station, const std::string& epoch) const {
  auto st = db_.prepare("SELECT applied FROM streams WHERE station = ? AND epoch = ?");
  st.bind(1, station).bind(2, epoch);
  return st.step() ? static_cast<std::uint64_t>(st.column_int(0)) : 0;
}

std::optional<std::string> event_store::stored_uuid(const std::string& station, const std::string& epoch,
                                                    std::uint64_t seq) const {
  auto st = db_.prepare("SELECT uuid FROM events WHERE station = ? AND epoch = ? AND seq = ?");
  st.bind(1, station).bind(2, epoch).bind(3, as_int(seq));
  if (!st.step()) return std::nullopt;
  return st.column_text(0);
}

bool event_store::uuid_taken(const std::string& uuid) const {
  auto st = db_.prepare("SELECT 1 FROM events WHERE uuid = ?");
  st.bind(1, uuid);
  return st.step();
}

std::uint64_t event_store::open_stream(const std::string& station, const std::string& epoch) {
  store_transaction tx{db_};
  auto stream = db_.prepare("INSERT OR IGNORE INTO streams(station, epoch, applied) VALUES(?, ?, 0)");
  stream.bind(1, station).bind(2, epoch);
  stream.step();
  auto current = db_.prepare(
      "INSERT INTO stations(station, current_epoch) VALUES(?, ?) "
      "ON CONFLICT(station) DO UPDATE SET current_epoch = excluded.current_epoch");
  current.bind(1, station).bind(2, epoch);
  current.step();
  const auto result = applied(station, epoch);
  tx.commit();
  return result;
}

batch_outcome event_store::apply(const std::string& station, const sync::events& batch) {
  batch_outcome out;
  store_transaction tx{db_};
  if (current_epoch(station) != batch.epoch) {
    out.result = batch_outcome::kind::closed_epoch;
    out.applied = applied(station, batch.epoch);
    return out;
  }
  out.applied = applied(station, batch.epoch);
  auto insert = db_.prepare(
      "INSERT INTO events(station, epoch, seq, uuid, type, source, recorded_at, payload) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& e : batch.list) {
    if (e.seq <= out.applied) {
      if (stored_uuid(station, batch.epoch, e.seq) != e.uuid) {
        out.result = batch_outcome::kind::duplicate_mismatch;
        out.problem = fmt::format("seq {} was applied with another uuid", e.seq);
        break;
      }
      continue;
    }
    if (e.seq > out.applied + 1) {
      out.result = batch_outcome::kind::gap;
      out.expected = out.applied + 1;
      break;
    }
    // A uuid stored under another (station, epoch, seq) means two journals
    // share an id; the UNIQUE key would refuse it anyway, this names it.
    if (uuid_taken(e.uuid)) {
      out.result = batch_outcome::kind::duplicate_mismatch;
      out.problem = fmt::format("seq {}: uuid {} was applied as another event", e.seq, e.uuid);
      break;
    }
    insert.bind(1, station).bind(2, batch.epoch).bind(3, as_int(e.seq)).bind(4, e.uuid).bind(5, e.type);
    insert.bind(6, e.source).bind(7, e.recorded_at).bind(8, boost::json::serialize(e.payload));
    insert.step();
    insert.reset();
    out.applied = e.seq;
    ++out.new_events;
  }
  if (out.new_events > 0) {
    auto mark = db_.prepare("UPDATE streams SET applied = ? WHERE station = ? AND epoch = ?");
    mark.bind(1, as_int(out.applied)).bind(2, station).bind(3, batch.epoch);
    mark.step();
  }
  // The events before a gap or a mismatch are valid: they are kept.
  tx.commit();
  return out;
}

void event_store::record_revision_ack(const std::string& station, std::uint64_t revision) {
  auto st = db_.prepare("UPDATE stations SET revision_acked = max(revision_acked, ?) WHERE station = ?");
  st.bind(1, as_int(revision)).bind(2, station);
  st.step();
}

std::vector<stream_status> event_store::status() const {
  std::vector<stream_status> list;
  auto st = db_.prepare(
      "SELECT s.station, s.current_epoch, coalesce(t.applied, 0), s.revision_acked FROM stations s "
      "LEFT JOIN streams t ON t.station = s.station AND t.epoch = s.current_epoch ORDER BY s.station");
  while (st.step()) {
    list.push_back({st.column_text(0), st.column_text(1), static_cast<std::uint64_t>(st.column_int(2)),
                    static_cast<std::uint64_t>(st.column_int(3))});
  }
  return list;
}

} // namespace stationd::central
