#pragma once

// A network scanner that is the TCP server (device-protocols.md §1.5): listens on
// loopback, pushes every scan to each connected client with the configured framing.
// stop() closes the listener and all connections; start() listens again on the same
// port. drop() closes the connections but keeps listening, as a reader rebooting its
// network stack would.

#include "sim/io_worker.hpp"
#include "sim/scan_format.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace stationd::sim {

class tcp_scanner {
public:
  struct options {
    std::string address = "127.0.0.1";
    std::uint16_t port = 0; // 0: any free port, kept for later restarts
    scan_format format{.aim_ids = true, .suffix = terminator::crlf};
    // Sent to each client on connect (empty: nothing), like a reader's banner.
    std::string greeting;
  };

  explicit tcp_scanner(options opts);
  ~tcp_scanner();
  tcp_scanner(const tcp_scanner&) = delete;
  tcp_scanner& operator=(const tcp_scanner&) = delete;

  void start(); // throws boost::system::system_error when the port is taken
  void stop();
  bool running() const noexcept { return worker_.running(); }
  std::uint16_t port() const noexcept { return port_.load(); }
  std::string endpoint() const; // "127.0.0.1:5023"

  // Returns how many clients the scan went to (0: nobody listening, the scan is lost).
  std::size_t send(std::string_view scan);
  std::size_t send_raw(std::string data);
  void drop();
  std::size_t clients();
  void set_format(const scan_format& format);
  // Bytes clients sent (e.g. DMCC trigger commands), last 64 KiB.
  std::string received();

private:
  struct client;
  void accept_next();
  void read_from(const std::shared_ptr<client>& peer);
  void write_to(const std::shared_ptr<client>& peer, std::string data);
  void pump(const std::shared_ptr<client>& peer);
  void close(const std::shared_ptr<client>& peer);
  std::size_t broadcast(const std::string& data);

  options options_;
  io_worker worker_;
  std::optional<boost::asio::ip::tcp::acceptor> acceptor_;
  std::list<std::shared_ptr<client>> clients_;
  std::atomic<std::uint16_t> port_;
  std::string received_;
};

} // namespace stationd::sim
