#pragma once

#include "scan/scan_error.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::scan {

// How a scanner marks the end of one scan on a byte stream (serial, TCP).
enum class scan_terminator {
  cr,   // "\r"  (the common default)
  lf,   // "\n"
  crlf, // "\r\n"
  none, // no suffix: the inter-character timeout ends a scan
};

struct framing_options {
  std::string prefix;                      // bytes sent before each scan (e.g. STX), removed; empty: none
  scan_terminator terminator = scan_terminator::cr;
  std::size_t max_length = 4096;           // longer without a terminator: discarded with an error
};

// One complete scan or one framing problem.
struct frame {
  std::string data;                 // the scan without prefix and terminator
  std::optional<scan_error> error;  // set when the bytes could not be framed
  bool ended_by_timeout = false;    // the inter-character timeout ended it
};

// Cuts a scanner's byte stream into scans. Pure: the I/O loop feeds bytes and
// calls idle() when no byte arrived for the inter-character timeout.
//
// Any of CR, LF or CRLF ends a scan when the terminator is CR, LF or CRLF, so a
// scanner configured slightly differently still works; GS (0x1D) is data, never
// an end. With terminator `none`, only idle() ends a scan.
class scan_framer {
public:
  explicit scan_framer(framing_options options);

  std::vector<frame> feed(std::string_view bytes);
  // The line went quiet: whatever is buffered is a complete scan.
  std::vector<frame> idle();
  std::size_t buffered() const noexcept { return buffer_.size(); }

private:
  void finish(std::vector<frame>& out, bool by_timeout);

  framing_options options_;
  std::string buffer_;
  bool discarding_ = false; // after an overlong scan, until the next terminator
  bool after_cr_ = false;   // the last byte was CR: an LF now belongs to it
};

} // namespace stationd::scan
