#pragma once

#include <cstdint>

namespace stationd::test {

// A TCP port on 127.0.0.1 that was free a moment ago, for a server that must
// be restarted on the same port (port 0 would give a new one each time).
std::uint16_t free_tcp_port();

} // namespace stationd::test
