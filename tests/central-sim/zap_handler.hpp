#pragma once

#include "allow_list.hpp"

#include <zmq.hpp>

#include <functional>
#include <string>
#include <thread>

namespace stationd::central {

// The ZAP handler (RFC 27): libzmq asks it about every CURVE handshake on the
// context. Without one, libzmq 4.3 lets in any client that knows central's
// public key; with it, only keys on the allow-list get in, and the station id
// they are bound to becomes the connection's User-Id.
class zap_handler {
public:
  using log_fn = std::function<void(const std::string&)>;

  // Binds inproc://zeromq.zap.01 before returning, so no handshake can slip
  // past it, then answers requests on its own thread.
  zap_handler(zmq::context_t& context, allow_list allowed, log_fn log);
  ~zap_handler();
  zap_handler(const zap_handler&) = delete;
  zap_handler& operator=(const zap_handler&) = delete;

private:
  void run(std::stop_token stop);
  void answer();

  zmq::socket_t socket_;
  allow_list allowed_;
  log_fn log_;
  std::jthread thread_;
};

} // namespace stationd::central
