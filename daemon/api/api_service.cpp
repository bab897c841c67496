#include "api/api_service.hpp"
#include "api/cursor.hpp"
#include "api/entity_projection.hpp"
#include "stationd/version.hpp"
#include "workflow/messages.hpp"
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <charconv>

namespace stationd::api {
namespace asio = boost::asio;
namespace json = boost::json;
using clock = std::chrono::steady_clock;

namespace {

constexpr std::string_view api_prefix = "/api/v1/";
constexpr long max_limit = 1000;
constexpr long max_snapshot_limit = 5000;
constexpr int max_wait_s = 30;

std::optional<long> whole_number(std::string_view text) {
  long n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return n;
}

// A whole-number query parameter from `lo` to `hi` (`fallback` when absent);
// nothing, with the 400 in `refusal`, when it is not one.
std::optional<long> query_number(const http_request& request, std::string_view name, long lo, long hi, long fallback,
                                 std::string_view unit, http_response& refusal) {
  const auto text = request.query_value(name);
  if (!text) return fallback;
  const auto n = whole_number(*text);
  if (!n || *n < lo || *n > hi) {
    refusal = error_response(400, "bad_request", fmt::format("{} must be a whole number{} from {} to {}, not \"{}\"", name,
                                                             unit, lo, hi, *text));
    return std::nullopt;
  }
  return n;
}

http_response method_not_allowed(std::string_view allow) {
  auto r = error_response(405, "method_not_allowed", fmt::format("this path answers {} only", allow));
  r.headers.emplace_back("Allow", allow);
  return r;
}

http_response unauthorized(std::string_view message, bool invalid_token) {
  auto r = error_response(401, "unauthorized", message);
  r.headers.emplace_back("WWW-Authenticate", invalid_token ? R"(Bearer realm="stationd", error="invalid_token")"
                                                           : R"(Bearer realm="stationd")");
  return r;
}

http_response too_many(long retry_after_s, std::string_view message) {
  auto r = error_response(429, "rate_limited", message);
  r.headers.emplace_back("Retry-After", std::to_string(retry_after_s));
  return r;
}

// The JSON object of a request body, or the answer saying what is wrong with it.
std::optional<json::object> json_body(const http_request& request, http_response& refusal) {
  const auto type = request.content_type.substr(0, request.content_type.find(';'));
  if (type != "application/json") {
    refusal = error_response(415, "unsupported_media_type", "the body must be JSON (Content-Type: application/json)");
    return std::nullopt;
  }
  boost::system::error_code ec;
  auto value = json::parse(request.body, ec);
  if (ec) {
    refusal = error_response(400, "bad_request", fmt::format("the body is not JSON: {}", ec.message()));
    return std::nullopt;
  }
  if (!value.is_object()) {
    refusal = error_response(400, "bad_request", "the body must be a JSON object");
    return std::nullopt;
  }
  return std::move(value.as_object());
}

std::optional<std::string> string_field(const json::object& o, std::string_view key, std::size_t max,
                                        std::string& problem) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string() || v->get_string().empty() || v->get_string().size() > max) {
    problem = fmt::format("\"{}\" must be a string of 1 to {} characters", key, max);
    return std::nullopt;
  }
  return std::string{v->get_string()};
}

// An action's name and arguments from {"name": ..., "args": {...}}.
std::optional<workflow::action_input> action_of(const json::object& o, std::string& problem) {
  auto name = string_field(o, "name", 64, problem);
  if (!name) return std::nullopt;
  workflow::action_input a{std::move(*name), {}};
  if (const auto* args = o.if_contains("args")) {
    if (!args->is_object()) {
      problem = "\"args\" must be an object of strings";
      return std::nullopt;
    }
    for (const auto& [k, v] : args->get_object()) {
      if (!v.is_string() || v.get_string().size() > 1024) {
        problem = fmt::format("argument \"{}\" must be a string of at most 1024 characters", std::string_view{k});
        return std::nullopt;
      }
      a.args[std::string{k}] = std::string{v.get_string()};
    }
  }
  return a;
}

