#include "sim/tcp_scanner.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <deque>
#include <utility>

namespace stationd::sim {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
constexpr std::size_t max_received_bytes = 64 * 1024;
constexpr std::size_t max_client_backlog = 1 << 20;
} // namespace

struct tcp_scanner::client {
  explicit client(tcp::socket s) : socket{std::move(s)} {}
  tcp::socket socket;
  std::array<char, 512> input{};
  std::deque<std::string> output;
  std::size_t queued = 0;
  bool writing = false;
  bool closed = false;
};

tcp_scanner::tcp_scanner(options opts) : options_{std::move(opts)}, port_{options_.port} {}

tcp_scanner::~tcp_scanner() { stop(); }

void tcp_scanner::start() {
  if (worker_.running()) return;
  worker_.start();
  try {
    worker_.call([this] {
      const tcp::endpoint where{asio::ip::make_address(options_.address), port_.load()};
      acceptor_.emplace(worker_.context());
      acceptor_->open(where.protocol());
      // Restarting on the same port must not wait for TIME_WAIT of the old connections.
      acceptor_->set_option(tcp::acceptor::reuse_address(true));
      acceptor_->bind(where);
      acceptor_->listen();
      port_ = acceptor_->local_endpoint().port();
      accept_next();
    });
  } catch (...) {
    worker_.call([this] { acceptor_.reset(); });
    worker_.stop();
    throw;
  }
}

void tcp_scanner::stop() {
  if (!worker_.running()) return;
  worker_.call([this] {
    boost::system::error_code ignored;
    if (acceptor_) acceptor_->close(ignored);
    acceptor_.reset();
    while (!clients_.empty()) close(std::shared_ptr<client>{clients_.front()});
  });
  worker_.stop();
}

std::string tcp_scanner::endpoint() const { return options_.address + ":" + std::to_string(port()); }

std::size_t tcp_scanner::send(std::string_view scan) {
  std::string bytes{scan};
  return worker_.call([this, &bytes] { return broadcast(frame_scan(bytes, options_.format)); });
}

std::size_t tcp_scanner::send_raw(std::string data) {
  return worker_.call([this, &data] { return broadcast(data); });
}

void tcp_scanner::drop() {
  worker_.call([this] {
    while (!clients_.empty()) close(std::shared_ptr<client>{clients_.front()});
  });
}

std::size_t tcp_scanner::clients() {
  return worker_.call([this] { return clients_.size(); });
}

void tcp_scanner::set_format(const scan_format& format) {
  worker_.call([this, format] { options_.format = format; });
}

std::string tcp_scanner::received() {
  return worker_.call([this] { return received_; });
}

std::size_t tcp_scanner::broadcast(const std::string& data) {
  for (const auto& peer : clients_) write_to(peer, data);
  return clients_.size();
}

void tcp_scanner::accept_next() {
  if (!acceptor_) return;
  acceptor_->async_accept([this](const boost::system::error_code& error, tcp::socket socket) {
    if (error == asio::error::operation_aborted || !acceptor_) return;
    if (!error) {
      auto peer = std::make_shared<client>(std::move(socket));
      peer->socket.set_option(tcp::no_delay(true));
      clients_.push_back(peer);
      if (!options_.greeting.empty()) write_to(peer, options_.greeting);
      read_from(peer);
    }
    accept_next();
  });
}

void tcp_scanner::read_from(const std::shared_ptr<client>& peer) {
  peer->socket.async_read_some(asio::buffer(peer->input),
                               [this, peer](const boost::system::error_code& error, std::size_t size) {
                                 if (peer->closed) return;
                                 if (error) {
                                   close(peer);
                                   return;
                                 }
                                 received_.append(peer->input.data(), size);
                                 if (received_.size() > max_received_bytes)
                                   received_.erase(0, received_.size() - max_received_bytes);
                                 read_from(peer);
                               });
}

void tcp_scanner::write_to(const std::shared_ptr<client>& peer, std::string data) {
  if (peer->closed || data.empty() || peer->queued + data.size() > max_client_backlog) return;
  peer->queued += data.size();
  peer->output.push_back(std::move(data));
  pump(peer);
}

void tcp_scanner::pump(const std::shared_ptr<client>& peer) {
  if (peer->writing || peer->output.empty() || peer->closed) return;
  peer->writing = true;
  asio::async_write(peer->socket, asio::buffer(peer->output.front()),
                    [this, peer](const boost::system::error_code& error, std::size_t) {
                      peer->writing = false;
                      if (peer->closed) return;
                      if (error) {
                        close(peer);
                        return;
                      }
                      peer->queued -= peer->output.front().size();
                      peer->output.pop_front();
                      pump(peer);
                    });
}

void tcp_scanner::close(const std::shared_ptr<client>& peer) {
  peer->closed = true;
  boost::system::error_code ignored;
  peer->socket.shutdown(tcp::socket::shutdown_both, ignored);
  peer->socket.close(ignored);
  clients_.remove(peer);
}

} // namespace stationd::sim
