#include "zap_handler.hpp"

#include <fmt/format.h>

#include <array>
#include <vector>

namespace stationd::central {

zap_handler::zap_handler(zmq::context_t& context, allow_list allowed, log_fn log)
    : socket_{context, zmq::socket_type::rep}, allowed_{std::move(allowed)}, log_{std::move(log)} {
  socket_.set(zmq::sockopt::linger, 0);
  socket_.bind("inproc://zeromq.zap.01");
  thread_ = std::jthread{[this](std::stop_token stop) { run(std::move(stop)); }};
}

zap_handler::~zap_handler() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void zap_handler::run(std::stop_token stop) {
  // A short poll, so that a stop request is seen without closing the context under it.
  while (!stop.stop_requested()) {
    std::array<zmq::pollitem_t, 1> items{{{socket_.handle(), 0, ZMQ_POLLIN, 0}}};
    try {
      if (zmq::poll(items.data(), items.size(), std::chrono::milliseconds{100}) > 0) answer();
    } catch (const zmq::error_t& e) {
      if (e.num() == ETERM) return;
      log_(fmt::format("zap: {}", e.what()));
    }
  }
}

void zap_handler::answer() {
  // Request frames: version, request id, domain, address, identity, mechanism, credentials...
  std::vector<zmq::message_t> request;
  do {
    request.emplace_back();
    if (!socket_.recv(request.back())) return;
  } while (request.back().more());

  std::string status = "400", text = "unknown key", user_id;
  if (request.size() < 6 || request[0].to_string_view() != "1.0") {
    status = "500";
    text = "malformed ZAP request";
  } else if (request[5].to_string_view() != "CURVE" || request.size() < 7 || request[6].size() != 32) {
    text = "only CURVE is accepted";
  } else if (const auto station = allowed_.station_of(request[6].to_string_view())) {
    status = "200";
    text = "OK";
    user_id = *station;
  }
  if (status != "200") {
    log_(fmt::format("zap: refused a {} handshake from {}: {}",
                     request.size() > 5 ? request[5].to_string() : std::string{"?"},
                     request.size() > 3 ? request[3].to_string() : std::string{"?"}, text));
  }
  const std::string version = "1.0";
  const std::string request_id = request.size() > 1 ? request[1].to_string() : std::string{};
  socket_.send(zmq::buffer(version), zmq::send_flags::sndmore);
  socket_.send(zmq::buffer(request_id), zmq::send_flags::sndmore);
  socket_.send(zmq::buffer(status), zmq::send_flags::sndmore);
  socket_.send(zmq::buffer(text), zmq::send_flags::sndmore);
  socket_.send(zmq::buffer(user_id), zmq::send_flags::sndmore);
  socket_.send(zmq::const_buffer{}, zmq::send_flags::none); // no metadata
}

} // namespace stationd::central