// A decision as the hub published it, in the UI's form.
json::object ui_decision_of(const json::object& event) {
  workflow::message m;
  if (const auto* msg = event.if_contains("message"); msg && msg->is_object()) {
    if (const auto* id = msg->get_object().if_contains("id"); id && id->is_string()) m.id = id->get_string();
    if (const auto* args = msg->get_object().if_contains("args"); args && args->is_object()) {
      for (const auto& [k, v] : args->get_object()) {
        m.args.emplace_back(std::string{k}, v.is_string() ? std::string{v.get_string()} : json::serialize(v));
      }
    }
  }
  std::string light;
  if (const auto* l = event.if_contains("light"); l && l->is_string()) {
    const auto s = l->get_string();
    light = s == "ok" ? "green" : s == "error" ? "red" : s == "attention" ? "amber" : "";
  }
  json::object out{{"type", "decision"},
                   {"result", event.contains("verdict") ? event.at("verdict") : json::value("ignored")},
                   {"message", event.contains("message") ? event.at("message") : json::value(nullptr)},
                   {"text", {{"sv", workflow::render(m, "sv")}, {"en", workflow::render(m, "en")}}},
                   {"light", light},
                   {"seq", event.contains("seq") ? event.at("seq") : json::value(0)},
                   {"source", event.contains("source") ? event.at("source") : json::value("")}};
  return out;
}

json::value parsed(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  return ec ? json::value(nullptr) : v;
}

} // namespace

api_service::api_service(asio::any_io_executor executor, journal::journal& journal, station::station_service& station,
                         printing::print_service& printing, events::event_hub& hub, events::status_board& board,
                         log::logger& log)
    : executor_{executor},
      journal_{journal},
      station_{station},
      printing_{printing},
      hub_{hub},
      board_{board},
      log_{log},
      reader_{std::make_unique<entity_reader>(journal.path())} {
  epoch_ = reader_->epoch();
  last_committed_ = journal.status().last_seq;
  subscription_ = hub_.subscribe({}, [this](std::string_view event_class, const json::object& event) {
    metrics_.observe(event_class, event);
    if (websockets_.empty()) return;
    if (event_class == "station") {
      auto decision = ui_decision_of(event);
      broadcast(json::serialize(decision));
      push_view_soon();
    } else if (event_class == "print") {
      push_view_soon();
    } else if (event_class == "variable") {
      json::object v{{"type", "variable"},
                     {"name", event.contains("name") ? event.at("name") : json::value("")},
                     {"value", event.contains("value") ? event.at("value") : json::value(nullptr)}};
      broadcast(json::serialize(v));
      // The station's mode and operator come with a new view too.
      if (const auto* name = event.if_contains("name"); name && name->is_string() &&
                                                         name->get_string().starts_with("station.")) {
        push_view_soon();
      }
    } else if (event_class == "alarm") {
      json::object a = event;
      a["type"] = "alarm";
      broadcast(json::serialize(a));
    }
  });
}

api_service::~api_service() {
  *alive_ = false;
  hub_.unsubscribe(subscription_);
  for (auto* w : waiters_) w->cancel();
  reader_pool_.join();
}

void api_service::apply(const config::station_config& config, static_files files) {
  const auto& h = *config.http;
  files_ = std::move(files);
  station_id_ = config.station_id;
  limits_.max_connections = h.max_connections;
  limits_.max_websocket_clients = h.max_websocket_clients;
  limits_.max_body_bytes = h.max_body_bytes;
  limits_.max_header_bytes = h.max_header_bytes;
  limits_.request_timeout = h.request_timeout;
  limits_.idle_timeout = h.idle_timeout;
  public_metrics_ = h.public_metrics;
  retention_ = h.changes_retention;
  std::vector<api_token> tokens;
  for (const auto& t : h.tokens) {
    api_token token{t.name, t.token, {}, {}, static_cast<double>(t.rate_per_minute), static_cast<double>(t.burst)};
    token.scopes.insert(t.scopes.begin(), t.scopes.end());
    token.clients.insert(t.clients.begin(), t.clients.end());
    tokens.push_back(std::move(token));
  }
  tokens_ = token_table{std::move(tokens)};
}

