#include "sim/modbus_tcp_server.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <modbus/modbus-tcp.h>

#include <array>
#include <new>
#include <span>
#include <utility>
#include <vector>

namespace stationd::sim {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr std::size_t mbap_size = 7;

struct modbus_deleter {
  void operator()(modbus_t* ctx) const noexcept { modbus_free(ctx); }
};

} // namespace

struct modbus_tcp_server::connection {
  explicit connection(tcp::socket s) : socket{std::move(s)}, timer{socket.get_executor()} {}
  tcp::socket socket;
  asio::steady_timer timer;
  // A libmodbus context that only ever replies: it never connects, it is handed the
  // accepted socket.
  std::unique_ptr<modbus_t, modbus_deleter> ctx;
  std::array<std::uint8_t, MODBUS_TCP_MAX_ADU_LENGTH> frame{};
  bool closed = false;
};

modbus_tcp_server::modbus_tcp_server(modbus_slave& slave) : modbus_tcp_server{slave, options{}} {}

modbus_tcp_server::modbus_tcp_server(modbus_slave& slave, options opts)
    : slave_{slave}, options_{std::move(opts)}, port_{options_.port} {}

modbus_tcp_server::~modbus_tcp_server() { stop(); }

void modbus_tcp_server::start() {
  if (worker_.running()) return;
  worker_.start();
  try {
    worker_.call([this] {
      const tcp::endpoint where{asio::ip::make_address(options_.address), port_.load()};
      acceptor_.emplace(worker_.context());
      acceptor_->open(where.protocol());
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

void modbus_tcp_server::stop() {
  if (!worker_.running()) return;
  worker_.call([this] {
    boost::system::error_code ignored;
    if (acceptor_) acceptor_->close(ignored);
    acceptor_.reset();
    while (!connections_.empty()) close(std::shared_ptr<connection>{connections_.front()});
  });
  worker_.stop();
}

std::string modbus_tcp_server::endpoint() const { return options_.address + ":" + std::to_string(port()); }

std::size_t modbus_tcp_server::connections() {
  return worker_.call([this] { return connections_.size(); });
}

void modbus_tcp_server::drop_connections() {
  worker_.call([this] {
    while (!connections_.empty()) close(std::shared_ptr<connection>{connections_.front()});
  });
}

void modbus_tcp_server::accept_next() {
  if (!acceptor_) return;
  acceptor_->async_accept([this](const boost::system::error_code& error, tcp::socket socket) {
    if (error == asio::error::operation_aborted || !acceptor_) return;
    if (!error) {
      auto peer = std::make_shared<connection>(std::move(socket));
      peer->socket.set_option(tcp::no_delay(true));
      peer->ctx.reset(modbus_new_tcp("127.0.0.1", 502));
      if (!peer->ctx) throw std::bad_alloc{};
      modbus_set_socket(peer->ctx.get(), peer->socket.native_handle());
      connections_.push_back(peer);
      read_header(peer);
    }
    accept_next();
  });
}

void modbus_tcp_server::read_header(const std::shared_ptr<connection>& peer) {
  asio::async_read(peer->socket, asio::buffer(peer->frame.data(), mbap_size),
                   [this, peer](const boost::system::error_code& error, std::size_t) {
                     if (peer->closed) return;
                     if (error) return close(peer);
                     const auto& f = peer->frame;
                     const unsigned protocol = (f[2] << 8) | f[3];
                     const unsigned length = (f[4] << 8) | f[5]; // unit id + PDU
                     // Not Modbus: a device drops such a connection.
                     if (protocol != 0 || length < 2 || length > MODBUS_MAX_PDU_LENGTH + 1) return close(peer);
                     read_body(peer, length - 1);
                   });
}

void modbus_tcp_server::read_body(const std::shared_ptr<connection>& peer, std::size_t length) {
  asio::async_read(peer->socket, asio::buffer(peer->frame.data() + mbap_size, length),
                   [this, peer, length](const boost::system::error_code& error, std::size_t) {
                     if (peer->closed) return;
                     if (error) return close(peer);
                     handle(peer, mbap_size + length);
                   });
}

void modbus_tcp_server::handle(const std::shared_ptr<connection>& peer, std::size_t frame_size) {
  const std::span<const std::uint8_t> pdu{peer->frame.data() + mbap_size, frame_size - mbap_size};
  const auto decision = slave_.accept(peer->frame[6], pdu, true);
  if (!decision.answer) return read_header(peer);
  if (decision.delay.count() <= 0) {
    respond(peer, frame_size, decision);
    return;
  }
  peer->timer.expires_after(decision.delay);
  peer->timer.async_wait([this, peer, frame_size, decision](const boost::system::error_code& error) {
    if (peer->closed || error) return;
    respond(peer, frame_size, decision);
  });
}

void modbus_tcp_server::respond(const std::shared_ptr<connection>& peer, std::size_t frame_size,
                                const modbus_slave::plan& decision) {
  const std::span<const std::uint8_t> adu{peer->frame.data(), frame_size};
  const auto send_pdu = [&](std::span<const std::uint8_t> pdu) {
    std::vector<std::uint8_t> reply(peer->frame.begin(), peer->frame.begin() + 4); // transaction + protocol id
    const auto length = static_cast<std::uint16_t>(pdu.size() + 1);
    reply.push_back(static_cast<std::uint8_t>(length >> 8));
    reply.push_back(static_cast<std::uint8_t>(length & 0xff));
    reply.push_back(peer->frame[6]);
    reply.insert(reply.end(), pdu.begin(), pdu.end());
    boost::system::error_code ignored;
    asio::write(peer->socket, asio::buffer(reply), ignored);
  };
  slave_.answer(peer->ctx.get(), adu, peer->frame[6], adu.subspan(mbap_size), decision, send_pdu);
  read_header(peer);
}

void modbus_tcp_server::close(const std::shared_ptr<connection>& peer) {
  peer->closed = true;
  peer->timer.cancel();
  boost::system::error_code ignored;
  peer->socket.shutdown(tcp::socket::shutdown_both, ignored);
  peer->socket.close(ignored);
  connections_.remove(peer);
}

} // namespace stationd::sim
