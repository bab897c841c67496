#include "journal/journal_error.hpp"

#include <string>

namespace stationd::journal {
namespace {

// boost::system::error_category has a protected non-virtual destructor by design.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
class category final : public boost::system::error_category {
public:
  const char* name() const noexcept override { return "stationd.journal"; }
  std::string message(int value) const override {
    switch (static_cast<journal_errc>(value)) {
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
};
#pragma GCC diagnostic pop

} // namespace

const boost::system::error_category& journal_category() noexcept {
  static const category instance; // error categories are compared by address
  return instance;
}

} // namespace stationd::journal
