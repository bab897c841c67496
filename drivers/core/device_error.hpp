#pragma once

#include <stdexcept>
#include <string>

namespace stationd::drivers {

// The device or its connection failed: cannot open, no answer in time, closed,
// a reply that cannot be understood. The supervisor logs the text, marks the
// device's data stale and reconnects with backoff.
class device_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace stationd::drivers
