#pragma once

#include "journal/sqlite.hpp"
#include "sync/protocol.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stationd::central {

// What one EVENTS batch did (docs/protocol.md, "Central's rule").
struct batch_outcome {
  enum class kind {
    applied,            // every event was new or a matching duplicate
    gap,                // a seq beyond applied + 1: the rest was dropped
    duplicate_mismatch, // a seq or uuid central has came with other data: the rest was dropped
    closed_epoch,       // not the station's current epoch: nothing looked at
  };
  kind result = kind::applied;
  std::uint64_t applied = 0;   // highest seq applied for (station, epoch), after the batch
  std::uint64_t expected = 0;  // for gap: applied + 1
  std::size_t new_events = 0;  // stored by this batch
  std::string problem;         // for duplicate_mismatch: which seq
};

struct stream_status {
  std::string station;
  std::string epoch; // the current one
  std::uint64_t applied = 0;
  std::uint64_t revision_acked = 0;
};

// The upstream half of the store: every station event exactly once, in order.
class event_store {
public:
  explicit event_store(sqlite::database& db) : db_{db} {}

  // HELLO: makes `epoch` the station's current one (a new epoch starts at 0)
  // and returns its `applied`.
  std::uint64_t open_stream(const std::string& station, const std::string& epoch);
  // One transaction for the whole batch; committed before this returns.
  batch_outcome apply(const std::string& station, const sync::events& batch);
  void record_revision_ack(const std::string& station, std::uint64_t revision);
  std::vector<stream_status> status() const;

private:
  std::optional<std::string> current_epoch(const std::string& station) const;
  std::uint64_t applied(const std::string& station, const std::string& epoch) const;
  std::optional<std::string> stored_uuid(const std::string& station, const std::string& epoch, std::uint64_t seq) const;
  bool uuid_taken(const std::string& uuid) const;

  sqlite::database& db_;
};

} // namespace stationd::central
