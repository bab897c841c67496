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

#include <algorithm>
#include <chrono>
#include <cstring>
#include <deque>

namespace stationd::control {

namespace asio = boost::asio;
namespace json = boost::json;
using asio::local::stream_protocol;
using namespace asio::experimental::awaitable_operators;

namespace {

// A subscriber that falls this many events behind loses the newest ones.
constexpr std::size_t max_queued_events = 1000;
// A client may have this many replies unread before its requests wait: a client
// that sends without reading cannot make the daemon buffer without bound.
constexpr std::size_t max_unread_replies = 8;
// A client that takes no bytes for this long is disconnected.
constexpr std::chrono::seconds write_timeout{10};

bool expected_end(const boost::system::error_code& ec) {
  return ec == asio::error::operation_aborted || ec == asio::error::broken_pipe || ec == asio::error::connection_reset ||
         ec == asio::error::bad_descriptor || ec == asio::error::eof;
}

} // namespace

// One connected client. Lives as long as its coroutine; the server keeps a plain
// pointer, registered before the coroutine starts and removed however it ends,
// only to close it at shutdown.
class control_session {
public:
  control_session(control_server& server, stream_protocol::socket socket)
      : server_{server}, socket_{std::move(socket)}, wake_writer_{socket_.get_executor()},
        wake_reader_{socket_.get_executor()}, framer_{server.limits().max_request_bytes} {
    wake_writer_.expires_at(asio::steady_timer::time_point::max());
    wake_reader_.expires_at(asio::steady_timer::time_point::max());
  }

  asio::awaitable<void> run() {
    struct leave_on_exit {
      control_session* self;
      ~leave_on_exit() { self->leave(); }
    } guard{this};
    try {
      co_await (read_loop() && write_loop());
    } catch (const boost::system::system_error& e) {
      if (!expected_end(e.code())) server_.log_.warning("control", "client dropped: {}", e.what());
    }
  }

  void close() {
    closing_ = true;
    boost::system::error_code ignored;
    socket_.close(ignored);
    wake_writer_.cancel();
    wake_reader_.cancel();
  }

  void reject(std::string text) {
    send(serialize(make_reply(result_code::refused, std::move(text))), true);
    closing_ = true;
  }

private:
  struct line {
    std::string text;
    bool reply; // false: a pushed event
  };

  void leave() {
    unsubscribe();
    server_.forget(this);
  }

  void unsubscribe() {
    if (subscription_) server_.hub_.unsubscribe(*subscription_);
    subscription_.reset();
  }

  void send(std::string text, bool reply) {
    if (reply) ++unread_replies_;
    outbox_.push_back({std::move(text), reply});
    wake_writer_.cancel();
  }

  asio::awaitable<void> read_loop() {
    std::array<char, 4096> buffer;
    asio::steady_timer idle{socket_.get_executor()};
    while (!closing_) {
      std::size_t n = 0;
      boost::system::error_code ec;
      // Subscribers wait for events, not requests: they may stay silent (the
      // write timeout still catches one that stops reading).
      if (subscription_) {
        std::tie(ec, n) = co_await socket_.async_read_some(asio::buffer(buffer), asio::as_tuple(asio::use_awaitable));
      } else {
        idle.expires_after(server_.limits().idle_timeout);
        auto outcome = co_await (socket_.async_read_some(asio::buffer(buffer), asio::as_tuple(asio::use_awaitable)) ||
                                 idle.async_wait(asio::as_tuple(asio::use_awaitable)));
        if (outcome.index() == 1) {
          send(serialize(make_reply(result_code::error, "idle timeout: closing the connection")), true);
          break;
        }
        std::tie(ec, n) = std::get<0>(outcome);
      }
      if (ec) break; // end of file, reset or closed: the session ends
      for (auto& item : framer_.feed({buffer.data(), n})) {
        if (item.what == line_framer::item::kind::too_long) {
          send(serialize(make_reply(result_code::error,
                                    fmt::format("request too large: more than {} bytes (control.max_request_bytes)",
                                                server_.limits().max_request_bytes))),
               true);
        } else {
          send(serialize(co_await handle(item.text)), true);
        }
        while (unread_replies_ >= max_unread_replies && !closing_) {
          co_await wake_reader_.async_wait(asio::as_tuple(asio::use_awaitable));
          wake_reader_.expires_at(asio::steady_timer::time_point::max());
        }
        if (closing_) break;
      }
    }
    closing_ = true;
    wake_writer_.cancel();
  }