void api_service::stop() {
  stopping_ = true;
  for (auto* w : waiters_) w->cancel();
}

void api_service::committed(std::uint64_t last_seq) {
  if (last_seq <= last_committed_) return;
  last_committed_ = last_seq;
  for (auto* w : waiters_) w->cancel();
}

template <typename F>
auto api_service::read(F query) -> asio::awaitable<decltype(query(std::declval<entity_reader&>()))> {
  using result = decltype(query(std::declval<entity_reader&>()));
  auto job = [this, q = std::move(query)]() -> asio::awaitable<result> { co_return q(*reader_); };
  co_return co_await asio::co_spawn(reader_pool_.get_executor(), std::move(job), asio::use_awaitable);
}

asio::awaitable<http_response> api_service::handle(http_request request) {
  const auto& path = request.path;
  if (path == "/" || path.starts_with("/ui/")) {
    if (request.method != "GET" && request.method != "HEAD") co_return method_not_allowed("GET, HEAD");
    co_return serve_static(request);
  }
  if (path == "/healthz") {
    if (request.method != "GET" && request.method != "HEAD") co_return method_not_allowed("GET, HEAD");
    co_return health();
  }
  if (path == "/metrics") {
    if (request.method != "GET" && request.method != "HEAD") co_return method_not_allowed("GET, HEAD");
    if (public_metrics_) co_return metrics();
    http_response headers;
    const auto who = authorize(request, scope_admin, headers);
    if (who.refusal) co_return *who.refusal;
    auto answer = metrics();
    answer.headers.insert(answer.headers.end(), headers.headers.begin(), headers.headers.end());
    co_return answer;
  }
  if (path == "/ws") {
    // Reached only without an Upgrade header: the listener takes upgrades itself.
    if (request.method != "GET" && request.method != "HEAD") co_return method_not_allowed("GET, HEAD");
    auto r = error_response(426, "upgrade_required", "/ws is a WebSocket: connect with Upgrade: websocket");
    r.headers.emplace_back("Upgrade", "websocket");
    co_return r;
  }
  if (path.starts_with(api_prefix)) co_return co_await route_api(request);
  co_return error_response(404, "not_found", fmt::format("nothing at {}", path));
}

std::optional<http_response> api_service::limit_failed_auth(const http_request& request) {
  // Guessing tokens costs time: 10 failures a second per address, 20 at once.
  const auto v = rates_.take("addr:" + request.remote, 600, 20, clock::now());
  if (v.allowed) return std::nullopt;
  return too_many(v.retry_after_s, "too many requests without a valid token from this address");
}

api_service::authorized api_service::authorize(const http_request& request, std::string_view scope,
                                               http_response& headers_to) {
  const auto auth = tokens_.authenticate(request.authorization);
  if (!auth.token) {
    if (auto limited = limit_failed_auth(request)) return {nullptr, std::move(limited)};
    switch (*auth.failure) {
    case auth_failure::missing: return {nullptr, unauthorized("this needs a bearer token (Authorization: Bearer ...)", false)};
    case auth_failure::malformed: return {nullptr, unauthorized("the Authorization header must be \"Bearer <token>\"", false)};
    case auth_failure::unknown: return {nullptr, unauthorized("the token is not valid", true)};
    }
  }
  const api_token& token = *auth.token;
  const auto v = rates_.take("token:" + token.name, token.rate_per_minute, token.burst, clock::now());
  headers_to.headers.emplace_back("RateLimit-Limit", std::to_string(v.limit));
  headers_to.headers.emplace_back("RateLimit-Remaining", std::to_string(v.remaining));
  headers_to.headers.emplace_back("RateLimit-Reset", std::to_string(v.reset_s));
  if (!v.allowed) {
    auto r = too_many(v.retry_after_s, fmt::format("token {} is over its rate of {} requests a minute", token.name,
                                                   token.rate_per_minute));
    r.headers.insert(r.headers.end(), headers_to.headers.begin(), headers_to.headers.end());
    return {&token, std::move(r)};
  }
  if (!token.allows(scope)) {
    auto r = error_response(403, "forbidden", fmt::format("token {} lacks the scope {}", token.name, scope));
    r.headers.emplace_back("WWW-Authenticate",
                           fmt::format(R"(Bearer realm="stationd", error="insufficient_scope", scope="{}")", scope));
    r.headers.insert(r.headers.end(), headers_to.headers.begin(), headers_to.headers.end());
    return {&token, std::move(r)};
  }
  return {&token, std::nullopt};
}

