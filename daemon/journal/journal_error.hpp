#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace stationd::journal {

enum class journal_errc {
  closed = 1,  // the journal is shutting down or shut down
  failed,      // an earlier storage error stopped the journal
  disk_full,   // SQLITE_FULL: disk or journal.max_size_mb reached
  io_error,    // the storage failed (I/O error, read-only, corrupt)
  rejected,    // this entry was refused (invalid payload, a projection's constraint)
  busy,        // another program holds the database lock; nothing was written, try again
};

const boost::system::error_category& journal_category() noexcept;

inline boost::system::error_code make_error_code(journal_errc e) noexcept {
  return {static_cast<int>(e), journal_category()};
}

} // namespace stationd::journal

template <> struct boost::system::is_error_code_enum<stationd::journal::journal_errc> : std::true_type {};
