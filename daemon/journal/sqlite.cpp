#include "journal/sqlite.hpp"

#include <fmt/format.h>

#include <utility>

namespace stationd::sqlite {

error::error(int extended_code, const std::string& what) : std::runtime_error{what}, extended_code_{extended_code} {}

bool error::is_storage_failure() const noexcept {
  switch (code()) {
  case SQLITE_FULL:
  case SQLITE_IOERR:
  case SQLITE_READONLY:
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB:
  case SQLITE_CANTOPEN:
  case SQLITE_NOMEM:
    return true;
  default:
    return false;
  }
}

database::database(const std::filesystem::path& path, mode m) {
  const int flags = m == mode::read_only ? SQLITE_OPEN_READONLY
                                         : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    const int extended = db_ ? sqlite3_extended_errcode(db_) : rc;
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw error{extended, fmt::format("cannot open {}: {}", path.string(), message)};
  }
  sqlite3_extended_result_codes(db_, 1);
}

database::database(database&& other) noexcept : db_{std::exchange(other.db_, nullptr)} {}

database& database::operator=(database&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

database::~database() { sqlite3_close_v2(db_); }

void database::raise(int rc, std::string_view what) const {
  const int extended = db_ ? sqlite3_extended_errcode(db_) : rc;
  const char* message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  throw error{extended, fmt::format("{} ({})", message, what)};
}

void database::exec(const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw error{sqlite3_extended_errcode(db_), fmt::format("{} ({})", text, sql.size() > 40 ? sql.substr(0, 40) + "..." : sql)};
  }
}

statement database::prepare(std::string_view sql) const {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) raise(rc, fmt::format("prepare {}", sql.substr(0, 60)));
  return statement{*this, stmt};
}

std::int64_t database::query_int(std::string_view sql) const {
  auto st = prepare(sql);
  if (!st.step()) throw error{SQLITE_MISUSE, fmt::format("{}: no row", sql)};
  return st.column_int(0);
}

std::string database::query_text(std::string_view sql) const {
  auto st = prepare(sql);
  if (!st.step()) throw error{SQLITE_MISUSE, fmt::format("{}: no row", sql)};
  return st.column_text(0);
}

std::int64_t database::last_insert_rowid() const noexcept { return sqlite3_last_insert_rowid(db_); }
int database::changes() const noexcept { return sqlite3_changes(db_); }

bool database::in_transaction() const noexcept { return db_ != nullptr && sqlite3_get_autocommit(db_) == 0; }

statement::statement(statement&& other) noexcept
    : db_{other.db_}, stmt_{std::exchange(other.stmt_, nullptr)} {}

statement& statement::operator=(statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

statement::~statement() { sqlite3_finalize(stmt_); }

statement& statement::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) db_->raise(rc, "bind");
  return *this;
}

statement& statement::bind(int index, double value) {
  const int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) db_->raise(rc, "bind");
  return *this;
}

statement& statement::bind(int index, std::string_view text) {
  const int rc = sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) db_->raise(rc, "bind");
  return *this;
}

statement& statement::bind_null(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) db_->raise(rc, "bind");
  return *this;
}

bool statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const std::string_view sql{sqlite3_sql(stmt_)};
  db_->raise(rc, sql.size() > 40 ? fmt::format("{}...", sql.substr(0, 40)) : std::string{sql});
}

void statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t statement::column_int(int column) const { return sqlite3_column_int64(stmt_, column); }
double statement::column_double(int column) const { return sqlite3_column_double(stmt_, column); }
std::string statement::column_text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return text ? std::string{text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))} : std::string{};
}
bool statement::column_is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

} // namespace stationd::sqlite
