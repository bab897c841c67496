#include "journal/journal_error.hpp"

#include "util/enum_error_category.hpp"

namespace stationd::journal {
namespace {

const char* message_of(journal_errc e) noexcept {
  switch (e) {
  case journal_errc::closed: return "the journal is closed; no new work is accepted";
  case journal_errc::failed: return "the journal stopped after a storage error; no new work is accepted, committed work is safe";
  case journal_errc::disk_full: return "journal storage is full; no new work is accepted, committed work is safe";
  case journal_errc::io_error:
    return "journal storage failed: this entry is not confirmed (it may or may not be on disk); no new work is accepted";
  case journal_errc::rejected: return "the journal refused this entry";
  case journal_errc::busy: return "the journal database is locked by another program; nothing was written";
  }
  return "unknown journal error";
}

} // namespace

const boost::system::error_category& journal_category() noexcept {
  static const util::enum_error_category<journal_errc> instance{"stationd.journal", &message_of};
  return instance;
}

} // namespace stationd::journal
