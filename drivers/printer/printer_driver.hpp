#pragma once

#include "core/device_driver.hpp"
#include "protocol/zpl_status.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace stationd::drivers {

// What the printer said about itself at one poll.
struct printer_status {
  bool replied = false; // false: no answer to ~HS (the printer is silent while media or ribbon is out)
  std::optional<zpl::host_status> host;
  std::optional<zpl::error_status> errors; // when the printer answers ~HQES
  std::vector<std::string> tokens;         // READY, MEDIA-OUT, ..., NO-REPLY, BAD-REPLY
  std::string error;                       // with BAD-REPLY: what was wrong with the reply
  std::chrono::steady_clock::time_point at{};
  std::uint64_t sequence = 0; // counts polls, so a caller can ask for one made after its send
  std::uint64_t connection = 0; // counts connections: a status from a later one cannot vouch for a label sent before

  bool can_print() const { return replied && host && zpl::can_print(*host, errors); }
  bool all_printed() const { return replied && host && zpl::all_printed(*host, errors); }
};

// The outcome of sending one label format.
struct send_result {
  std::size_t written = 0; // bytes the printer took
  std::size_t size = 0;
  bool in_doubt = false;   // the write was cut off: how much went out is unknown
  std::string error;       // why not all of it, when not
  // Polls the driver had started before the data went out: a status whose
  // sequence is greater was asked for after the printer had the label.
  std::uint64_t polls_before = 0;
  std::uint64_t connection = 0; // the connection it went out on
  bool complete() const noexcept { return error.empty() && written == size; }
  // Nothing reached the printer: sending again cannot print the label twice.
  bool safe_to_retry() const noexcept { return !complete() && written == 0 && !in_doubt; }
};

// Unreadable status replies in a row after which the link is treated as lost:
// one garbled reply (line noise) is that poll's status, BAD-REPLY, and polling goes on.
inline constexpr int max_bad_status_replies_in_a_row = 3;

// A label printer: the station sends formats and asks for status; the run loop
// polls status on its own too and reports each poll through driver_context::on_printer_status.
class printer_driver : public device_driver {
public:
  // Sends one format, between two polls. Never throws for an I/O failure: the
  // result says how much the printer took (0: nothing, a safe retry).
  virtual boost::asio::awaitable<send_result> send(std::string zpl) = 0;
  // A status poll made after this call.
  virtual boost::asio::awaitable<printer_status> poll() = 0;
};

} // namespace stationd::drivers
