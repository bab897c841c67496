#pragma once

#include "config/station_config.hpp"
#include "log/logger.hpp"
#include "sync/curve_keys.hpp"
#include "sync/protocol.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace stationd::sync {

// What the link is doing, for status variables and `stationctl outbox`.
struct sync_status {
  std::string link = "connecting"; // connecting, up, down, refused
  std::string epoch;
  std::uint64_t last_seq = 0;       // the journal's newest event
  std::uint64_t acked = 0;          // central applied everything up to here (0: not known yet)
  bool acked_known = false;         // a WELCOME or ACK said so since start
  std::int64_t oldest_unacked_ms = 0; // recorded_at of the oldest event central has not acknowledged; 0: none
  std::int64_t last_contact_ms = 0; // when central was last heard (wall clock); 0: never
  std::int64_t last_contact_age_ms = -1; // how long ago, on the steady clock (a wall clock step changes nothing); -1: never
  std::uint64_t revision = 0;       // master data revision the station has
  std::string revision_id;          // central's id of it; empty: not known
  std::string error;                // the last ERROR from central, or why the link cannot work
  // What an operator must see (refused, duplicate_mismatch, bad master data, central
  // went back), raised since the last status: each is handed on once.
  std::vector<std::string> alarms;
};

// The station's side of the sync protocol (docs/protocol.md). A thread of its
// own owns the ZeroMQ DEALER socket (ZeroMQ sockets are not for the io thread),
// reads unsent events from the journal with its own read-only connection, and
// hands master data revisions to the io thread, which applies them through the
// journal and says when they are committed. It never writes the journal.
class sync_client {
public:
  struct options {
    config::central_settings settings;
    std::string station_id;
    std::filesystem::path journal;
    std::optional<key_pair> keys; // none when insecure
    // What central had acknowledged when the station last heard (kept in the
    // journal's station_meta), so the backlog is known before central answers.
    std::optional<std::uint64_t> last_known_acked;
  };
  // A SNAPSHOT or UPDATE to apply; `done(outcome, why)` must be called on the io
  // thread once it is committed or not.
  enum class applied { ok, invalid, failed }; // invalid: the data does not check out; failed: the station could not
  using revision_handler = std::function<void(const message& revision, std::function<void(applied, std::string)> done)>;
  // Called on the io thread about twice a second.
  using status_handler = std::function<void(const sync_status&)>;

  sync_client(boost::asio::any_io_executor io, options opts, log::logger& log, revision_handler on_revision,
              status_handler on_status);
  ~sync_client();
  sync_client(const sync_client&) = delete;
  sync_client& operator=(const sync_client&) = delete;

  // `revision`: the master data revision the station has now; `revision_id`: central's id of it.
  void start(std::uint64_t revision, std::string revision_id);
  void stop();
  sync_status status() const;

private:
  struct link;
  void run(std::uint64_t revision, std::string revision_id);
  void loop(std::uint64_t revision, const std::string& revision_id);
  void publish(const sync_status& s);
  void finished_revision(std::uint64_t revision, applied outcome, std::string why);

  boost::asio::any_io_executor io_;
  options options_;
  log::logger& log_;
  revision_handler on_revision_;
  status_handler on_status_;

  mutable std::mutex mutex_;
  sync_status status_;
  struct result {
    std::uint64_t revision;
    applied outcome;
    std::string why;
  };
  std::deque<result> results_; // revisions the io thread finished
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

} // namespace stationd::sync
