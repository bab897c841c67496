#include "journal/migrations.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace stationd::journal {
namespace {

constexpr migration steps[] = {
    {1, "append-only event journal",
     R"sql(
CREATE TABLE events (
  seq         INTEGER PRIMARY KEY,  -- monotonically increasing, no gaps: rows are never deleted
  recorded_at INTEGER NOT NULL,     -- milliseconds since the Unix epoch (UTC) when appended
  type        TEXT    NOT NULL CHECK (length(type) BETWEEN 1 AND 64),
  source      TEXT    NOT NULL,
  payload     TEXT    NOT NULL CHECK (json_valid(payload))
) STRICT;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TABLE station_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
)sql"},
    {2, "SSCC serial counters and the register of issued SSCCs",
     R"sql(
CREATE TABLE sscc_counters (
  series      TEXT PRIMARY KEY,   -- extension digit + GS1 company prefix
  next_serial INTEGER NOT NULL    -- the next serial reference to issue
) STRICT;
CREATE TABLE sscc_issued (
  sscc   TEXT PRIMARY KEY,        -- 18 digits; the key makes a second issue impossible
  series TEXT NOT NULL,
  serial INTEGER NOT NULL
) STRICT;
)sql"},
    {3, "print jobs: every label the station prints, with its state",
     R"sql(
CREATE TABLE print_jobs (
  id           INTEGER PRIMARY KEY,
  printer      TEXT    NOT NULL,
  label        TEXT    NOT NULL,  -- template name, or "zpl" for a format printed as given
  reference    TEXT    NOT NULL,  -- what it is for: an SSCC, an order, an RMA, a tote
  zpl          TEXT    NOT NULL,
  state        TEXT    NOT NULL CHECK (state IN ('queued', 'sent', 'confirmed', 'unconfirmed', 'cancelled')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  detail       TEXT    NOT NULL DEFAULT '',  -- the last error, or why it waits for a decision
  reprint_of   INTEGER REFERENCES print_jobs(id),
  reason       TEXT    NOT NULL DEFAULT '',  -- a reprint's reason, or how an operator resolved the job
  requested_by TEXT    NOT NULL DEFAULT '',
  queued_seq   INTEGER NOT NULL,             -- the journal event that queued it
  updated_seq  INTEGER NOT NULL              -- the journal event of its last change
) STRICT;
CREATE INDEX print_jobs_open ON print_jobs(printer, state) WHERE state IN ('queued', 'sent', 'unconfirmed');
)sql"},
    {4, "the workflows' state after the last accepted step, and the master data in use",
     R"sql(
CREATE TABLE workflow_state (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  seq   INTEGER NOT NULL,               -- the journal event of the step that produced it
  state TEXT    NOT NULL CHECK (json_valid(state))
) STRICT;
CREATE TABLE workflow_effects (
  id       INTEGER PRIMARY KEY,
  step_seq INTEGER NOT NULL,            -- the step that asked for it, in the same transaction
  kind     TEXT    NOT NULL CHECK (kind IN ('print', 'sscc')),
  payload  TEXT    NOT NULL CHECK (json_valid(payload)),
  done_seq INTEGER                      -- the event that carried it out; NULL: still to do
) STRICT;
CREATE INDEX workflow_effects_open ON workflow_effects(id) WHERE done_seq IS NULL;
CREATE TABLE master_data (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  seq      INTEGER NOT NULL,            -- the master.loaded event
  revision INTEGER NOT NULL,
  data     TEXT    NOT NULL CHECK (json_valid(data))
) STRICT;
)sql"},
    {5, "the outbox: a random UUID for every event, made in the event's own transaction; the journal's epoch",
     R"sql(
CREATE TABLE outbox (
  seq  INTEGER PRIMARY KEY REFERENCES events(seq),
  uuid TEXT    NOT NULL UNIQUE            -- random (version 4); central applies each event once by it
) STRICT;
CREATE TRIGGER outbox_no_update BEFORE UPDATE ON outbox
  BEGIN SELECT RAISE(ABORT, 'the outbox is append-only'); END;
INSERT INTO outbox(seq, uuid) SELECT seq, lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) FROM events;
CREATE TRIGGER events_to_outbox AFTER INSERT ON events
  BEGIN INSERT INTO outbox(seq, uuid) VALUES (NEW.seq, lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))); END;
-- A journal's epoch: with the sequence it names each event for central (docs/protocol.md).
INSERT OR IGNORE INTO station_meta(key, value) VALUES ('epoch', lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))));
)sql"},
    {6, "the 3PL status API: entities (orders, packages, returns) and the changes feed, kept in each event's transaction",
     R"sql(
CREATE TABLE api_entities (
  kind      TEXT    NOT NULL CHECK (kind IN ('order', 'package', 'return')),
  id        TEXT    NOT NULL,
  client_id TEXT    NOT NULL,           -- the merchant; '' when not known
  version   INTEGER NOT NULL,           -- 1 for the first change
  seq       INTEGER NOT NULL,           -- the journal event of the last change
  body      TEXT    NOT NULL CHECK (json_valid(body)),
  PRIMARY KEY (kind, id)
) STRICT, WITHOUT ROWID;
CREATE TABLE api_changes (
  seq         INTEGER PRIMARY KEY REFERENCES events(seq), -- the cursor: the event's own sequence
  kind        TEXT    NOT NULL,
  id          TEXT    NOT NULL,
  version     INTEGER NOT NULL,
  type        TEXT    NOT NULL,          -- order.state_changed, package.sealed, ...
  client_id   TEXT    NOT NULL,
  recorded_at INTEGER NOT NULL,          -- ms since the Unix epoch; retention is by it
  data        TEXT    NOT NULL CHECK (json_valid(data)) -- the entity as it was after the change
) STRICT;
CREATE INDEX api_changes_recorded ON api_changes(recorded_at);
-- Changes older than [http] changes_retention are deleted; a cursor below the
-- lowest sequence kept has expired (410).
INSERT OR IGNORE INTO station_meta(key, value) VALUES ('changes_floor', '0');
-- Events recorded before these tables existed are projected once, by the
-- journal at start, in one transaction that also sets this back to 0.
INSERT OR REPLACE INTO station_meta(key, value)
  VALUES ('api_backfill_through', CAST((SELECT coalesce(max(seq), 0) FROM events) AS TEXT));
)sql"},
};

} // namespace

std::span<const migration> schema_migrations() { return steps; }

int migrate(sqlite::database& db, std::span<const migration> plan) {
  const auto found = static_cast<int>(db.query_int("PRAGMA user_version"));
  const int newest = plan.empty() ? 0 : plan.back().version;
  if (found > newest) {
    throw std::runtime_error(fmt::format(
        "journal schema version {} is newer than this stationd understands ({}); run a newer stationd", found, newest));
  }
  for (const auto& step : plan) {
    if (step.version <= found) continue;
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(std::string{step.sql});
      db.exec(fmt::format("PRAGMA user_version = {}", step.version));
      db.exec("COMMIT");
    } catch (...) {
      if (db.in_transaction()) db.exec("ROLLBACK");
      throw;
    }
  }
  return found;
}

} // namespace stationd::journal
