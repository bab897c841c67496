#include "http/http_server.hpp"
#include "stationd/version.hpp"
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <fmt/format.h>
#include <deque>
#include <map>

namespace stationd::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t websocket_queue_limit = 512;              // messages; a client this far behind is closed
constexpr std::size_t websocket_queue_bytes = 4 * 1024 * 1024; // ... or with this much waiting for it

const std::string& server_name() {
  static const std::string name = fmt::format("stationd/{}", version_string);
  return name;
}

bhttp::response<bhttp::string_body> to_beast(api::http_response r, unsigned version, bool keep_alive) {
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version};
  res.set(bhttp::field::server, server_name());
  if (!r.content_type.empty() && r.status != 304) res.set(bhttp::field::content_type, r.content_type);
  for (auto& [name, value] : r.headers) res.insert(name, value);
  res.keep_alive(keep_alive);
  res.body() = std::move(r.body);
  res.prepare_payload();
  return res;
}

api::http_request from_beast(const bhttp::request<bhttp::string_body>& req, const api::parsed_target& target,
                             const std::string& remote) {
  api::http_request r;
  r.method = std::string{req.method_string()};
  r.target = std::string{req.target()};
  r.path = target.path;
  r.query = target.query;
  if (const auto a = req.find(bhttp::field::authorization); a != req.end()) r.authorization = std::string{a->value()};
  if (const auto e = req.find(bhttp::field::if_none_match); e != req.end()) r.if_none_match = std::string{e->value()};
  if (const auto c = req.find(bhttp::field::content_type); c != req.end()) r.content_type = std::string{c->value()};
  r.body = req.body();
  r.remote = remote;
  return r;
}

// What a refused read gets, or 0 when the connection is just closed (a timed
// out stream has closed its socket already: nothing can be answered).
unsigned status_for(const boost::system::error_code& ec) {
  if (ec == bhttp::error::body_limit) return 413;
  if (ec == bhttp::error::header_limit) return 431;
  if (ec == beast::error::timeout) return 0;
  if (ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
      ec == asio::error::operation_aborted) {
    return 0;
  }
  return 400;
}

std::string_view reason_code(unsigned status) {
  switch (status) {
  case 400: return "bad_request";
  case 413: return "payload_too_large";
  case 414: return "uri_too_long";
  case 431: return "headers_too_large";
  case 503: return "unavailable";
  default: return "error";
  }
}

// A WebSocket client's outgoing queue; the writer coroutine drains it.
class websocket_peer final : public api::websocket_client {
public:
  explicit websocket_peer(asio::any_io_executor executor) : wake_{executor} { wake_.expires_at(asio::steady_timer::time_point::max()); }
  void send(std::string text) override {
    if (closed_) return;
    if (queue_.size() >= websocket_queue_limit || queued_bytes_ + text.size() > websocket_queue_bytes) {
      overflowed_ = true;
      closed_ = true;
    } else {
      queued_bytes_ += text.size();
      queue_.push_back(std::move(text));
    }
    wake_.cancel();
  }
  std::string take() {
    std::string text = std::move(queue_.front());
    queue_.pop_front();
    queued_bytes_ -= text.size();
    return text;
  }
  std::size_t queued_bytes_ = 0;
  std::deque<std::string> queue_;
  asio::steady_timer wake_;
  bool closed_ = false;
  bool overflowed_ = false;
};

} // namespace

struct http_server::impl {
  impl(asio::any_io_executor ex, api::api_service& a, log::logger& l) : executor{ex}, api{a}, log{l}, acceptor{ex} {}