asio::awaitable<http_response> api_service::route_api(http_request& request) {
  const std::string_view rest = std::string_view{request.path}.substr(api_prefix.size());
  // Each route: its method, its scope, and a handler.
  auto tail_of = [&](std::string_view prefix) -> std::optional<std::string> {
    if (!rest.starts_with(prefix)) return std::nullopt;
    const auto tail = rest.substr(prefix.size());
    if (tail.empty() || tail.find('/') != std::string_view::npos) return std::nullopt;
    return std::string{tail};
  };
  std::string scope;
  std::string method = "GET";
  enum class route { none, entity, changes, snapshot, station, scan, action, reprint } which = route::none;
  std::string kind, id;
  std::int64_t job = 0;
  if (auto t = tail_of("orders/")) which = route::entity, kind = "order", id = *t;
  else if (auto p = tail_of("packages/")) which = route::entity, kind = "package", id = *p;
  else if (auto r = tail_of("returns/")) which = route::entity, kind = "return", id = *r;
  else if (rest == "changes") which = route::changes;
  else if (rest == "snapshot") which = route::snapshot;
  else if (rest == "station") which = route::station;
  else if (rest == "station/scans") which = route::scan, method = "POST";
  else if (rest == "station/actions") which = route::action, method = "POST";
  else if (rest.starts_with("print-jobs/") && rest.ends_with("/reprint")) {
    const auto number = rest.substr(11, rest.size() - 11 - 8);
    if (const auto n = whole_number(number); n && *n > 0) which = route::reprint, job = *n, method = "POST";
  }
  if (which == route::none) co_return error_response(404, "not_found", fmt::format("nothing at {}", request.path));
  if (request.method != method && !(method == "GET" && request.method == "HEAD")) {
    co_return method_not_allowed(method == "GET" ? "GET, HEAD" : method);
  }
  scope = which == route::entity || which == route::changes || which == route::snapshot ? scope_3pl_read : scope_operator;

  http_response headers;
  const auto who = authorize(request, scope, headers);
  if (who.refusal) co_return *who.refusal;
  // A copy: a reload may replace the token table while this request waits.
  const api_token token = *who.token;
  http_response out;
  switch (which) {
  case route::entity: out = co_await get_entity(request, token, kind, id); break;
  case route::changes: out = co_await get_changes(request, token); break;
  case route::snapshot: out = co_await get_snapshot(request, token); break;
  case route::station: out = json_response(200, station_.view()); break;
  case route::scan: out = co_await post_scan(request); break;
  case route::action: out = co_await post_action(request); break;
  case route::reprint: out = co_await post_reprint(request, job); break;
  case route::none: break;
  }
  out.headers.insert(out.headers.end(), headers.headers.begin(), headers.headers.end());
  co_return out;
}

http_response api_service::serve_static(const http_request& request) const {
  const std::string relative = request.path == "/" ? "index.html" : request.path.substr(4);
  const auto* f = files_.find(relative);
  if (!f) return error_response(404, "not_found", fmt::format("no file {}", request.path));
  http_response r;
  r.content_type = f->content_type;
  r.headers.emplace_back("ETag", f->etag);
  r.headers.emplace_back("Cache-Control", "no-cache");
  if (request.if_none_match && etag_matches(*request.if_none_match, f->etag)) {
    r.status = 304;
    return r;
  }
  r.body = f->content; // (a HEAD request gets the length, not the body: daemon/http does that)
  return r;
}

