#pragma once

#include "sync/protocol.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace stationd::sync {

// The station's rules for the master data revisions central sends (docs/protocol.md,
// "Downstream"), without sockets or threads: the sync client asks it what to do with
// each WELCOME, SNAPSHOT and UPDATE and tells it what was committed.
//
// Central is the source of master data. When its WELCOME names a revision below the
// station's, central's store went back (restored from a backup): the revisions it
// publishes from there on would look like duplicates and be ignored. So the station
// asks for central's snapshot (RESYNC, reason `central_behind`) and takes it whatever
// its revision; central's UPDATEs follow on from it. A SNAPSHOT at the station's own
// revision number under another revision id is central's other data by that number
// (central went back and published past it again): taken too.
class revision_follower {
public:
  static constexpr const char* central_behind_reason = "central_behind";

  // `revision_id`: central's id of the station's revision; empty: not known.
  explicit revision_follower(std::uint64_t revision, std::string revision_id = {})
      : revision_{revision}, revision_id_{std::move(revision_id)} {}

  // The revision the station has (committed), and central's id of it.
  std::uint64_t revision() const noexcept { return revision_; }
  const std::string& revision_id() const noexcept { return revision_id_; }
  // Waiting for the snapshot of a central that went back.
  bool central_behind() const noexcept { return behind_; }

  // A WELCOME from a central at `central_revision`: the RESYNC to send when central is behind.
  std::optional<resync> on_welcome(std::uint64_t central_revision);

  enum class verdict {
    apply,       // hand it to the station to commit, then applied()
    acknowledge, // a duplicate: REVISION_ACK again, nothing applied
    resync,      // not applicable here: send `ask`, drop what else is queued
  };
  struct decision {
    verdict what = verdict::acknowledge;
    std::uint64_t revision = 0; // of the SNAPSHOT or UPDATE
    std::string revision_id{};  // of the SNAPSHOT or UPDATE
    bool replaces = false;      // apply: central's snapshot in place of the station's line (not above it)
    resync ask{};               // for verdict::resync
  };
  // A SNAPSHOT or an UPDATE (anything else: std::invalid_argument).
  decision on_revision(const message& m) const;

  // The station committed `revision` (from a decision to apply; `replaces` as decided).
  // A revision decided on before central was found behind does not end that.
  void applied(std::uint64_t revision, std::string revision_id, bool replaces);

private:
  std::uint64_t revision_;
  std::string revision_id_;
  std::uint64_t central_ = 0; // central's revision at the last WELCOME
  bool behind_ = false;
};

} // namespace stationd::sync
