#include "central_server.hpp"

#include <fmt/format.h>

#include <sys/signalfd.h>
#include <unistd.h>

#include <array>
#include <thread>

namespace stationd::central {

central_server::central_server(zmq::context_t& context, central_service& service, server_settings settings,
                               line_fn log)
    : socket_{context, zmq::socket_type::router}, service_{service}, knobs_{settings.knobs}, log_{std::move(log)} {
  socket_.set(zmq::sockopt::linger, 0);
  // A reconnecting station gets its routing id back at once instead of being
  // refused while the old connection is still being torn down.
  socket_.set(zmq::sockopt::router_handover, 1);
  // An unroutable reply is an error we can see (and forget the peer), not a silent drop.
  socket_.set(zmq::sockopt::router_mandatory, 1);
  if (settings.keys) {
    socket_.set(zmq::sockopt::curve_server, 1);
    socket_.set(zmq::sockopt::curve_secretkey, settings.keys->secret_key);
    socket_.set(zmq::sockopt::zap_domain, "central");
  }
  socket_.bind(settings.bind);
}

std::string central_server::endpoint() const { return socket_.get(zmq::sockopt::last_endpoint); }

void central_server::run(int input_fd, int signal_fd, const line_fn& out) {
  bool input_open = input_fd >= 0;
  for (;;) {
    std::array<zmq::pollitem_t, 3> items{{{socket_.handle(), 0, ZMQ_POLLIN, 0},
                                          {nullptr, signal_fd, ZMQ_POLLIN, 0},
                                          {nullptr, input_open ? input_fd : -1, ZMQ_POLLIN, 0}}};
    const auto count = input_open ? items.size() : items.size() - 1;
    const auto timeout = chaos_.holding() ? std::chrono::milliseconds{10} : std::chrono::milliseconds{500};
    zmq::poll(items.data(), count, timeout);
    if (items[1].revents & ZMQ_POLLIN) {
      signalfd_siginfo info{};
      static_cast<void>(::read(signal_fd, &info, sizeof info));
      log_(fmt::format("signal {}: stopping", info.ssi_signo));
      return;
    }
    if (input_open && (items[2].revents & (ZMQ_POLLIN | ZMQ_POLLERR))) {
      char buffer[4096];
      const auto n = ::read(input_fd, buffer, sizeof buffer);
      if (n <= 0) {
        input_open = false;
      } else {
        input_.append({buffer, static_cast<std::size_t>(n)});
        if (!read_input(out)) return;
      }
    }
    if (items[0].revents & ZMQ_POLLIN) receive_all();
    for (const auto& in : chaos_.due(chaos_shuffle::clock::now())) process(in);
  }
}

bool central_server::read_input(const line_fn& out) {
  while (auto line = input_.next()) {
    if (line->empty()) continue;
    auto result = run_command(*line, service_, knobs_);
    out(result.reply);
    for (const auto& o : result.out) send(o);
    if (result.quit) return false;
  }
  return true;
}

void central_server::receive_all() {
  // Drain what is queued, but in bounded rounds so stdin and signals stay responsive.
  for (int round = 0; round < 256; ++round) {
    std::vector<zmq::message_t> parts;
    do {
      parts.emplace_back();
      const auto flags = parts.size() == 1 ? zmq::recv_flags::dontwait : zmq::recv_flags::none;
      if (!socket_.recv(parts.back(), flags)) return;
    } while (parts.back().more());

    inbound in{parts[0].to_string(), std::nullopt, {}};
    if (parts.size() > 1) {
      try {
        in.user_id = parts[1].gets("User-Id");
      } catch (const zmq::error_t&) {
        // Plain TCP: no ZAP, no User-Id.
      }
    }
    for (std::size_t i = 1; i < parts.size(); ++i) in.frames.push_back(parts[i].to_string());
    if (knobs_.chaos) {
      for (const auto& each : chaos_.push(std::move(in), chaos_shuffle::clock::now())) process(each);
    } else {
      process(in);
    }
  }
}

void central_server::process(const inbound& in) {
  if (knobs_.delay.count() > 0 && in.frames.size() == 2 && in.frames[0] == "EVENTS") {
    std::this_thread::sleep_for(knobs_.delay);
  }
  for (const auto& o : service_.handle(in)) send(o);
}

void central_server::send(const outbound& o) {
  const auto frames = sync::encode(o.msg);
  const bool doubled = knobs_.chaos && (frames.type == "UPDATE" || frames.type == "ACK");
  for (int copy = 0; copy < (doubled ? 2 : 1); ++copy) {
    try {
      if (!socket_.send(zmq::buffer(o.routing_id), zmq::send_flags::sndmore | zmq::send_flags::dontwait)) {
        log_(fmt::format("{}: queue full, {} dropped", o.routing_id, frames.type));
        return;
      }
      socket_.send(zmq::buffer(frames.type), zmq::send_flags::sndmore);
      socket_.send(zmq::buffer(frames.body), zmq::send_flags::none);
    } catch (const zmq::error_t& e) {
      if (e.num() != EHOSTUNREACH) throw;
      // The station is gone; it says HELLO again when it is back.
      service_.forget(o.routing_id);
      return;
    }
  }
}

} // namespace stationd::central
