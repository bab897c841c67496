#include "control/control_server.hpp"

#include "control/control_protocol.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/array.hpp>
#include <fmt/format.h>

#include <sys/stat.h>
#include <sys/un.h>

#include <deque>

namespace stationd::control {

namespace asio = boost::asio;
namespace json = boost::json;
using asio::local::stream_protocol;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr std::size_t max_queued_events = 1000;

} // namespace

// One connected client. Lives as long as its coroutine; the server keeps a plain
// pointer only to close it at shutdown.
class control_session : public std::enable_shared_from_this<control_session> {
public:
  control_session(control_server& server, stream_protocol::socket socket)
      : server_{server}, socket_{std::move(socket)}, wake_{socket_.get_executor()},
        framer_{server.limits().max_request_bytes} {
    wake_.expires_at(asio::steady_timer::time_point::max());
  }

  asio::awaitable<void> run() {
    server_.sessions_.insert(this);
    try {
      co_await (read_loop() && write_loop());
    } catch (const boost::system::system_error& e) {
      if (e.code() != asio::error::operation_aborted && e.code() != asio::error::broken_pipe &&
          e.code() != asio::error::connection_reset && e.code() != asio::error::bad_descriptor) {
        server_.log_.warning("control", "client dropped: {}", e.what());
      }
    }
    leave();
  }

  void close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
    wake_.cancel();
  }

  void reject(std::string text) {
    send(serialize(make_reply(result_code::refused, std::move(text))));
    closing_ = true;
  }

private:
  void leave() {
    if (subscription_) server_.hub_.unsubscribe(*subscription_);
    subscription_.reset();
    server_.forget(this);
  }

  void send(std::string line) {
    outbox_.push_back(std::move(line));
    wake_.cancel();
  }

  asio::awaitable<void> read_loop() {
    std::array<char, 4096> buffer;
    asio::steady_timer idle{socket_.get_executor()};
    while (!closing_) {
      std::size_t n = 0;
      boost::system::error_code ec;
      if (subscription_) {
        std::tie(ec, n) = co_await socket_.async_read_some(asio::buffer(buffer), asio::as_tuple(asio::use_awaitable));
      } else {
        idle.expires_after(server_.limits().idle_timeout);
        auto outcome = co_await (socket_.async_read_some(asio::buffer(buffer), asio::as_tuple(asio::use_awaitable)) ||
                                 idle.async_wait(asio::as_tuple(asio::use_awaitable)));
        if (outcome.index() == 1) {
          send(serialize(make_reply(result_code::error, "idle timeout: closing the connection")));
          break;
        }
        std::tie(ec, n) = std::get<0>(outcome);
      }
      if (ec) break; // end of file, reset or closed: the session ends
      for (auto& item : framer_.feed({buffer.data(), n})) {
        if (item.what == line_framer::item::kind::too_long) {
          send(serialize(make_reply(result_code::error,
                                    fmt::format("request too large: more than {} bytes (control.max_request_bytes)",
                                                server_.limits().max_request_bytes))));
          continue;
        }
        send(serialize(co_await handle(item.text)));
      }
    }
    closing_ = true;
    wake_.cancel();
  }

  asio::awaitable<void> write_loop() {
    for (;;) {
      if (outbox_.empty()) {
        if (closing_ || !socket_.is_open()) break;
        if (dropped_ != 0) {
          outbox_.push_back(serialize_event("overflow", {{"dropped", dropped_}}));
          dropped_ = 0;
          continue;
        }
        co_await wake_.async_wait(asio::as_tuple(asio::use_awaitable));
        wake_.expires_at(asio::steady_timer::time_point::max());
        continue;
      }
      co_await asio::async_write(socket_, asio::buffer(outbox_.front()), asio::use_awaitable);
      outbox_.pop_front();
    }
    boost::system::error_code ignored;
    socket_.shutdown(stream_protocol::socket::shutdown_both, ignored);
  }

  asio::awaitable<reply> handle(const std::string& line) {
    auto parsed = parse_request(line);
    if (auto* error = std::get_if<reply>(&parsed)) co_return std::move(*error);
    auto& req = std::get<request>(parsed);
    if (req.command == "subscribe") co_return subscribe(req.arguments);
    if (req.command == "unsubscribe") {
      if (subscription_) server_.hub_.unsubscribe(*subscription_);
      subscription_.reset();
      co_return make_reply(result_code::success, "unsubscribed");
    }
    const auto* command = server_.commands_.find(req.command);
    if (command == nullptr) {
      co_return make_reply(result_code::unsupported, fmt::format("unknown command \"{}\" (try \"help\")", req.command));
    }
    try {
      co_return co_await command->handler(req.arguments);
    } catch (const std::exception& e) {
      server_.log_.error("control", "command {} failed: {}", req.command, e.what());
      co_return make_reply(result_code::error, fmt::format("command {} failed: {}", req.command, e.what()));
    }
  }

  reply subscribe(const json::object& arguments) {
    std::set<std::string, std::less<>> classes;
    if (const auto* list = arguments.if_contains("classes")) {
      if (!list->is_array()) return make_reply(result_code::error, "subscribe: \"classes\" must be an array of strings");
      for (const auto& c : list->get_array()) {
        if (!c.is_string()) return make_reply(result_code::error, "subscribe: \"classes\" must be an array of strings");
        classes.emplace(c.get_string());
      }
    }
    if (subscription_) server_.hub_.unsubscribe(*subscription_);
    json::array names;
    for (const auto& c : classes) names.emplace_back(c);
    subscription_ = server_.hub_.subscribe(std::move(classes), [this](std::string_view cls, const json::object& event) {
      if (outbox_.size() >= max_queued_events) {
        ++dropped_; // a slow reader loses notifications, never the daemon's memory
        return;
      }
      send(serialize_event(cls, event));
    });
    return make_reply(result_code::success, names.empty() ? "subscribed to all events" : "subscribed",
                      json::object{{"classes", names}});
  }

  control_server& server_;
  stream_protocol::socket socket_;
  asio::steady_timer wake_; // cancelled to wake the writer
  line_framer framer_;
  std::deque<std::string> outbox_;
  std::optional<events::event_hub::subscriber_id> subscription_;
  std::uint64_t dropped_ = 0;
  bool closing_ = false;
};

