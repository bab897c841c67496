#pragma once

#include "journal/sqlite.hpp"

#include <span>
#include <string_view>

namespace stationd::journal {

struct migration {
  int version;                  // PRAGMA user_version after this step
  std::string_view description;
  std::string_view sql;
};

// Every schema step, oldest first. A step is never edited once released: new
// columns and tables arrive as new steps, so every station can upgrade in place.
std::span<const migration> schema_migrations();

// Brings the database to the newest version, one transaction per step. Refuses a
// database written by a newer stationd (user_version above what we know).
// Returns the version the database had before.
int migrate(sqlite::database& db, std::span<const migration> steps);

} // namespace stationd::journal
