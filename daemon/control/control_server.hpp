#pragma once

#include "control/command_registry.hpp"
#include "events/event_hub.hpp"
#include "log/logger.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <set>

namespace stationd::control {

struct server_limits {
  std::size_t max_request_bytes = 65536;
  std::size_t max_clients = 16;
  std::chrono::milliseconds idle_timeout{300000};
};

class control_session;

// The Unix-socket control server (JSON lines, docs/control-socket.md). Each client
// gets a session whose requests are answered in order; `subscribe` turns it into a
// listener for pushed events. Bad input gets an error reply, never a crash.
class control_server {
public:
  control_server(boost::asio::any_io_executor executor, std::filesystem::path socket_path, mode_t socket_mode,
                 server_limits limits, command_registry& commands, events::event_hub& hub, log::logger& log);
  ~control_server();

  // Binds and listens. A stale socket file left by a crash is replaced; one that a
  // running daemon still answers on is not. Throws std::runtime_error with the reason.
  void open();
  // Accepts clients until close().
  boost::asio::awaitable<void> run();
  // Stops accepting, disconnects every client and removes the socket file.
  void close();

  void set_limits(server_limits limits) noexcept { limits_ = limits; }
  const server_limits& limits() const noexcept { return limits_; }
  std::size_t client_count() const noexcept { return sessions_.size(); }

private:
  friend class control_session;
  void forget(control_session* s) { sessions_.erase(s); }

  boost::asio::any_io_executor executor_;
  std::filesystem::path socket_path_;
  mode_t socket_mode_;
  server_limits limits_;
  command_registry& commands_;
  events::event_hub& hub_;
  log::logger& log_;
  boost::asio::local::stream_protocol::acceptor acceptor_;
  std::set<control_session*> sessions_;
  bool open_ = false;
};

} // namespace stationd::control
