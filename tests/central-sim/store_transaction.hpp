#pragma once

#include "journal/sqlite.hpp"

namespace stationd::central {

// BEGIN IMMEDIATE ... COMMIT; rolls back unless committed, so an exception
// never leaves half a batch or half a revision behind.
class store_transaction {
public:
  explicit store_transaction(sqlite::database& db) : db_{db} { db_.exec("BEGIN IMMEDIATE"); }
  ~store_transaction() {
    if (!open_) return;
    try {
      db_.exec("ROLLBACK");
    } catch (const sqlite::error&) {
      // SQLite has rolled back on its own already (e.g. after an I/O error).
    }
  }
  store_transaction(const store_transaction&) = delete;
  store_transaction& operator=(const store_transaction&) = delete;

  void commit() {
    db_.exec("COMMIT");
    open_ = false;
  }

private:
  sqlite::database& db_;
  bool open_ = true;
};

} // namespace stationd::central
