#pragma once

// Showing received bytes in error texts: device lines can hold anything, and a
// log line must stay one readable line.

#include <cstddef>
#include <string>
#include <string_view>

namespace stationd::drivers {

// Printable ASCII as is, a backslash as "\\", every other byte as "\xNN";
// beyond `limit` input bytes the rest is cut and "... (N bytes)" appended.
std::string escape_bytes(std::string_view bytes, std::size_t limit = 64);

// "41 42 43": bytes in upper-case hex, space separated; beyond `limit` bytes
// " ..." is appended.
std::string hex_bytes(std::string_view bytes, std::size_t limit = 16);

} // namespace stationd::drivers
