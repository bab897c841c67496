#pragma once

#include "central_service.hpp"
#include "chaos_shuffle.hpp"
#include "console.hpp"
#include "curve_keys.hpp"
#include "line_buffer.hpp"

#include <zmq.hpp>

#include <functional>
#include <optional>
#include <string>

namespace stationd::central {

struct server_settings {
  std::string bind = "tcp://127.0.0.1:5570";
  std::optional<key_pair> keys; // none: plain TCP (--insecure)
  runtime_knobs knobs;
};

// The ROUTER socket and the loop around it: station messages, stdin commands
// and stop signals, all on one thread, so the service needs no locks.
class central_server {
public:
  using line_fn = std::function<void(const std::string&)>;

  // Binds; a ZAP handler on `context` must already be running when keys are set.
  central_server(zmq::context_t& context, central_service& service, server_settings settings, line_fn log);

  // The bound endpoint, with the real port when port 0 was asked for.
  std::string endpoint() const;
  // Until `quit` on input_fd or a signal on signal_fd. End of input is not a
  // stop: a simulator started with stdin closed keeps serving.
  void run(int input_fd, int signal_fd, const line_fn& out);

private:
  void receive_all();
  void process(const inbound& in);
  void send(const outbound& o);
  bool read_input(const line_fn& out); // false: quit

  zmq::socket_t socket_;
  central_service& service_;
  runtime_knobs knobs_;
  chaos_shuffle chaos_;
  line_buffer input_;
  line_fn log_;
};

} // namespace stationd::central
