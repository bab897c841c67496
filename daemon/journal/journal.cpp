#include "journal/journal.hpp"

#include "journal/migrations.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <fmt/format.h>

#include <sys/stat.h>

#include <stdexcept>

namespace stationd::journal {
namespace asio = boost::asio;
using std::chrono::steady_clock;

std::string_view to_string(journal_state s) noexcept {
  switch (s) {
  case journal_state::running: return "running";
  case journal_state::failed: return "failed";
  case journal_state::closed: return "closed";
  }
  return "unknown";
}

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void check_integrity(sqlite::database& db, integrity_check check) {
  if (check == integrity_check::none) return;
  auto st = db.prepare(check == integrity_check::quick ? "PRAGMA quick_check(5)" : "PRAGMA integrity_check(5)");
  std::vector<std::string> problems;
  while (st.step()) {
    auto line = st.column_text(0);
    if (line != "ok") problems.push_back(std::move(line));
  }
  if (!problems.empty()) {
    throw std::runtime_error(fmt::format("integrity check failed: {}", fmt::join(problems, "; ")));
  }
}

journal_errc classify(const sqlite::error& e) {
  if (e.is_storage_failure()) return e.code() == SQLITE_FULL ? journal_errc::disk_full : journal_errc::io_error;
  if (e.code() == SQLITE_BUSY || e.code() == SQLITE_LOCKED) return journal_errc::busy;
  return journal_errc::rejected;
}

} // namespace

journal::journal(asio::any_io_executor executor, options opts, log::logger& log)
    : options_{std::move(opts)}, log_{log}, executor_{std::move(executor)} {
  const auto directory = options_.path.parent_path();
  if (!directory.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(directory, ec);
    if (ec) throw std::runtime_error(fmt::format("cannot create {}: {}", directory.string(), ec.message()));
  }
  try {
    db_ = sqlite::database{options_.path, sqlite::database::mode::read_write_create};
    db_.exec("PRAGMA busy_timeout=10000"); // first, so a lock held elsewhere is waited for
    const auto mode = db_.query_text("PRAGMA journal_mode=WAL");
    if (mode != "wal") throw std::runtime_error(fmt::format("WAL mode refused (journal_mode={})", mode));
    db_.exec("PRAGMA synchronous=FULL");
    db_.exec("PRAGMA foreign_keys=ON");
    check_integrity(db_, options_.check);
    const int before = migrate(db_, schema_migrations());
    const int after = static_cast<int>(db_.query_int("PRAGMA user_version"));
    if (before != after) log_.notice("journal", "schema migrated from version {} to {}", before, after);
    // A journal from before the projected tables (version 6) had its events
    // recorded without them: they are projected once, in one transaction that
    // also clears the mark, so an interrupted run is simply done again.
    if (options_.project) project_history();
    if (options_.max_size_bytes != 0) {
      const auto page_size = db_.query_int("PRAGMA page_size");
      const auto pages = static_cast<std::int64_t>(options_.max_size_bytes) / page_size;
      const auto granted = db_.query_int(fmt::format("PRAGMA max_page_count={}", std::max<std::int64_t>(pages, 1)));
      if (granted > pages) {
        log_.warning("journal", "database already uses {} pages, more than journal.max_size_mb allows ({}); it cannot grow",
                     granted, pages);
      }
    }
    status_.last_seq = static_cast<std::uint64_t>(db_.query_int("SELECT coalesce(max(seq), 0) FROM events"));
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("journal {}: {}", options_.path.string(), e.what()));
  }
  log_.info("journal", "opened {} (last sequence {})", options_.path.string(), status_.last_seq);
  writer_heartbeat_ = steady_clock::now().time_since_epoch().count();
  writer_ = std::thread{[this] { run_writer(); }};
}

void journal::project_history() {
  const auto through = db_.query_int(
      "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM station_meta WHERE key = 'api_backfill_through'), 0)");
  if (through <= 0) return;
  db_.exec("BEGIN IMMEDIATE");
  try {
    auto st = db_.prepare("SELECT seq, recorded_at, type, source, payload FROM events WHERE seq <= ?1 ORDER BY seq");
    st.bind(1, through);
    std::uint64_t count = 0;
    while (st.step()) {
      const stored_event e{static_cast<std::uint64_t>(st.column_int(0)), st.column_int(1), st.column_text(2),
                           st.column_text(3), st.column_text(4)};
      options_.project(db_, e);
      ++count;
    }
    db_.exec("UPDATE station_meta SET value = '0' WHERE key = 'api_backfill_through'");
    db_.exec("COMMIT");
    log_.notice("journal", "projected {} recorded events into the status API's tables", count);
  } catch (...) {
    if (db_.in_transaction()) db_.exec("ROLLBACK");
    throw;
  }
}

journal::~journal() {
  {
    std::lock_guard lock{mutex_};
    closing_ = true;
  }
  wake_.notify_all();
  if (writer_.joinable()) writer_.join();
}

