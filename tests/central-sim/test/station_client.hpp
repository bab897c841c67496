#pragma once

#include "curve_keys.hpp"
#include "sync/protocol.hpp"

#include <zmq.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace stationd::central::test {

// A station's end of the link as a raw DEALER: what a test needs to speak
// docs/protocol.md to central-sim byte for byte.
class station_client {
public:
  // `station_keys` none: plain TCP.
  station_client(const std::string& endpoint, const std::string& routing_id, const std::string& central_public_key,
                 const std::optional<key_pair>& station_keys);

  void send(const sync::message& m);
  void send_frames(const std::vector<std::string>& frames);
  // The next message, or nothing within `timeout`.
  std::optional<sync::message> receive(std::chrono::milliseconds timeout = std::chrono::seconds{5});
  // Skips other messages until one of type T arrives.
  template <typename T>
  std::optional<T> receive_a(std::chrono::milliseconds timeout = std::chrono::seconds{5}) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      auto m = receive(left);
      if (!m) return std::nullopt;
      if (auto* x = std::get_if<T>(&*m)) return std::move(*x);
    }
  }

private:
  zmq::context_t context_;
  zmq::socket_t socket_;
};

} // namespace stationd::central::test
