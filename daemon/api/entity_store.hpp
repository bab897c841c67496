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

// Where a cursor stands against the journal.
enum class cursor_check {
  ok,
  expired, // older than the changes kept
  ahead,   // beyond the journal's end
  foreign  // its sequence names another event (a journal restored from an older copy)
};

struct feed_page {
  cursor_check state = cursor_check::ok; // not ok: no events were read
  std::vector<feed_event> events;
  bool has_more = false;
  std::uint64_t next_seq = 0;       // where the next page starts after
  std::string next_tag = "0";       // that sequence's tag (cursor.hpp)
  std::uint64_t high_watermark = 0; // the journal's last sequence when read
};

// Where a snapshot page starts: after this entity, at this pinned position.
struct snapshot_position {
  std::uint64_t high_watermark = 0;
  std::string tag = "0";
  std::string kind, id; // the last entity of the previous page
};

struct snapshot_page {
  std::vector<stored_entity> orders, packages, returns;
  std::uint64_t high_watermark = 0;
  std::string tag = "0"; // of the high watermark
  std::optional<snapshot_position> next; // more entities to read
};

class entity_reader {
public:
  explicit entity_reader(const std::filesystem::path& journal_path);
  std::string epoch() const;
  std::optional<stored_entity> entity(std::string_view kind, std::string_view id) const;
  // Changes after `after_seq` that `who` may see, oldest first, at most `limit`;
  // all read in one transaction with the high watermark, so nothing committed
  // at or below it is missing.
  // The cursor (`after_seq` with its `after_tag`) is checked in the same read
  // transaction: a prune committed meanwhile cannot slip between check and read.
  feed_page changes(std::uint64_t after_seq, std::string_view after_tag, std::size_t limit,
                    const visibility& who) const;
  // The first 8 hex digits of the UUID of the event at `seq`; "0" for 0; "" when there is none.
  std::string tag_of(std::uint64_t seq) const;
  // At most `limit` entities, by kind and id, after `from` (nothing: the first
  // page, whose high watermark is read in the same transaction; later pages
  // keep the first page's).
  snapshot_page snapshot(const visibility& who, const std::optional<snapshot_position>& from, std::size_t limit) const;
  std::uint64_t last_seq() const;

private:
  sqlite::database db_;
};

// Deletes changes recorded before `before_ms` and raises the floor below which
// cursors have expired. Runs on the journal's writer (a unit's projection).
void prune_changes(sqlite::database& db, std::int64_t before_ms);

} // namespace stationd::api