void journal::enqueue(write_unit unit, completion_handler handler) {
  auto work = asio::prefer(asio::get_associated_executor(handler, executor_), asio::execution::outstanding_work.tracked);
  pending p{std::move(unit), std::move(handler), std::move(work)};
  std::unique_lock lock{mutex_};
  if (closing_ || status_.state != journal_state::running) {
    const auto why = closing_ ? journal_errc::closed : journal_errc::failed;
    std::string detail = status_.failure;
    lock.unlock();
    // Never complete inside async_append itself: a caller appending in a loop
    // would recurse once per refused append.
    asio::post(executor_, [this, p = std::move(p), o = outcome{why, {0, 0, std::move(detail)}}]() mutable {
      complete(p, std::move(o));
    });
    return;
  }
  queue_.push_back(std::move(p));
  status_.queued = queue_.size();
  lock.unlock();
  wake_.notify_one();
}

void journal::begin_close(std::function<void()> on_closed) {
  {
    std::lock_guard lock{mutex_};
    closing_ = true;
    on_closed_ = std::move(on_closed);
  }
  wake_.notify_all();
}

void journal::complete(pending& p, outcome o) {
  // Called on the writer thread: execute() on an io_context executor from outside
  // its run() thread queues the function rather than running it here.
  auto executor = std::move(p.work);
  executor.execute([handler = std::move(p.handler), o = std::move(o)]() mutable {
    std::move(handler)(o.ec, std::move(o.result));
  });
}

journal_status journal::status() const {
  std::lock_guard lock{mutex_};
  return status_;
}

bool journal::writer_responsive(steady_clock::duration max_silence) const {
  const auto last = steady_clock::time_point{steady_clock::duration{writer_heartbeat_.load()}};
  return steady_clock::now() - last <= max_silence;
}

void journal::run_writer() {
  std::vector<pending> batch;
  for (;;) {
    {
      std::unique_lock lock{mutex_};
      while (queue_.empty() && !closing_) {
        wake_.wait_for(lock, std::chrono::milliseconds{250});
        writer_heartbeat_ = steady_clock::now().time_since_epoch().count();
      }
      if (queue_.empty()) break; // closing and drained
      if (options_.group_commit_delay.count() > 0 && !closing_) {
        wake_.wait_for(lock, options_.group_commit_delay,
                       [this] { return closing_ || queue_.size() >= options_.group_commit_max_rows; });
      }
      while (!queue_.empty() && batch.size() < options_.group_commit_max_rows) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      status_.queued = queue_.size();
    }
    commit_batch(batch);
    batch.clear();
    writer_heartbeat_ = steady_clock::now().time_since_epoch().count();
  }

  db_ = sqlite::database{}; // close before reporting closed, so the WAL is checkpointed
  std::lock_guard lock{mutex_};
  if (status_.state == journal_state::running) status_.state = journal_state::closed;
  if (on_closed_) std::exchange(on_closed_, nullptr)();
}

journal::attempt journal::try_commit(std::span<pending> units, std::span<outcome> outcomes) {
  attempt a;
  try {
    db_.exec("BEGIN IMMEDIATE");
    auto insert = db_.prepare("INSERT INTO events(recorded_at, type, source, payload) VALUES (?1, ?2, ?3, ?4)");
    for (; a.stopped_at < units.size(); ++a.stopped_at) {
      auto& unit = units[a.stopped_at].unit;
      auto& out = outcomes[a.stopped_at];
      out = {};
      std::vector<std::uint64_t> sequences;
      try {
        db_.exec("SAVEPOINT unit");
        if (unit.prepare) unit.prepare(db_, unit.events);
        const auto at = now_ms();
        for (const auto& e : unit.events) {
          insert.bind(1, at).bind(2, e.type).bind(3, e.source).bind(4, e.payload);
          insert.step();
          insert.reset();
          sequences.push_back(static_cast<std::uint64_t>(db_.last_insert_rowid()));
          if (options_.project) options_.project(db_, stored_event{sequences.back(), at, e.type, e.source, e.payload});
        }
        if (unit.apply) unit.apply(db_, sequences);
        db_.exec("RELEASE unit");
        if (!sequences.empty()) out.result = {sequences.front(), sequences.back(), {}};
      } catch (const sqlite::error& e) {
        insert.reset();
        if (e.is_storage_failure()) {
          a.failure = e;
          break;
        }
        db_.exec("ROLLBACK TO unit");
        db_.exec("RELEASE unit");
        out = {journal_errc::rejected, {0, 0, e.what()}};
      } catch (const std::exception& e) {
        insert.reset();
        db_.exec("ROLLBACK TO unit");
        db_.exec("RELEASE unit");
        out = {journal_errc::rejected, {0, 0, e.what()}};
      }
    }
    if (!db_.in_transaction()) return a; // SQLite rolled everything back after a storage error
    if (a.failure) {
      db_.exec("ROLLBACK TO unit"); // only the unit that failed
      db_.exec("RELEASE unit");
    }
    db_.exec("COMMIT");
    a.committed = true;
  } catch (const sqlite::error& e) {
    // BEGIN, COMMIT or a savepoint step failed: nothing of this attempt is durable.
    if (db_.in_transaction()) {
      try {
        db_.exec("ROLLBACK");
      } catch (const sqlite::error&) {
      }
    }
    a.failure = e;
    a.committed = false;
    if (!e.is_storage_failure()) a.stopped_at = 0;
  }
  return a;
}

