#pragma once

#include "journal/sqlite.hpp"

#include <filesystem>

namespace stationd::central {

// Opens (or creates) central-sim's store: WAL with synchronous=FULL, so that
// an ACK is only ever sent for events that survive a power cut.
sqlite::database open_store(const std::filesystem::path& path);

} // namespace stationd::central
