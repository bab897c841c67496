#include "store_schema.hpp"

namespace stationd::central {

namespace {

// One statement per table; IF NOT EXISTS keeps a restarted central on its data.
constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS events(
  station TEXT NOT NULL,
  epoch TEXT NOT NULL,
  seq INTEGER NOT NULL,
  uuid TEXT NOT NULL,
  type TEXT NOT NULL,
  source TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  payload TEXT NOT NULL,
  UNIQUE(station, epoch, seq),
  UNIQUE(uuid));
CREATE TABLE IF NOT EXISTS streams(
  station TEXT NOT NULL,
  epoch TEXT NOT NULL,
  applied INTEGER NOT NULL,
  PRIMARY KEY(station, epoch));
CREATE TABLE IF NOT EXISTS stations(
  station TEXT PRIMARY KEY,
  current_epoch TEXT NOT NULL,
  revision_acked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS revisions(
  revision INTEGER PRIMARY KEY,
  base INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK(kind IN ('snapshot', 'update')),
  body TEXT NOT NULL,
  data TEXT NOT NULL,
  id TEXT);
)sql";

} // namespace

sqlite::database open_store(const std::filesystem::path& path) {
  sqlite::database db{path, sqlite::database::mode::read_write_create};
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=FULL");
  // Tests read the store while central-sim runs; a short wait beats SQLITE_BUSY.
  db.exec("PRAGMA busy_timeout=5000");
  db.exec(schema);
  // A store made before revisions had ids: they get a column (their rows none).
  if (db.query_int("SELECT count(*) FROM pragma_table_info('revisions') WHERE name = 'id'") == 0) {
    db.exec("ALTER TABLE revisions ADD COLUMN id TEXT");
  }
  return db;
}

} // namespace stationd::central
