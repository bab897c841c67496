#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace stationd::sqlite {

// An SQLite failure with its primary and extended result codes.
class error : public std::runtime_error {
public:
  error(int extended_code, const std::string& what);
  int code() const noexcept { return extended_code_ & 0xff; }
  int extended_code() const noexcept { return extended_code_; }
  // Disk full, I/O error or a read-only/corrupt file: the storage itself is in trouble.
  bool is_storage_failure() const noexcept;

private:
  int extended_code_;
};

class statement;

// A connection. Move-only; closes on destruction.
class database {
public:
  enum class mode { read_write_create, read_only };

  database() = default;
  database(const std::filesystem::path& path, mode m);
  database(database&& other) noexcept;
  database& operator=(database&& other) noexcept;
  database(const database&) = delete;
  database& operator=(const database&) = delete;
  ~database();

  void exec(const std::string& sql);
  statement prepare(std::string_view sql) const;
  std::int64_t query_int(std::string_view sql) const;  // first column of the first row
  std::string query_text(std::string_view sql) const;  // first column of the first row
  std::int64_t last_insert_rowid() const noexcept;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int changes() const noexcept;
  bool in_transaction() const noexcept;
  sqlite3* handle() const noexcept { return db_; }

  [[noreturn]] void raise(int rc, std::string_view what) const;

private:
  sqlite3* db_ = nullptr;
};

// A prepared statement. Bind indexes are 1-based, column indexes 0-based (as in SQLite).
class statement {
public:
  statement(const database& db, sqlite3_stmt* stmt) : db_{&db}, stmt_{stmt} {}
  statement(statement&& other) noexcept;
  statement& operator=(statement&& other) noexcept;
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;
  ~statement();

  statement& bind(int index, std::int64_t value);
  statement& bind(int index, double value);
  statement& bind(int index, std::string_view text);
  statement& bind_null(int index);

  // Runs one step: true when a row is available, false when done.
  bool step();
  // Resets and clears bindings so the statement can run again.
  void reset();

  std::int64_t column_int(int column) const;
  double column_double(int column) const;
  std::string column_text(int column) const;
  bool column_is_null(int column) const;

private:
  const database* db_;
  sqlite3_stmt* stmt_;
};

} // namespace stationd::sqlite