  asio::any_io_executor executor;
  api::api_service& api;
  log::logger& log;
  tcp::acceptor acceptor;
  std::map<std::uint64_t, beast::tcp_stream*> connections;
  std::uint64_t next_connection = 1;
  bool closing = false;

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
      if (ec == asio::error::operation_aborted || closing) co_return;
      if (ec) {
        log.warning("http", "accept failed: {}", ec.message());
        asio::steady_timer pause{executor};
        pause.expires_after(std::chrono::milliseconds{100}); // e.g. out of file descriptors: do not spin
        co_await pause.async_wait(use_tuple);
        continue;
      }
      const auto id = next_connection++;
      // Each connection ends by itself; an exception in one is logged, not lost.
      asio::co_spawn(executor, connection(id, std::move(socket)), [this, id](std::exception_ptr e) {
        connections.erase(id);
        api.set_connection_count(connections.size());
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& x) {
          log.error("http", "connection {} failed: {}", id, x.what());
        } catch (...) {
          log.error("http", "connection {} failed", id);
        }
      });
    }
  }

  asio::awaitable<void> write(beast::tcp_stream& stream, api::http_response r, unsigned version, bool keep_alive,
                              boost::system::error_code& ec, bool head = false) {
    api.count_response(r.status);
    auto res = to_beast(std::move(r), version, keep_alive);
    if (head) {
      // The length of what a GET would have sent, and no body.
      const auto length = res.body().size();
      res.body().clear();
      res.content_length(length);
    }
    stream.expires_after(api.limits().request_timeout);
    auto [e, n] = co_await bhttp::async_write(stream, res, use_tuple);
    (void)n;
    ec = e;
  }

  asio::awaitable<void> connection(std::uint64_t id, tcp::socket socket) {
    std::string remote = "?";
    boost::system::error_code addr_ec;
    if (const auto ep = socket.remote_endpoint(addr_ec); !addr_ec) remote = ep.address().to_string();
    beast::tcp_stream stream{std::move(socket)};
    connections.emplace(id, &stream);
    api.set_connection_count(connections.size());
    const auto limits = api.limits();
    boost::system::error_code ec;
    if (connections.size() > limits.max_connections) {
      auto busy = api::error_response(503, "unavailable", "too many connections; try again");
      busy.headers.emplace_back("Retry-After", "1");
      co_await write(stream, std::move(busy), 11, false, ec);
      stream.socket().shutdown(tcp::socket::shutdown_both, ec);
      co_return;
    }
    beast::flat_buffer buffer{limits.max_header_bytes};
    bool first = true;
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(api.limits().max_header_bytes));
      parser.body_limit(api.limits().max_body_bytes);
      // The first request has request_timeout to arrive whole; a kept-alive
      // connection waits idle_timeout for the next one.
      stream.expires_after(first ? api.limits().request_timeout : api.limits().idle_timeout);
      first = false;
      auto [read_ec, n] = co_await bhttp::async_read(stream, buffer, parser, use_tuple);
      (void)n;
      if (read_ec) {
        const auto status = status_for(read_ec);
        if (status != 0 && !closing) {
          auto refusal = api::error_response(status, reason_code(status), read_ec.message());
          co_await write(stream, std::move(refusal), 11, false, ec);
        }
        break;
      }
      auto req = parser.release();
      const bool keep_alive = req.keep_alive();
      if (req.target().size() > api.limits().max_target_bytes) {
        auto refusal = api::error_response(414, "uri_too_long",
                                           fmt::format("the URL has {} bytes, more than {}", req.target().size(),
                                                       api.limits().max_target_bytes));
        co_await write(stream, std::move(refusal), req.version(), false, ec);
        break;
      }
      const auto target = api::parse_target(req.target());
      if (!target) {
        auto refusal = api::error_response(400, "bad_request", "the URL is malformed (bad %-escape or not a path)");
        co_await write(stream, std::move(refusal), req.version(), false, ec);
        break;
      }
      auto request = from_beast(req, *target, remote);
      if (websocket::is_upgrade(req)) {
        if (request.path != "/ws") {
          auto refusal = api::error_response(404, "not_found", "WebSocket connections go to /ws");
          co_await write(stream, std::move(refusal), req.version(), false, ec);
          break;
        }
        const std::string protocols{req[bhttp::field::sec_websocket_protocol]};
        if (auto refusal = api.check_websocket(request, protocols)) {
          co_await write(stream, std::move(*refusal), req.version(), false, ec);
          break;
        }
        co_await websocket_session(id, std::move(stream), std::move(req), protocols);
        co_return;
      }
      stream.expires_never(); // a long-poll may take its time; the write has its own deadline
      const std::string path = request.path;
      api::http_response response;
      try {
        response = co_await api.handle(std::move(request));
      } catch (const std::exception& e) {
        log.error("http", "{} {} failed: {}", std::string{req.method_string()}, path, e.what());
        response = api::error_response(500, "internal_error", "the station could not answer this request; see its log");
      }
      if (path.starts_with("/api/")) response.headers.emplace_back("Cache-Control", "no-store");
      if (path == "/" || path.starts_with("/ui/")) {
        response.headers.emplace_back("X-Content-Type-Options", "nosniff");
        response.headers.emplace_back("Content-Security-Policy",
                                      "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
                                      "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
      }
      co_await write(stream, std::move(response), req.version(), keep_alive && !closing, ec,
                     req.method() == bhttp::verb::head);
      if (ec || !keep_alive || closing) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  asio::awaitable<void> websocket_session(std::uint64_t connection_id, beast::tcp_stream stream,
                                          bhttp::request<bhttp::string_body> req, std::string protocols) {
    websocket::stream<beast::tcp_stream> ws{std::move(stream)};
    connections[connection_id] = &ws.next_layer(); // closed with the others at shutdown
    // The HTTP request's deadline must not carry over: the WebSocket keeps its
    // own timeouts (pings), and a TCP stream's deadline under it would cut it off.
    beast::get_lowest_layer(ws).expires_never();
    // Pings keep an idle client alive and find a dead one (no answer: closed).
    ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws.read_message_max(api.limits().max_websocket_message);
    const bool versioned = protocols.find("stationd.v1") != std::string::npos;
    ws.set_option(websocket::stream_base::decorator([versioned](websocket::response_type& res) {
      res.set(bhttp::field::server, server_name());
      if (versioned) res.set(bhttp::field::sec_websocket_protocol, "stationd.v1");
    }));
    auto [accept_ec] = co_await ws.async_accept(req, use_tuple);
    if (accept_ec) co_return;
    api.count_response(101);
    auto peer = std::make_shared<websocket_peer>(executor);
    const auto id = api.open_websocket(peer);
    co_await (reader(ws, id) || writer(ws, *peer));
    api.close_websocket(id);
    if (peer->overflowed_) log.warning("http", "WebSocket client {} fell too far behind; closed", id);
    boost::system::error_code ec;
    ws.next_layer().socket().shutdown(tcp::socket::shutdown_both, ec);
  }

  asio::awaitable<void> reader(websocket::stream<beast::tcp_stream>& ws, std::uint64_t id) {
    beast::flat_buffer buffer;
    for (;;) {
      auto [ec, n] = co_await ws.async_read(buffer, use_tuple);
      (void)n;
      if (ec) co_return; // closed, timed out, or too big (Beast closes with 1009)
      if (!ws.got_text()) {
        buffer.consume(buffer.size());
        continue;
      }
      std::string text = beast::buffers_to_string(buffer.data());
      buffer.consume(buffer.size());
      std::string failure;
      try {
        co_await api.websocket_message(id, std::move(text));
      } catch (const std::exception& e) {
        failure = e.what();
      }
      if (!failure.empty()) {
        log.error("http", "WebSocket client {}: message not handled: {}", id, failure);
        co_return;
      }
    }
  }

  asio::awaitable<void> writer(websocket::stream<beast::tcp_stream>& ws, websocket_peer& peer) {
    for (;;) {
      while (peer.queue_.empty() && !peer.closed_) {
        peer.wake_.expires_at(asio::steady_timer::time_point::max());
        co_await peer.wake_.async_wait(use_tuple);
      }
      if (peer.closed_ && (peer.overflowed_ || peer.queue_.empty())) {
        websocket::close_reason why{websocket::close_code::policy_error, "too slow"};
        co_await ws.async_close(why, use_tuple);
        co_return;
      }
      std::string text = peer.take();
      ws.text(true);
      auto [ec, n] = co_await ws.async_write(asio::buffer(text), use_tuple);
      (void)n;
      if (ec) co_return;
    }
  }
};