http_response api_service::health() const {
  const auto js = journal_.status();
  const bool ok = js.state == journal::journal_state::running;
  const auto* link = board_.find("central.link");
  json::object body{{"status", ok ? "ok" : "failing"},
                    {"station", station_id_},
                    {"version", version_string},
                    {"journal", journal::to_string(js.state)},
                    {"last_seq", js.last_seq},
                    {"central_link", link ? *link : json::value(nullptr)}};
  if (!ok) body["error"] = js.failure;
  return json_response(ok ? 200 : 503, body);
}

http_response api_service::metrics() const {
  const std::map<std::string, double> gauges{
      {"stationd_websocket_clients", static_cast<double>(websockets_.size())},
      {"stationd_http_connections", static_cast<double>(connections_)},
  };
  http_response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = metrics_.render(board_.snapshot(), gauges);
  return r;
}

std::optional<visibility> api_service::visible_to(const http_request& request, const api_token& token,
                                                 http_response& refusal) const {
  visibility who;
  who.clients = token.clients;
  if (const auto client = request.query_value("client_id")) {
    if (!token.clients.empty() && !token.clients.contains(*client)) {
      refusal = error_response(403, "forbidden", fmt::format("token {} may not see client {}", token.name, *client));
      return std::nullopt;
    }
    who.clients = {*client};
  }
  if (const auto types = request.query_value("types")) {
    std::string_view rest = *types;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const auto type = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      if (type != "order" && type != "package" && type != "return") {
        refusal = error_response(400, "bad_request",
                                 fmt::format("types: \"{}\" is not one of order, package, return", type));
        return std::nullopt;
      }
      who.kinds.emplace(type);
    }
  }
  return who;
}

asio::awaitable<http_response> api_service::get_entity(const http_request& request, const api_token& token,
                                                       std::string kind, std::string id) {
  auto query = [kind, id](entity_reader& r) { return r.entity(kind, id); };
  const auto found = co_await read(std::move(query));
  if (!found || (!token.clients.empty() && !token.clients.contains(found->client_id))) {
    co_return error_response(404, "not_found", fmt::format("no {} {} at this station", kind, id));
  }
  const auto etag = fmt::format("\"{}\"", found->version);
  http_response r;
  r.headers.emplace_back("ETag", etag);
  if (request.if_none_match && etag_matches(*request.if_none_match, etag)) {
    r.status = 304;
    r.content_type.clear();
    co_return r;
  }
  r.body = found->body;
  co_return r;
}

