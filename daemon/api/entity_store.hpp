#pragma once
#include "journal/journal.hpp"
#include "journal/sqlite.hpp"
#include <boost/json/object.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

// The 3PL status API's tables (journal schema version 6): the entities and the
// changes feed. The projector runs inside the journal's transactions; the
// reader answers queries on a read-only connection of its own.
namespace stationd::api {

// Keeps api_entities and api_changes in step with the journal: given to the
// journal as its event projection (journal::options::project).
class entity_projector {
public:
  explicit entity_projector(std::string station_id) : station_id_{std::move(station_id)} {}
  void operator()(sqlite::database& db, const journal::stored_event& event) const;

private:
  std::string station_id_;
};

// What a client may see: merchants (empty: all) and entity kinds (empty: all).
struct visibility {
  std::set<std::string, std::less<>> clients;
  std::set<std::string, std::less<>> kinds;
  bool sees(std::string_view kind, std::string_view client) const;
};

struct stored_entity {
  std::string body; // the entity, JSON
  std::int64_t version = 0;
  std::string client_id;
};

struct feed_event {
  std::uint64_t seq = 0;
  std::string event_id; // the event's outbox UUID
  std::string kind, id, type, client_id;
  std::int64_t version = 0;
  std::int64_t recorded_at_ms = 0;
  std::string data; // the entity after this change, JSON
};

struct feed_page {
  std::vector<feed_event> events;
  bool has_more = false;
  std::uint64_t next_seq = 0;       // where the next page starts after
  std::uint64_t high_watermark = 0; // the journal's last sequence when read
};

// Where a cursor stands against the journal.
enum class cursor_check { ok, expired, ahead };

struct snapshot_page {
  std::vector<stored_entity> orders, packages, returns;
  std::uint64_t high_watermark = 0;
};

class entity_reader {
public:
  explicit entity_reader(const std::filesystem::path& journal_path);
  std::string epoch() const;
  std::optional<stored_entity> entity(std::string_view kind, std::string_view id) const;
  // Changes after `after_seq` that `who` may see, oldest first, at most `limit`;
  // all read in one transaction with the high watermark, so nothing committed
  // at or below it is missing.
  feed_page changes(std::uint64_t after_seq, std::size_t limit, const visibility& who) const;
  cursor_check check(std::uint64_t after_seq) const;
  snapshot_page snapshot(const visibility& who) const;
  std::uint64_t last_seq() const;

private:
  sqlite::database db_;
};

// Deletes changes recorded before `before_ms` and raises the floor below which
// cursors have expired. Runs on the journal's writer (a unit's projection).
void prune_changes(sqlite::database& db, std::int64_t before_ms);

} // namespace stationd::api
