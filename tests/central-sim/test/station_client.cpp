#include "station_client.hpp"

#include <array>
#include <stdexcept>

namespace stationd::central::test {

station_client::station_client(const std::string& endpoint, const std::string& routing_id,
                               const std::string& central_public_key, const std::optional<key_pair>& station_keys)
    : socket_{context_, zmq::socket_type::dealer} {
  socket_.set(zmq::sockopt::linger, 0);
  socket_.set(zmq::sockopt::routing_id, routing_id);
  if (station_keys) {
    socket_.set(zmq::sockopt::curve_serverkey, central_public_key);
    socket_.set(zmq::sockopt::curve_publickey, station_keys->public_key);
    socket_.set(zmq::sockopt::curve_secretkey, station_keys->secret_key);
  }
  socket_.connect(endpoint);
}

void station_client::send(const sync::message& m) {
  const auto f = sync::encode(m);
  send_frames({f.type, f.body});
}

void station_client::send_frames(const std::vector<std::string>& frames) {
  for (std::size_t i = 0; i < frames.size(); ++i) {
    socket_.send(zmq::buffer(frames[i]), i + 1 < frames.size() ? zmq::send_flags::sndmore : zmq::send_flags::none);
  }
}

std::optional<sync::message> station_client::receive(std::chrono::milliseconds timeout) {
  std::array<zmq::pollitem_t, 1> items{{{socket_.handle(), 0, ZMQ_POLLIN, 0}}};
  if (zmq::poll(items.data(), items.size(), timeout) == 0) return std::nullopt;
  std::vector<std::string> frames;
  zmq::message_t part;
  do {
    if (!socket_.recv(part)) return std::nullopt;
    frames.push_back(part.to_string());
  } while (part.more());
  if (frames.size() != 2) throw std::runtime_error("central sent a message of " + std::to_string(frames.size()) + " frames");
  auto d = sync::decode(frames[0], frames[1]);
  if (!d.msg) throw std::runtime_error("central sent a bad message: " + d.problem);
  return std::move(*d.msg);
}

} // namespace stationd::central::test
