#pragma once

#include "journal/sqlite.hpp"
#include "sync/protocol.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::central {

// The downstream half of the store: central's master data, one row per
// revision. Each row keeps what was published (a whole snapshot or the
// changes of an update) and the whole data at that revision, so a SNAPSHOT
// never has to replay updates.
class revision_store {
public:
  explicit revision_store(sqlite::database& db) : db_{db} {}

  std::uint64_t latest() const; // 0: no master data yet
  // Both check the result (docs/master-data.md) before storing it and throw
  // std::runtime_error (json_reader::error) naming the bad path.
  sync::snapshot publish_snapshot(std::string_view master_data_json);
  sync::update publish_update(const boost::json::object& changes);

  std::optional<sync::snapshot> snapshot_at(std::uint64_t revision) const;
  // The id given to `revision` when it was published (random, new for each: a
  // revision number reused after the store was restored from a backup gets
  // another); nullopt: no such revision; empty: stored before revisions had ids.
  std::optional<std::string> id_of(std::uint64_t revision) const;
  // The UPDATEs from `station_revision` to the latest, or nothing when one of
  // them is not stored as an update (a snapshot replaced the data since).
  std::optional<std::vector<sync::update>> updates_since(std::uint64_t station_revision) const;

private:
  // Returns the new revision's id.
  std::string store(std::uint64_t revision, std::uint64_t base, std::string_view kind, std::string_view body,
                    std::string_view data);

  sqlite::database& db_;
};

} // namespace stationd::central