  asio::awaitable<void> write_loop() {
    asio::steady_timer deadline{socket_.get_executor()};
    for (;;) {
      if (outbox_.empty()) {
        if (closing_ || !socket_.is_open()) break;
        if (dropped_ != 0) {
          outbox_.push_back({serialize_event("overflow", {{"dropped", dropped_}}), false});
          dropped_ = 0;
          continue;
        }
        co_await wake_writer_.async_wait(asio::as_tuple(asio::use_awaitable));
        wake_writer_.expires_at(asio::steady_timer::time_point::max());
        continue;
      }
      deadline.expires_after(write_timeout);
      auto outcome =
          co_await (asio::async_write(socket_, asio::buffer(outbox_.front().text), asio::as_tuple(asio::use_awaitable)) ||
                    deadline.async_wait(asio::as_tuple(asio::use_awaitable)));
      if (outcome.index() == 1) {
        server_.log_.warning("control", "client read nothing for {} s; disconnected", write_timeout.count());
        close();
        break;
      }
      if (const auto [ec, n] = std::get<0>(outcome); ec) throw boost::system::system_error(ec);
      if (outbox_.front().reply) {
        --unread_replies_;
        wake_reader_.cancel();
      }
      outbox_.pop_front();
    }
    closing_ = true;
    wake_reader_.cancel();
    boost::system::error_code ignored;
    socket_.shutdown(stream_protocol::socket::shutdown_both, ignored);
  }

  asio::awaitable<reply> handle(const std::string& text) {
    auto parsed = parse_request(text);
    if (auto* error = std::get_if<reply>(&parsed)) co_return std::move(*error);
    auto& req = std::get<request>(parsed);
    if (req.command == "subscribe") co_return subscribe(req.arguments);
    if (req.command == "unsubscribe") {
      unsubscribe();
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
    unsubscribe();
    json::array names;
    for (const auto& c : classes) names.emplace_back(c);
    subscription_ = server_.hub_.subscribe(std::move(classes), [this](std::string_view cls, const json::object& event) {
      if (outbox_.size() >= max_queued_events) {
        ++dropped_; // a slow reader loses notifications, never the daemon's memory
        return;
      }
      send(serialize_event(cls, event), false);
    });
    return make_reply(result_code::success, names.empty() ? "subscribed to all events" : "subscribed",
                      json::object{{"classes", names}});
  }

  control_server& server_;
  stream_protocol::socket socket_;
  asio::steady_timer wake_writer_; // cancelled when there is something to write
  asio::steady_timer wake_reader_; // cancelled when a reply has been written
  line_framer framer_;
  std::deque<line> outbox_;
  std::size_t unread_replies_ = 0;
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
  auto fail = [&](std::string_view what, const std::string& why) {
    return std::runtime_error(fmt::format("control socket {}: {}: {}", path, what, why));
  };
  if (path.size() >= sizeof(sockaddr_un::sun_path)) {
    throw fail("path too long", fmt::format("a Unix socket path has at most {} bytes", sizeof(sockaddr_un::sun_path) - 1));
  }
  std::error_code fs_error;
  std::filesystem::create_directories(socket_path_.parent_path(), fs_error);
  if (fs_error) throw fail("cannot create its directory", fs_error.message());
  const auto existing = std::filesystem::symlink_status(socket_path_, fs_error);
  if (std::filesystem::exists(existing)) {
    if (!std::filesystem::is_socket(existing)) throw fail("cannot listen", "a file that is not a socket is in the way");
    stream_protocol::socket probe{executor_};
    boost::system::error_code ec;
    probe.connect(stream_protocol::endpoint{path}, ec);
    if (!ec) throw fail("cannot listen", "another running stationd answers on it");
    std::filesystem::remove(socket_path_, fs_error); // stale: left by a process that died
  }
  const stream_protocol::endpoint endpoint{path};
  boost::system::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (ec) throw fail("cannot bind", ec.message());
  if (::chmod(path.c_str(), socket_mode_) != 0) throw fail("cannot set its mode", std::strerror(errno));
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw fail("cannot listen", ec.message());
  open_ = true;
  log_.info("control", "listening on {}", path);
}

asio::awaitable<void> control_server::run() {
  asio::steady_timer backoff{executor_};
  auto pause = std::chrono::milliseconds{100};
  while (open_) {
    auto [ec, socket] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
    if (!open_ || ec == asio::error::operation_aborted) break;
    if (ec) {
      // Out of file descriptors, say: wait instead of spinning, and log each pause once.
      log_.warning("control", "accept failed: {}; retrying in {} ms", ec.message(), pause.count());
      backoff.expires_after(pause);
      co_await backoff.async_wait(asio::use_awaitable);
      pause = std::min(pause * 2, std::chrono::milliseconds{5000});
      continue;
    }
    pause = std::chrono::milliseconds{100};
    auto session = std::make_shared<control_session>(*this, std::move(socket));
    if (sessions_.size() >= limits_.max_clients) {
      session->reject(fmt::format("too many control connections (control.max_clients = {})", limits_.max_clients));
    }
    sessions_.insert(session.get());
    // The session logs its own failures and removes itself; the handler keeps it alive to the end.
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
