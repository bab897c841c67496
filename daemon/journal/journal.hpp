#pragma once

#include "journal/journal_error.hpp"
#include "journal/sqlite.hpp"
#include "log/logger.hpp"

#include <boost/asio/any_completion_executor.hpp>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace stationd::journal {

enum class integrity_check { quick, full, none };

struct stored_event;

// Runs for every event inside its unit's transaction, right after the event is
// inserted (the 3PL entity store keeps its entities and changes feed this way, so
// a change is committed with the event that caused it or not at all). Runs on the
// writer thread; throwing rejects the unit.
using event_projection = std::function<void(sqlite::database& db, const stored_event& event)>;

struct options {
  std::filesystem::path path;
  std::size_t group_commit_max_rows = 1000;
  std::chrono::milliseconds group_commit_delay{0};
  std::uint64_t max_size_bytes = 0; // 0: unlimited
  integrity_check check = integrity_check::quick;
  event_projection project;
  // Called on the journal's executor after every commit with the highest
  // committed sequence (long-polling readers wait for it).
  std::function<void(std::uint64_t last_seq)> on_commit;
};

struct event_record {
  std::string type;           // e.g. "scan.accepted"
  std::string source;         // the component or device that caused it
  std::string payload = "{}"; // a JSON document
};

// Runs inside the unit's transaction before its events are inserted, and may
// complete them from what the database holds (the next SSCC serial, say).
// Runs on the writer thread; throwing rejects the whole unit. It may run twice
// when a batch is retried after a storage error, so it sets, never appends.
using preparation = std::function<void(sqlite::database& db, std::vector<event_record>& events)>;

// Writes that belong in the same transaction as the unit's events (outbox rows,
// projections), given the sequences the events received. Runs on the writer
// thread; throwing rejects the whole unit.
using projection = std::function<void(sqlite::database& db, std::span<const std::uint64_t> sequences)>;

struct write_unit {
  std::vector<event_record> events;
  preparation prepare;
  projection apply;
};

struct append_result {
  std::uint64_t first_seq = 0; // 0 when the unit held no events
  std::uint64_t last_seq = 0;
  std::string detail;          // why it failed, when it did
};

struct stored_event {
  std::uint64_t seq = 0;
  std::int64_t recorded_at_ms = 0;
  std::string type;
  std::string source;
  std::string payload;
};

enum class journal_state { running, failed, closed };
std::string_view to_string(journal_state s) noexcept;

struct journal_status {
  journal_state state = journal_state::running;
  std::string failure;         // the storage error that stopped the journal
  std::uint64_t last_seq = 0;  // highest committed sequence
  std::size_t queued = 0;      // units waiting for the writer
  std::uint64_t commits = 0;   // transactions committed since start
  std::uint64_t units = 0;     // units committed since start
  std::uint64_t largest_batch = 0;
};

// The durable event journal. One writer thread owns the write connection: it takes
// every unit queued while the previous commit was in flight and commits them in a
// single BEGIN IMMEDIATE transaction (group commit), each unit in its own savepoint
// so one bad unit does not sink the others. A unit's completion runs on its own
// executor only after COMMIT returned. A storage failure (disk full, I/O error)
// moves the journal to `failed`: everything still queued, and everything asked of
// it later, completes with an error; what was committed stays committed.
class journal {
public:
  using completion_signature = void(boost::system::error_code, append_result);
  using completion_handler = boost::asio::any_completion_handler<completion_signature>;

  // Opens (creating if needed), checks integrity, migrates and starts the writer.
  // Throws std::runtime_error with a readable reason when the journal cannot be used.
  journal(boost::asio::any_io_executor executor, options opts, log::logger& log);
  ~journal();
  journal(const journal&) = delete;
  journal& operator=(const journal&) = delete;

  template <typename CompletionToken>
  auto async_append(write_unit unit, CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, completion_signature>(
        [this](auto handler, write_unit u) { enqueue(std::move(u), completion_handler{std::move(handler)}); }, token,
        std::move(unit));
  }

  // Stops taking work, commits everything already queued, stops the writer, then
  // completes. Appends made after this call complete with journal_errc::closed.
  template <typename CompletionToken>
  auto async_close(CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, void()>(
        [this](auto handler) {
          auto work = boost::asio::prefer(boost::asio::get_associated_executor(handler, executor_),
                                          boost::asio::execution::outstanding_work.tracked);
          auto shared = std::make_shared<decltype(handler)>(std::move(handler));
          begin_close([work, shared] { boost::asio::post(work, [shared] { std::move (*shared)(); }); });
        },
        token);
  }

  journal_status status() const;
  // False when the writer thread has not come round its loop for `max_silence`
  // (stuck in fsync, say); the systemd watchdog is fed only while this is true.
  bool writer_responsive(std::chrono::steady_clock::duration max_silence) const;
  const std::filesystem::path& path() const noexcept { return options_.path; }
  const boost::asio::any_io_executor& get_executor() const noexcept { return executor_; }

private:
  struct pending {
    write_unit unit;
    completion_handler handler;
    boost::asio::any_completion_executor work; // keeps the caller's executor from running out of work
  };
  struct outcome {
    boost::system::error_code ec;
    append_result result;
  };

  void enqueue(write_unit unit, completion_handler handler);
  // `on_closed` runs on the writer thread once the last commit is done.
  void begin_close(std::function<void()> on_closed);
  void run_writer();
  void project_history();
  struct attempt {
    std::size_t stopped_at = 0;                   // units before this ran; from it on none did
    std::optional<sqlite::error> failure;         // what stopped the attempt, if anything did
    bool committed = false;                       // the units before stopped_at are durable
  };
  void commit_batch(std::vector<pending>& batch);
  attempt try_commit(std::span<pending> units, std::span<outcome> outcomes);
  void complete(pending& p, outcome o);
  void fail(const std::string& reason, journal_errc why);
  // Marks the journal failed and takes what is still queued; the caller completes those.
  std::deque<pending> mark_failed(const std::string& reason, journal_errc why);

  options options_;
  log::logger& log_;
  boost::asio::any_io_executor executor_;
  sqlite::database db_; // used only by the writer thread once it runs

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<pending> queue_;
  journal_status status_;
  std::function<void()> on_closed_;
  bool closing_ = false;
  std::atomic<std::chrono::steady_clock::rep> writer_heartbeat_{0};
  std::thread writer_;
};

// A read-only connection for queries from one thread. WAL lets it read while the
// writer commits; it sees only committed rows.
class journal_reader {
public:
  explicit journal_reader(const std::filesystem::path& path);
  std::uint64_t last_seq() const;
  std::uint64_t count() const;
  std::vector<stored_event> read(std::uint64_t after_seq, std::size_t limit) const;
  const sqlite::database& db() const noexcept { return db_; }

private:
  sqlite::database db_;
};

} // namespace stationd::journal