http_server::http_server(asio::any_io_executor executor, api::api_service& api, log::logger& log)
    : impl_{std::make_unique<impl>(executor, api, log)} {}

http_server::~http_server() = default;

void http_server::open(const std::string& address, unsigned short port) {
  boost::system::error_code ec;
  const auto ip = asio::ip::make_address(address, ec);
  if (ec) throw std::runtime_error(fmt::format("http.listen: \"{}\" is not an IP address", address));
  const tcp::endpoint endpoint{ip, port};
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error(fmt::format("cannot listen on {}:{} for HTTP: {}", address, port, ec.message()));
  }
  impl_->log.notice("http", "listening on http://{}:{}/", address.find(':') != std::string::npos ? "[" + address + "]" : address,
                    a.local_endpoint().port());
}

unsigned short http_server::port() const { return impl_->acceptor.local_endpoint().port(); }

asio::awaitable<void> http_server::run() {
  struct closer {
    impl& i;
    ~closer() {
      i.closing = true;
      boost::system::error_code ec;
      i.acceptor.close(ec);
      for (auto& [id, stream] : i.connections) stream->socket().close(ec);
    }
  } on_exit{*impl_};
  co_await impl_->accept_loop();
}

asio::awaitable<void> http_server::drain(std::chrono::milliseconds at_most) {
  close();
  asio::steady_timer pause{impl_->executor};
  const auto until = std::chrono::steady_clock::now() + at_most;
  while (!impl_->connections.empty() && std::chrono::steady_clock::now() < until) {
    pause.expires_after(std::chrono::milliseconds{10});
    co_await pause.async_wait(use_tuple);
  }
  if (!impl_->connections.empty()) {
    impl_->log.warning("http", "{} connections still open at shutdown", impl_->connections.size());
  }
}

void http_server::close() {
  impl_->closing = true;
  boost::system::error_code ec;
  impl_->acceptor.close(ec);
  for (auto& [id, stream] : impl_->connections) stream->socket().close(ec);
}

} // namespace stationd::http
