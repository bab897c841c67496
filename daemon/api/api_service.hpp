#pragma once
#include "api/access.hpp"
#include "api/entity_store.hpp"
#include "api/http_message.hpp"
#include "api/metrics.hpp"
#include "api/static_files.hpp"
#include "config/station_config.hpp"
#include "events/event_hub.hpp"
#include "events/status_board.hpp"
#include "journal/journal.hpp"
#include "log/logger.hpp"
#include "printing/print_service.hpp"
#include "station/station_service.hpp"
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

// Everything the HTTP listener answers (docs/api.md), without the wire: the
// station UI's files, /healthz, /metrics, the operator API, the 3PL status API
// with its changes feed, and the WebSocket clients' messages. daemon/http/
// (Boost.Beast) turns bytes into http_request and back. Used from the io thread;
// SQLite reads run on a reader thread of their own.
namespace stationd::api {

// A WebSocket client as the API sees it: where its messages go.
class websocket_client {
public:
  virtual ~websocket_client() = default;
  // Queues a text message; a client that falls too far behind is closed.
  virtual void send(std::string text) = 0;
};

struct http_limits {
  std::size_t max_connections = 64;
  std::size_t max_websocket_clients = 8;
  std::size_t max_body_bytes = 65536;
  std::size_t max_header_bytes = 8192;
  std::size_t max_target_bytes = 2048;
  std::size_t max_websocket_message = 16384;
  std::chrono::milliseconds request_timeout{10000};
  std::chrono::milliseconds idle_timeout{60000};
};

class api_service {
public:
  api_service(boost::asio::any_io_executor executor, journal::journal& journal, station::station_service& station,
              printing::print_service& printing, events::event_hub& hub, events::status_board& board, log::logger& log);
  ~api_service();
  api_service(const api_service&) = delete;
  api_service& operator=(const api_service&) = delete;

  // Tokens and limits from [http], and the UI's files (read beforehand, so that
  // a reload whose files cannot be read is refused before anything changes).
  void apply(const config::station_config& config, static_files files);
  const http_limits& limits() const noexcept { return limits_; }

  // The journal committed up to `last_seq`: long-polls wake.
  void committed(std::uint64_t last_seq);

  boost::asio::awaitable<http_response> handle(http_request request);

  // A WebSocket upgrade: nothing when it may go ahead, else the answer refusing it.
  std::optional<http_response> check_websocket(const http_request& request, const std::string& protocols);
  std::uint64_t open_websocket(std::shared_ptr<websocket_client> client);
  // One text message from the client, handled before the next is read.
  boost::asio::awaitable<void> websocket_message(std::uint64_t client, std::string text);
  void close_websocket(std::uint64_t client);
  std::size_t websocket_count() const noexcept { return websockets_.size(); }

  // Connection accounting by the listener, for limits and /metrics.
  void count_response(unsigned status) { metrics_.count_http(status); }
  void set_connection_count(std::size_t n) { connections_ = n; }

  // Ends every long-poll now (they answer with what they have); at shutdown.
  void stop();
  // Deletes changes past their retention once an hour; runs until cancelled.
  boost::asio::awaitable<void> run();

private:
  struct authorized {
    const api_token* token = nullptr;
    std::optional<http_response> refusal;
  };
  authorized authorize(const http_request& request, std::string_view scope, http_response& headers_to);
  std::optional<http_response> limit_failed_auth(const http_request& request);
  boost::asio::awaitable<http_response> route_api(http_request& request);
  http_response serve_static(const http_request& request) const;
  http_response health() const;
  http_response metrics() const;
  boost::asio::awaitable<http_response> get_entity(const http_request& request, const api_token& token,
                                                   std::string kind, std::string id);
  boost::asio::awaitable<http_response> get_changes(const http_request& request, const api_token& token);
  boost::asio::awaitable<http_response> get_snapshot(const http_request& request, const api_token& token);
  boost::asio::awaitable<http_response> post_scan(const http_request& request);
  boost::asio::awaitable<http_response> post_action(const http_request& request);
  boost::asio::awaitable<http_response> post_reprint(const http_request& request, std::int64_t job);
  // A reprint by the operator logged in (HTTP and WebSocket): the new job, or
  // why not (409 nobody logged in or not printed yet, 404 no such job).
  struct reprint_outcome {
    std::optional<printing::print_job> job;
    unsigned status = 200;
    std::string error, message;
  };
  boost::asio::awaitable<reprint_outcome> reprint_as_operator(std::int64_t job, std::string reason);
  // Which merchants and kinds a request may read; nothing when it asks for a
  // merchant its token does not see (403) or names an unknown type (400).
  std::optional<visibility> visible_to(const http_request& request, const api_token& token, http_response& refusal) const;
  boost::asio::awaitable<void> wait_for_commit(std::chrono::steady_clock::time_point deadline);
  template <typename F>
  auto read(F query) -> boost::asio::awaitable<decltype(query(std::declval<entity_reader&>()))>;

  void push_view_soon();
  void broadcast(const std::string& text);
  boost::json::object hello() const;

  boost::asio::any_io_executor executor_;
  journal::journal& journal_;
  station::station_service& station_;
  printing::print_service& printing_;
  events::event_hub& hub_;
  events::status_board& board_;
  log::logger& log_;
  std::string station_id_;
  http_limits limits_;
  bool public_metrics_ = true;
  std::chrono::milliseconds retention_{30LL * 24 * 3600 * 1000};
  token_table tokens_;
  rate_limiter rates_;
  static_files files_;
  station_metrics metrics_;
  boost::asio::thread_pool reader_pool_{1};
  std::unique_ptr<entity_reader> reader_; // used on the reader thread only
  std::string epoch_;
  std::uint64_t last_committed_ = 0;
  std::set<boost::asio::steady_timer*> waiters_; // long-polls waiting for a commit
  std::map<std::uint64_t, std::shared_ptr<websocket_client>> websockets_;
  std::uint64_t next_websocket_ = 1;
  bool view_pending_ = false;
  bool stopping_ = false;
  std::size_t connections_ = 0;
  static constexpr std::size_t max_long_polls_per_token = 8;
  std::map<std::string, std::size_t, std::less<>> long_polls_; // waiting now, by token name
  events::event_hub::subscriber_id subscription_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true); // for work posted to the loop
};

} // namespace stationd::api