asio::awaitable<void> api_service::wait_for_commit(clock::time_point deadline) {
  asio::steady_timer timer{executor_};
  timer.expires_at(deadline);
  waiters_.insert(&timer);
  struct forget {
    std::set<asio::steady_timer*>& waiters;
    asio::steady_timer* timer;
    ~forget() { waiters.erase(timer); }
  } guard{waiters_, &timer};
  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<http_response> api_service::get_changes(const http_request& request, const api_token& token) {
  http_response refusal;
  auto who = visible_to(request, token, refusal);
  if (!who) co_return refusal;
  const auto limit_given = query_number(request, "limit", 1, max_limit, 100, "", refusal);
  if (!limit_given) co_return refusal;
  const auto limit = static_cast<std::size_t>(*limit_given);
  const auto wait_given = query_number(request, "wait", 0, max_wait_s, 0, " of seconds", refusal);
  if (!wait_given) co_return refusal;
  const long wait_s = *wait_given;
  std::uint64_t after = 0;
  std::string tag = "0";
  const auto expired = [](std::string_view why) {
    return json_response(410, json::object{{"error", "cursor_expired"},
                                            {"message", why},
                                            {"resync", "/api/v1/snapshot"}});
  };
  if (const auto c = request.query_value("cursor"); c && !c->empty()) {
    const auto cursor = decode_cursor(*c);
    if (!cursor) co_return error_response(400, "bad_request", "cursor: not a cursor this API gave out");
    if (cursor->epoch != epoch_) {
      co_return expired("the cursor belongs to another journal (restored or replaced): take a snapshot");
    }
    after = cursor->seq;
    tag = cursor->tag;
  }
  // Long-polls hold connections: a token may have a few at once, not all of them.
  auto& polling = long_polls_[token.name];
  if (wait_s > 0 && polling >= max_long_polls_per_token) {
    co_return too_many(1, fmt::format("token {} already has {} long-polls waiting", token.name, polling));
  }
  struct counted {
    std::size_t& n;
    bool on;
    ~counted() {
      if (on) --n;
    }
  } hold{polling, wait_s > 0};
  if (hold.on) ++polling;

  const auto deadline = clock::now() + std::chrono::seconds{wait_s};
  feed_page page;
  for (;;) {
    const auto seen = last_committed_;
    auto query = [after, tag, limit, v = *who](entity_reader& r) { return r.changes(after, tag, limit, v); };
    page = co_await read(std::move(query));
    switch (page.state) {
    case cursor_check::ok: break;
    case cursor_check::expired:
      co_return expired(after == 0 ? "changes from the start are no longer all kept: take a snapshot"
                                   : "the changes after this cursor are no longer kept: take a snapshot");
    case cursor_check::ahead:
      co_return expired("the cursor is beyond the journal's end (restored from an older copy?): take a snapshot");
    case cursor_check::foreign:
      co_return expired("the cursor names an event this journal does not have (restored from an older copy?): "
                        "take a snapshot");
    }
    if (!page.events.empty() || wait_s == 0 || clock::now() >= deadline || stopping_) break;
    if (last_committed_ != seen) continue; // a commit came while reading
    co_await wait_for_commit(deadline);
    if (stopping_ || (last_committed_ == seen && clock::now() >= deadline)) break;
  }
  json::array events;
  for (const auto& e : page.events) {
    events.push_back({{"seq", e.seq},
                      {"event_id", e.event_id},
                      {"type", e.type},
                      {"entity", {{"type", e.kind}, {"id", e.id}, {"version", e.version}}},
                      {"client_id", e.client_id},
                      {"station_id", station_id_},
                      {"recorded_at", iso_time(e.recorded_at_ms)},
                      {"data", parsed(e.data)}});
  }
  co_return json_response(200, json::object{{"events", std::move(events)},
                                            {"next_cursor", encode_cursor({epoch_, page.next_seq, page.next_tag})},
                                            {"has_more", page.has_more},
                                            {"high_watermark", page.high_watermark}});
}

asio::awaitable<http_response> api_service::get_snapshot(const http_request& request, const api_token& token) {
  http_response refusal;
  auto who = visible_to(request, token, refusal);
  if (!who) co_return refusal;
  const auto limit_given = query_number(request, "limit", 1, max_snapshot_limit, 1000, "", refusal);
  if (!limit_given) co_return refusal;
  const auto limit = static_cast<std::size_t>(*limit_given);
  std::optional<snapshot_position> from;
  if (const auto p = request.query_value("page"); p && !p->empty()) {
    const auto token_of_page = decode_page(*p);
    if (!token_of_page) co_return error_response(400, "bad_request", "page: not a page this API gave out");
    from = snapshot_position{token_of_page->seq, token_of_page->tag, token_of_page->kind, token_of_page->id};
  }
  auto query = [v = *who, from, limit](entity_reader& r) { return r.snapshot(v, from, limit); };
  const auto page = co_await read(std::move(query));
  auto list = [](const std::vector<stored_entity>& entities) {
    json::array out;
    for (const auto& e : entities) out.push_back(parsed(e.body));
    return out;
  };
  json::value next = nullptr;
  if (page.next) next = json::value(encode_page({page.next->high_watermark, page.next->tag, page.next->kind, page.next->id}));
  co_return json_response(200, json::object{{"cursor", encode_cursor({epoch_, page.high_watermark, page.tag})},
                                            {"high_watermark", page.high_watermark},
                                            {"orders", list(page.orders)},
                                            {"packages", list(page.packages)},
                                            {"returns", list(page.returns)},
                                            {"next_page", std::move(next)}});
}

asio::awaitable<http_response> api_service::post_scan(const http_request& request) {
  http_response refusal;
  const auto body = json_body(request, refusal);
  if (!body) co_return refusal;
  std::string problem;
  auto code = string_field(*body, "code", 4096, problem);
  if (!code) co_return error_response(400, "bad_request", problem);
  std::string source = "http";
  const auto d = co_await station_.submit_scan(std::move(*code), std::move(source));
  co_return json_response(200, d.to_ui_json());
}

asio::awaitable<http_response> api_service::post_action(const http_request& request) {
  http_response refusal;
  const auto body = json_body(request, refusal);
  if (!body) co_return refusal;
  std::string problem;
  auto action = action_of(*body, problem);
  if (!action) co_return error_response(400, "bad_request", problem);
  workflow::input in = std::move(*action);
  std::string source = "http";
  const auto d = co_await station_.submit(std::move(in), std::move(source));
  co_return json_response(200, d.to_ui_json());
}

asio::awaitable<http_response> api_service::post_reprint(const http_request& request, std::int64_t job) {
  http_response refusal;
  const auto body = json_body(request, refusal);
  if (!body) co_return refusal;
  std::string problem;
  auto reason = string_field(*body, "reason", 200, problem);
  if (!reason) co_return error_response(400, "bad_request", problem);
  auto outcome = co_await reprint_as_operator(job, std::move(*reason));
  if (!outcome.job) co_return error_response(outcome.status, outcome.error, outcome.message);
  co_return json_response(200, json::object{{"job", printing::to_json(*outcome.job)}});
}

asio::awaitable<api_service::reprint_outcome> api_service::reprint_as_operator(std::int64_t job, std::string reason) {
  const auto& session = station_.state().session;
  if (!session) co_return reprint_outcome{std::nullopt, 409, "conflict", "nobody is logged in: a reprint is made by the operator"};
  std::string by = session->badge;
  std::string failure;
  try {
    auto copy = co_await printing_.reprint(job, std::move(reason), std::move(by));
    co_return reprint_outcome{std::move(copy), 200, {}, {}};
  } catch (const std::invalid_argument& e) {
    failure = e.what();
  }
  const bool unknown = failure.starts_with("no print job");
  co_return reprint_outcome{std::nullopt, unknown ? 404u : 409u, unknown ? "not_found" : "conflict", failure};
}

std::optional<http_response> api_service::check_websocket(const http_request& request, const std::string& protocols) {
  http_request r = request;
  if (!r.authorization) {
    // Browsers cannot set headers on a WebSocket: the token comes as a subprotocol.
    std::string_view rest = protocols;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      auto p = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      while (!p.empty() && p.front() == ' ') p.remove_prefix(1);
      while (!p.empty() && p.back() == ' ') p.remove_suffix(1);
      if (p.starts_with("bearer.")) r.authorization = "Bearer " + std::string{p.substr(7)};
    }
  }
  http_response headers;
  const auto who = authorize(r, scope_operator, headers);
  if (who.refusal) return who.refusal;
  if (websockets_.size() >= limits_.max_websocket_clients) {
    auto refused = error_response(503, "unavailable",
                                  fmt::format("already {} WebSocket clients, the most allowed", websockets_.size()));
    refused.headers.emplace_back("Retry-After", "5");
    return refused;
  }
  return std::nullopt;
}