control_server::control_server(asio::any_io_executor executor, std::filesystem::path socket_path, mode_t socket_mode,
                               server_limits limits, command_registry& commands, events::event_hub& hub,
                               log::logger& log)
    : executor_{executor}, socket_path_{std::move(socket_path)}, socket_mode_{socket_mode}, limits_{limits},
      commands_{commands}, hub_{hub}, log_{log}, acceptor_{executor} {}

control_server::~control_server() { close(); }

void control_server::open() {
  const auto& path = socket_path_.native();
  if (path.size() >= sizeof(sockaddr_un::sun_path)) {
    throw std::runtime_error(fmt::format("control socket path {} is longer than the {} bytes a Unix socket allows",
                                         path, sizeof(sockaddr_un::sun_path) - 1));
  }
  std::error_code fs_error;
  std::filesystem::create_directories(socket_path_.parent_path(), fs_error);
  if (std::filesystem::exists(socket_path_)) {
    stream_protocol::socket probe{executor_};
    boost::system::error_code ec;
    probe.connect(stream_protocol::endpoint{path}, ec);
    if (!ec) throw std::runtime_error(fmt::format("control socket {} is in use by another running stationd", path));
    std::filesystem::remove(socket_path_, fs_error); // stale: left by a process that died
  }
  const stream_protocol::endpoint endpoint{path};
  acceptor_.open(endpoint.protocol());
  acceptor_.bind(endpoint);
  if (::chmod(path.c_str(), socket_mode_) != 0) {
    throw std::runtime_error(fmt::format("cannot set mode of {}: {}", path, std::strerror(errno)));
  }
  acceptor_.listen();
  open_ = true;
  log_.info("control", "listening on {}", path);
}

asio::awaitable<void> control_server::run() {
  while (acceptor_.is_open()) {
    auto [ec, socket] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) break;
    if (ec) {
      log_.warning("control", "accept failed: {}", ec.message());
      continue;
    }
    auto session = std::make_shared<control_session>(*this, std::move(socket));
    if (sessions_.size() >= limits_.max_clients) {
      session->reject(fmt::format("too many control connections (control.max_clients = {})", limits_.max_clients));
    }
    // The session logs its own failures; the handler only keeps it alive to the end.
    asio::co_spawn(executor_, session->run(), [session, this](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        log_.error("control", "session ended by an unexpected error: {}", ex.what());
      }
    });
  }
}

void control_server::close() {
  if (!open_) return;
  open_ = false;
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  for (auto* s : std::set<control_session*>{sessions_}) s->close();
  std::error_code fs_error;
  std::filesystem::remove(socket_path_, fs_error);
}

} // namespace stationd::control
