#pragma once

#include <optional>
#include <string>

namespace stationd::ctl {

struct decode_request {
  std::string raw;                  // as typed: "<GS>" and "\x1d" stand for GS
  bool json = false;
  std::optional<std::string> config; // a station configuration for the site's [scan] patterns
};

// `stationctl decode`: decodes and classifies one scan without a daemon and
// prints it (text or JSON). Returns the exit status: 0 valid, 1 invalid, 2 the
// configuration could not be used.
int run_decode(const decode_request& request);

} // namespace stationd::ctl