void journal::commit_batch(std::vector<pending>& batch) {
  std::vector<outcome> outcomes(batch.size());
  auto a = try_commit(batch, outcomes);
  // Only when SQLite reported "full" while writing a unit and then dropped the
  // whole transaction: the units before that one fitted, so commit them alone.
  // A failure at COMMIT, or an I/O error, is never retried: after a failed
  // fsync the outcome is unknown and the storage is not to be trusted.
  if (a.failure && a.failure->code() == SQLITE_FULL && !a.committed && a.stopped_at > 0 &&
      a.stopped_at < batch.size()) {
    const auto failure = a.failure;
    const auto fitted = a.stopped_at;
    a = try_commit(std::span{batch}.first(fitted), std::span{outcomes}.first(fitted));
    if (a.committed && !a.failure) {
      a.stopped_at = fitted;
      a.failure = failure;
    }
  }

  const bool storage_failed = a.failure && a.failure->is_storage_failure();
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const bool ran = i < a.stopped_at;
    if (ran && a.committed) continue; // its own outcome: success or rejected
    if (a.failure) outcomes[i] = {classify(*a.failure), {0, 0, a.failure->what()}};
  }
  if (a.failure && !storage_failed) log_.warning("journal", "transaction not committed: {}", a.failure->what());

  std::uint64_t committed_units = 0;
  std::uint64_t last = 0;
  for (const auto& o : outcomes) {
    if (!o.ec) {
      ++committed_units;
      last = std::max(last, o.result.last_seq);
    }
  }
  {
    std::lock_guard lock{mutex_};
    if (committed_units > 0) {
      ++status_.commits;
      status_.units += committed_units;
      status_.largest_batch = std::max<std::uint64_t>(status_.largest_batch, batch.size());
      if (last > status_.last_seq) status_.last_seq = last;
    }
  }
  if (committed_units > 0 && last > 0 && options_.on_commit) {
    asio::post(executor_, [notify = options_.on_commit, last] { notify(last); });
  }
  // The journal is marked failed before anyone hears of the failed units, so a
  // caller that sees its unit fail also sees why in status().
  std::deque<pending> abandoned;
  if (storage_failed) abandoned = mark_failed(a.failure->what(), classify(*a.failure));
  for (std::size_t i = 0; i < batch.size(); ++i) complete(batch[i], std::move(outcomes[i]));
  for (auto& p : abandoned) complete(p, {journal_errc::failed, {0, 0, a.failure->what()}});
}

std::deque<journal::pending> journal::mark_failed(const std::string& reason, journal_errc why) {
  std::deque<pending> abandoned;
  {
    std::lock_guard lock{mutex_};
    if (status_.state != journal_state::running) return abandoned;
    status_.state = journal_state::failed;
    status_.failure = fmt::format("{}: {}", make_error_code(why).message(), reason);
    abandoned.swap(queue_);
    status_.queued = 0;
  }
  log_.error("journal", "{}", status_.failure);
  return abandoned;
}

void journal::fail(const std::string& reason, journal_errc why) {
  for (auto& p : mark_failed(reason, why)) complete(p, {journal_errc::failed, {0, 0, reason}});
}

journal_reader::journal_reader(const std::filesystem::path& path)
    : db_{path, sqlite::database::mode::read_only} {
  db_.exec("PRAGMA busy_timeout=10000");
}

std::uint64_t journal_reader::last_seq() const {
  return static_cast<std::uint64_t>(db_.query_int("SELECT coalesce(max(seq), 0) FROM events"));
}

std::uint64_t journal_reader::count() const {
  return static_cast<std::uint64_t>(db_.query_int("SELECT count(*) FROM events"));
}

std::vector<stored_event> journal_reader::read(std::uint64_t after_seq, std::size_t limit) const {
  auto st = db_.prepare(
      "SELECT seq, recorded_at, type, source, payload FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2");
  st.bind(1, static_cast<std::int64_t>(after_seq)).bind(2, static_cast<std::int64_t>(limit));
  std::vector<stored_event> events;
  while (st.step()) {
    events.push_back({static_cast<std::uint64_t>(st.column_int(0)), st.column_int(1), st.column_text(2),
                      st.column_text(3), st.column_text(4)});
  }
  return events;
}

} // namespace stationd::journal