json::object api_service::hello() const {
  return {{"type", "hello"},
          {"scopes", json::array{"operator"}},
          {"station", {{"id", station_id_}, {"name", board_.find("station.name") ? *board_.find("station.name") : json::value("")}}},
          {"version", version_string}};
}

std::uint64_t api_service::open_websocket(std::shared_ptr<websocket_client> client) {
  const auto id = next_websocket_++;
  client->send(json::serialize(hello()));
  client->send(json::serialize(json::object{{"type", "view"}, {"view", station_.view()}}));
  client->send(json::serialize(json::object{{"type", "variables"}, {"values", board_.snapshot()}}));
  websockets_.emplace(id, std::move(client));
  log_.info("http", "WebSocket client {} connected ({} in all)", id, websockets_.size());
  return id;
}

void api_service::close_websocket(std::uint64_t client) {
  if (websockets_.erase(client) > 0) log_.info("http", "WebSocket client {} gone ({} left)", client, websockets_.size());
}

void api_service::broadcast(const std::string& text) {
  for (auto& [id, client] : websockets_) client->send(text);
}

void api_service::push_view_soon() {
  if (view_pending_) return;
  view_pending_ = true;
  // Several changes in one turn of the loop make one view.
  asio::post(executor_, [this, alive = std::weak_ptr<bool>{alive_}] {
    const auto still = alive.lock();
    if (!still || !*still) return;
    view_pending_ = false;
    if (websockets_.empty()) return;
    try {
      broadcast(json::serialize(json::object{{"type", "view"}, {"view", station_.view()}}));
    } catch (const std::exception& e) {
      log_.error("http", "station view not sent: {}", e.what());
    }
  });
}

