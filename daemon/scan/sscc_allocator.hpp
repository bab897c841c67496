#pragma once

#include "config/station_config.hpp"
#include "journal/journal.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/json/object.hpp>

#include <memory>
#include <string>

namespace stationd::scan {

enum class sscc_errc {
  exhausted = 1, // every serial of the configured range is used
};

const boost::system::error_category& sscc_category() noexcept;
inline boost::system::error_code make_error_code(sscc_errc e) noexcept { return {static_cast<int>(e), sscc_category()}; }

// Hands out SSCCs from the configured range. The serial is reserved and the
// `sscc.allocated` event committed in one journal transaction before the caller
// sees the SSCC, so no SSCC is ever issued twice, whatever happens to the
// process; an exhausted range is an error, never a wrap-around.
class sscc_allocator {
public:
  using completion_signature = void(boost::system::error_code, std::string);

  // `remaining`: serials left when it starts (sscc_remaining() of the journal);
  // kept up to date from then on without reading the database again.
  sscc_allocator(journal::journal& journal, config::sscc_settings settings, std::uint64_t remaining = 0);

  // Completes with the SSCC, or with an error and its explanation. `context`
  // (what the SSCC is for: order, package) is recorded with the event.
  template <typename CompletionToken>
  auto async_allocate(boost::json::object context, CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, completion_signature>(
        [this](auto handler, boost::json::object ctx) {
          auto state = std::make_shared<allocation>();
          // The journal completes on the caller's executor, like the caller's own handler would.
          auto executor = boost::asio::get_associated_executor(handler, journal_.get_executor());
          journal_.async_append(
              unit_for(std::move(ctx), state),
              boost::asio::bind_executor(
                  executor, [this, state, h = std::move(handler)](boost::system::error_code ec, journal::append_result r) mutable {
                    if (state->exhausted) ec = sscc_errc::exhausted;
                    if (!ec) remaining_ = settings_.last_serial - state->serial;
                    if (state->exhausted) remaining_ = 0;
                    std::move(h)(ec, ec ? (state->exhausted ? state->reason : r.detail) : state->sscc);
                  }));
        },
        token, std::move(context));
  }

  const config::sscc_settings& settings() const noexcept { return settings_; }
  std::uint64_t remaining() const noexcept { return remaining_; }
  // "<extension digit><company prefix>": the key of this range's counter.
  std::string series() const;

private:
  struct allocation {
    std::string sscc;
    std::uint64_t serial = 0;
    bool exhausted = false;
    std::string reason;
  };
  journal::write_unit unit_for(boost::json::object context, std::shared_ptr<allocation> state) const;

  journal::journal& journal_;
  config::sscc_settings settings_;
  std::uint64_t remaining_;
};

// How many serials of the configured range are still free (reads the journal).
std::uint64_t sscc_remaining(const sqlite::database& db, const config::sscc_settings& settings);

} // namespace stationd::scan

template <> struct boost::system::is_error_code_enum<stationd::scan::sscc_errc> : std::true_type {};
