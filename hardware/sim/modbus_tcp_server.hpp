#pragma once

// Serves a modbus_slave over Modbus/TCP on loopback. Frames are read by their MBAP
// length (so any function code, standard or not, is framed right) and answered through
// libmodbus. Connections are served one request at a time, like a device's single
// Modbus task; a slow reply holds back the next request on that connection only.
//
// stop() closes the listener and every connection; start() listens again on the same
// port (SO_REUSEADDR), as a device does after a reboot.

#include "sim/io_worker.hpp"
#include "sim/modbus_slave.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>

namespace stationd::sim {

class modbus_tcp_server {
public:
  struct options {
    std::string address = "127.0.0.1";
    std::uint16_t port = 0; // 0: any free port, kept for later restarts
  };

  explicit modbus_tcp_server(modbus_slave& slave);
  modbus_tcp_server(modbus_slave& slave, options opts);
  ~modbus_tcp_server();
  modbus_tcp_server(const modbus_tcp_server&) = delete;
  modbus_tcp_server& operator=(const modbus_tcp_server&) = delete;

  void start(); // throws boost::system::system_error when the port is taken
  void stop();
  bool running() const noexcept { return worker_.running(); }
  std::uint16_t port() const noexcept { return port_.load(); }
  std::string endpoint() const; // "127.0.0.1:1502"

  std::size_t connections();
  // Closes every connection but keeps listening.
  void drop_connections();

private:
  struct connection;
  void accept_next();
  void read_header(const std::shared_ptr<connection>& peer);
  void read_body(const std::shared_ptr<connection>& peer, std::size_t length);
  void handle(const std::shared_ptr<connection>& peer, std::size_t frame_size);
  void respond(const std::shared_ptr<connection>& peer, std::size_t frame_size, const modbus_slave::plan& decision);
  void close(const std::shared_ptr<connection>& peer);

  modbus_slave& slave_;
  options options_;
  io_worker worker_;
  std::optional<boost::asio::ip::tcp::acceptor> acceptor_;
  std::list<std::shared_ptr<connection>> connections_;
  std::atomic<std::uint16_t> port_;
};

} // namespace stationd::sim