asio::awaitable<void> api_service::websocket_message(std::uint64_t client_id, std::string text) {
  const auto it = websockets_.find(client_id);
  if (it == websockets_.end()) co_return;
  const auto client = it->second;
  boost::system::error_code ec;
  auto value = json::parse(text, ec);
  json::value request_id = nullptr;
  auto reply_error = [&](std::string_view code, std::string_view message) {
    client->send(json::serialize(json::object{
        {"type", "reply"}, {"id", request_id}, {"ok", false}, {"error", code}, {"message", message}}));
  };
  if (ec || !value.is_object()) {
    reply_error("bad_request", "a message must be a JSON object");
    co_return;
  }
  const auto& message = value.as_object();
  if (const auto* id = message.if_contains("id")) request_id = *id;
  const auto* type = message.if_contains("type");
  if (!type || !type->is_string()) {
    reply_error("bad_request", "\"type\" must be scan, action or reprint");
    co_return;
  }
  std::string problem;
  json::object result;
  if (type->get_string() == "scan") {
    auto code = string_field(message, "code", 4096, problem);
    if (!code) {
      reply_error("bad_request", problem);
      co_return;
    }
    std::string source = "ui";
    const auto d = co_await station_.submit_scan(std::move(*code), std::move(source));
    result = d.to_ui_json();
  } else if (type->get_string() == "action") {
    auto action = action_of(message, problem);
    if (!action) {
      reply_error("bad_request", problem);
      co_return;
    }
    workflow::input in = std::move(*action);
    std::string source = "ui";
    const auto d = co_await station_.submit(std::move(in), std::move(source));
    result = d.to_ui_json();
  } else if (type->get_string() == "reprint") {
    const auto* job = message.if_contains("job");
    auto reason = string_field(message, "reason", 200, problem);
    if (!job || !job->is_int64() || job->get_int64() <= 0 || !reason) {
      reply_error("bad_request", problem.empty() ? "\"job\" must be a print job's number" : problem);
      co_return;
    }
    auto outcome = co_await reprint_as_operator(job->get_int64(), std::move(*reason));
    if (!outcome.job) {
      reply_error(outcome.error, outcome.message);
      co_return;
    }
    result = {{"job", printing::to_json(*outcome.job)}};
  } else {
    reply_error("bad_request", "\"type\" must be scan, action or reprint");
    co_return;
  }
  client->send(json::serialize(json::object{{"type", "reply"}, {"id", request_id}, {"ok", true}, {"result", result}}));
}

asio::awaitable<void> api_service::run() {
  asio::steady_timer timer{executor_};
  for (;;) {
    const auto cutoff = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch() - retention_)
                            .count();
    journal::write_unit unit;
    unit.apply = [cutoff](sqlite::database& db, std::span<const std::uint64_t>) { prune_changes(db, cutoff); };
    const auto [ec, result] = co_await journal_.async_append(std::move(unit), asio::as_tuple(asio::use_awaitable));
    if (ec) log_.warning("http", "old changes not deleted: {} {}", ec.message(), result.detail);
    rates_.forget_idle(clock::now());
    timer.expires_after(std::chrono::hours{1});
    co_await timer.async_wait(asio::use_awaitable);
  }
}

} // namespace stationd::api
