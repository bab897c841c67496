// zmq_raw_bench: DEALER -> ROUTER throughput over TCP loopback, with CURVE by
// default: the most any sync over ZeroMQ can move on this machine, which the
// station's sync link is measured against.
//
//   zmq_raw_bench [--size BYTES] [--count N] [--plain]

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <zmq.hpp>

#include <array>
#include <chrono>
#include <string>
#include <thread>

namespace {

struct key_pair {
  std::string public_key, secret_key;
};

key_pair make_keys() {
  std::array<char, 41> pub{}, sec{};
  if (zmq_curve_keypair(pub.data(), sec.data()) != 0) throw std::runtime_error("libzmq without CURVE");
  return {pub.data(), sec.data()};
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"zmq_raw_bench: raw DEALER -> ROUTER throughput over tcp loopback"};
  std::size_t size = 200;
  std::size_t count = 200'000;
  bool plain = false;
  app.add_option("--size", size, "payload bytes per message")->capture_default_str();
  app.add_option("--count", count, "messages to send")->check(CLI::PositiveNumber)->capture_default_str();
  app.add_flag("--plain", plain, "without CURVE");
  CLI11_PARSE(app, argc, argv);

  zmq::context_t context;
  zmq::socket_t router{context, zmq::socket_type::router};
  zmq::socket_t dealer{context, zmq::socket_type::dealer};
  // No ZAP handler: authentication happens once per connection and is not
  // what is measured here; encryption of every message is.
  if (!plain) {
    const auto server = make_keys();
    const auto client = make_keys();
    router.set(zmq::sockopt::curve_server, 1);
    router.set(zmq::sockopt::curve_secretkey, server.secret_key);
    dealer.set(zmq::sockopt::curve_serverkey, server.public_key);
    dealer.set(zmq::sockopt::curve_publickey, client.public_key);
    dealer.set(zmq::sockopt::curve_secretkey, client.secret_key);
  }
  router.set(zmq::sockopt::linger, 0);
  dealer.set(zmq::sockopt::linger, 0);
  router.bind("tcp://127.0.0.1:*");
  dealer.connect(router.get(zmq::sockopt::last_endpoint));

  // One message first, so the handshake is not in the measurement.
  dealer.send(zmq::str_buffer("start"), zmq::send_flags::none);
  zmq::message_t part;
  static_cast<void>(router.recv(part));
  static_cast<void>(router.recv(part));

  const std::string payload(size, 'x');
  std::jthread sender{[&] {
    for (std::size_t i = 0; i < count; ++i) dealer.send(zmq::buffer(payload), zmq::send_flags::none);
  }};
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < count; ++i) {
    static_cast<void>(router.recv(part)); // routing id
    static_cast<void>(router.recv(part)); // payload
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  sender.join();
  fmt::print("{} {} messages of {} bytes in {:.3f} s: {:.0f} messages/s, {:.1f} MB/s\n", plain ? "plain" : "curve",
             count, size, took.count(), static_cast<double>(count) / took.count(),
             static_cast<double>(count * size) / took.count() / 1e6);
  return 0;
}
