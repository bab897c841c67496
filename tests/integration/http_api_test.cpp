// The HTTP API end to end (docs/api.md): a real stationd with a simulated scale
// and printer, reached over loopback TCP. Tokens, scopes, rate limits and request
// limits; entities with ETags; the changes feed with long-poll, 410 and snapshot;
// and a 3PL client that pulls /changes while an operator works through the HTTP
// operator API (with a kill -9 in between), ending with exactly the journal's
// state. Every answer is recorded and checked against docs/openapi.yaml.

#include "station_harness.hpp"

#include "journal/sqlite.hpp"
#include "support/free_port.hpp"
#include "support/http_client.hpp"
#include "support/websocket_client.hpp"

#include <atomic>
#include <deque>
#include <map>
#include <set>
#include <thread>

using namespace stationd;
using namespace stationd::test;

namespace {

const std::string kiosk = "kiosk-token-0123456789abcdefghij";
const std::string acme = "acme-3pl-token-0123456789abcdefgh";
const std::string everyone = "all-3pl-token-0123456789abcdefghi";
const std::string slow = "slow-3pl-token-0123456789abcdefgh";
const std::string admin = "admin-token-0123456789abcdefghijk";

std::string http_section(std::uint16_t port, const std::string& extra = "") {
  return fmt::format(
      "[http]\nlisten = \"127.0.0.1:{}\"\nui_directory = \"{}/station-ui\"\nmax_body_bytes = 4096\n"
      "max_header_bytes = 2048\nrequest_timeout = \"2s\"\n{}"
      "[[http.token]]\nname = \"kiosk\"\ntoken = \"{}\"\nscopes = [\"operator\"]\n"
      "[[http.token]]\nname = \"acme\"\ntoken = \"{}\"\nscopes = [\"3pl:read\"]\nclients = [\"acme\"]\n"
      "[[http.token]]\nname = \"everyone\"\ntoken = \"{}\"\nscopes = [\"3pl:read\"]\nrate_per_minute = 100000\nburst = 10000\n"
      "[[http.token]]\nname = \"slow\"\ntoken = \"{}\"\nscopes = [\"3pl:read\"]\nrate_per_minute = 6\nburst = 3\n"
      "[[http.token]]\nname = \"admin\"\ntoken = \"{}\"\nscopes = [\"admin\"]\n",
      port, source_dir(), extra, kiosk, acme, everyone, slow, admin);
}

json::object body_of(const http_answer& a) {
  boost::system::error_code ec;
  auto v = json::parse(a.body, ec);
  if (ec || !v.is_object()) {
    MESSAGE("not a JSON object: status ", a.status, " body ", a.body);
    return {};
  }
  return v.as_object();
}

// An operator at the station UI: scans and actions over HTTP.
struct operator_api {
  http_client& http;
  json::object scan(const std::string& code) {
    const auto a = http.post("/api/v1/station/scans", json::serialize(json::object{{"code", code}}), kiosk);
    REQUIRE_MESSAGE(a.status == 200, a.body);
    return body_of(a);
  }
  json::object action(const std::string& name, json::object args = {}) {
    const auto a = http.post("/api/v1/station/actions",
                             json::serialize(json::object{{"name", name}, {"args", std::move(args)}}), kiosk);
    REQUIRE_MESSAGE(a.status == 200, a.body);
    return body_of(a);
  }
};

bool ok(const json::object& decision, const std::string& message) {
  const bool good = decision.contains("result") && decision.at("result") == "accepted" &&
                    decision.at("message").at("id") == json::value(message);
  if (!good) MESSAGE("expected accepted ", message, ", got ", json::serialize(decision));
  return good;
}

// The OpenAPI check over everything recorded (python3 with jsonschema and yaml).
void check_against_openapi(const http_recorder& recorder) {
  const auto r = run({"/usr/bin/python3", source_dir() + "/tests/api/check_openapi.py",
                      source_dir() + "/docs/openapi.yaml", recorder.path()},
                     std::chrono::seconds{120});
  MESSAGE(r.out);
  CHECK_MESSAGE(r.status == 0, r.out, r.err);
}

} // namespace

TEST_CASE("HTTP: tokens and scopes, rate limits, request limits, errors, files, health and metrics") {
  const auto port = free_tcp_port();
  station s{http_section(port)};
  http_recorder recorder{(s.daemon->dir() / "responses.jsonl").string()};
  http_client http{port, &recorder};

  // Health and metrics need no token.
  const auto health = http.get("/healthz");
  CHECK(health.status == 200);
  CHECK(body_of(health).at("status") == "ok");
  CHECK(body_of(health).at("journal") == "running");
  const auto metrics = http.get("/metrics");
  CHECK(metrics.status == 200);
  CHECK(metrics.header("content-type").starts_with("text/plain; version=0.0.4"));
  CHECK(metrics.body.find("stationd_device_up{device=\"scale\"} 1") != std::string::npos);
  CHECK(metrics.body.find("# TYPE stationd_scans_total counter") != std::string::npos);

  // The station UI's files.
  const auto index = http.get("/");
  CHECK(index.status == 200);
  CHECK(index.header("content-type") == "text/html; charset=utf-8");
  CHECK(index.body.find("<html") != std::string::npos);
  CHECK(http.get("/", "", {{"If-None-Match", index.header("etag")}}).status == 304);
  CHECK(http.get("/", "", {{"If-None-Match", "\"other\", " + index.header("etag")}}).status == 304);
  const auto head = http.request("HEAD", "/", "", {}, 5s);
  CHECK(head.status == 200);
  CHECK(head.header("content-length") == std::to_string(index.body.size()));
  CHECK(head.body.empty());
  const auto head_health = http.request("HEAD", "/healthz", "", {}, 5s);
  CHECK(head_health.status == 200);
  CHECK(head_health.body.empty());
  CHECK(head_health.header("content-length") != "0");
  const auto plain_ws = http.get("/ws");
  CHECK(plain_ws.status == 426);
  CHECK(plain_ws.header("upgrade") == "websocket");
  CHECK(http.post("/ws", "{}").status == 405);
  CHECK(http.get("/ui/no-such-file.js").status == 404);
  CHECK(http.get("/ui/../station.toml").status == 404);
  CHECK(http.get("/ui/%2e%2e/station.toml").status == 404);
  CHECK(http.get("/nowhere").status == 404);

  // No token, a wrong token, a token without the scope.
  const auto none = http.get("/api/v1/changes");
  CHECK(none.status == 401);
  CHECK(none.header("www-authenticate") == R"(Bearer realm="stationd")");
  CHECK(body_of(none).at("error") == "unauthorized");
  const auto wrong = http.get("/api/v1/changes", "not-a-token-0123456789abcdefgh");
  CHECK(wrong.status == 401);
  CHECK(wrong.header("www-authenticate").find("invalid_token") != std::string::npos);
  CHECK(http.get("/api/v1/changes", "", {{"Authorization", "Basic a2lvc2s6eA=="}}).status == 401);
  const auto scope = http.get("/api/v1/changes", kiosk);
  CHECK(scope.status == 403);
  CHECK(scope.header("www-authenticate").find("insufficient_scope") != std::string::npos);
  CHECK(http.get("/api/v1/station", acme).status == 403);
  CHECK(http.get("/api/v1/station", kiosk).status == 200);
  CHECK(http.get("/api/v1/station", admin).status == 200);
  CHECK(http.get("/api/v1/changes", admin).status == 200);

  // Rate limit: 3 at once, then 429 with Retry-After; every answer says where it stands.
  for (int i = 0; i < 3; ++i) {
    const auto a = http.get("/api/v1/changes", slow);
    CHECK(a.status == 200);
    CHECK(a.header("ratelimit-limit") == "3");
    CHECK(a.header("ratelimit-remaining") == std::to_string(2 - i));
  }
  const auto limited = http.get("/api/v1/changes", slow);
  CHECK(limited.status == 429);
  CHECK(limited.header("retry-after") == "10");
  CHECK(body_of(limited).at("error") == "rate_limited");
  CHECK(http.get("/api/v1/changes", everyone).status == 200); // another token is not held up

  // Bad parameters, methods and paths.
  CHECK(http.get("/api/v1/changes?limit=0", everyone).status == 400);
  CHECK(http.get("/api/v1/changes?limit=abc", everyone).status == 400);
  CHECK(body_of(http.get("/api/v1/changes?limit=1001", everyone)).at("message") ==
        "limit must be a whole number from 1 to 1000, not \"1001\"");
  CHECK(http.get("/api/v1/changes?wait=31", everyone).status == 400);
  CHECK(http.get("/api/v1/changes?types=order,parcel", everyone).status == 400);
  CHECK(http.get("/api/v1/changes?cursor=yesterday", everyone).status == 400);
  const auto other_epoch = http.get("/api/v1/changes?cursor=c1.00000000-0000-4000-8000-000000000000.5.12345678", everyone);
  CHECK(other_epoch.status == 410);
  CHECK(body_of(other_epoch).at("error") == "cursor_expired");
  CHECK(body_of(other_epoch).at("resync") == "/api/v1/snapshot");
  // The same journal's epoch, but its sequence names another event (a restored older copy).
  const std::string current = std::string{body_of(http.get("/api/v1/changes", everyone)).at("next_cursor").as_string()};
  const auto foreign = http.get("/api/v1/changes?cursor=" + url_encode(current.substr(0, current.rfind('.')) + ".00000000"),
                                everyone);
  CHECK(foreign.status == 410);
  CHECK(http.get("/api/v1/changes?cursor=" + url_encode(current), everyone).status == 200);
  CHECK(http.get("/api/v1/changes?client_id=spirits", acme).status == 403);
  CHECK(http.get("/api/v1/changes?client_id=acme", acme).status == 200);
  const auto post_changes = http.post("/api/v1/changes", "{}", everyone);
  CHECK(post_changes.status == 405);
  CHECK(post_changes.header("allow") == "GET, HEAD");
  CHECK(http.get("/api/v1/station/scans", kiosk).status == 405);
  CHECK(http.get("/api/v1/orders/", everyone).status == 404);
  CHECK(http.get("/api/v1/orders/SO-999999", everyone).status == 404);
  CHECK(http.get("/api/v1/packages/a/b", everyone).status == 404);
  CHECK(http.post("/api/v1/station/scans", "{\"code\":", kiosk).status == 400);
  CHECK(http.post("/api/v1/station/scans", "[1]", kiosk).status == 400);
  CHECK(http.post("/api/v1/station/scans", "{\"code\":5}", kiosk).status == 400);
  CHECK(http.request("POST", "/api/v1/station/scans", "{\"code\":\"x\"}",
                     {{"Authorization", "Bearer " + kiosk}, {"Content-Type", "text/plain"}}, 5s)
            .status == 415);
  CHECK(http.post("/api/v1/station/actions", "{\"name\":\"mode\",\"args\":{\"mode\":7}}", kiosk).status == 400);
  const auto no_operator = http.post("/api/v1/print-jobs/1/reprint", "{\"reason\":\"torn\"}", kiosk);
  CHECK(no_operator.status == 409);

  // An unreadable barcode is refused with its reason, in both languages.
  const auto unreadable = http.post("/api/v1/station/scans", "{\"code\":\"]E0400638133393X\"}", kiosk);
  CHECK(unreadable.status == 200);
  CHECK(body_of(unreadable).at("result") == "refused");
  CHECK(body_of(unreadable).at("message").at("id") == "scan.unreadable");
  CHECK(body_of(unreadable).at("light") == "red");

  // Request limits: body, headers, URL; malformed requests.
  const auto big = http.post("/api/v1/station/scans", "{\"code\":\"" + std::string(5000, 'x') + "\"}", kiosk);
  CHECK(big.status == 413);
  CHECK(body_of(big).at("error") == "payload_too_large");
  const auto headers = http.get("/healthz", "", {{"X-Filler", std::string(3000, 'h')}});
  CHECK(headers.status == 431);
  CHECK(http.get("/healthz?" + std::string(3000, 'q')).status == 431); // the request line counts too
  const auto long_url = http.raw("GET /api/v1/orders/" + std::string(2100, 'x') + " HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK((long_url.status == 414 || long_url.status == 431));
  CHECK(http.raw("GARBAGE\r\n\r\n").status == 400);
  CHECK(http.raw("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n").status == 400);
  CHECK(http.raw("GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n").status == 400);
  // A request that never finishes is cut off after request_timeout (2 s).
  const auto started = std::chrono::steady_clock::now();
  const auto slowloris = http.raw("GET /healthz HTTP/1.1\r\nHost: x\r\n", 6s);
  CHECK(slowloris.status == 0); // closed, unanswered
  CHECK(std::chrono::steady_clock::now() - started < 4s);
  // Still serving.
  CHECK(http.get("/healthz").status == 200);
  const auto counted = http.get("/metrics");
  CHECK(counted.body.find("stationd_http_requests_total{code=\"429\"} 1") != std::string::npos);
  CHECK(counted.body.find("stationd_rejections_total{message=\"scan.unreadable\"} 1") != std::string::npos);

  check_against_openapi(recorder);
}

TEST_CASE("HTTP: metrics behind the admin scope when they are not public") {
  const auto port = free_tcp_port();
  running_daemon d{http_section(port, "public_metrics = false\n")};
  http_client http{port};
  CHECK(http.get("/metrics").status == 401);
  CHECK(http.get("/metrics", kiosk).status == 403);
  const auto metrics = http.get("/metrics", admin);
  CHECK(metrics.status == 200);
  CHECK(metrics.header("ratelimit-limit") == "60");
  CHECK(http.get("/healthz").status == 200);
}

TEST_CASE("HTTP: a 3PL client pulling /changes while workflows run ends with exactly the journal's state") {
  const auto port = free_tcp_port();
  station s{http_section(port)};
  http_recorder recorder{(s.daemon->dir() / "responses.jsonl").string()};
  http_client http{port, &recorder};
  operator_api op{http};

  // The 3PL client: long-polls in small pages, deduplicates by event_id, keeps
  // the highest version of each entity. It rides out the station's restart.
  struct seen_entity {
    std::int64_t version = 0;
    json::object data;
  };
  std::map<std::string, seen_entity> entities; // "order/SO-000001"
  std::set<std::string> event_ids;
  std::set<std::int64_t> seqs;
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> cursor_seq{0};
  std::atomic<int> duplicates{0};
  std::atomic<int> failures{0};
  std::string cursor;
  std::thread client{[&] {
    http_client pull{port, &recorder};
    while (!stop) {
      const auto target = "/api/v1/changes?limit=3&wait=2" + (cursor.empty() ? std::string{} : "&cursor=" + url_encode(cursor));
      const auto a = pull.get(target, everyone, {}, 10s);
      if (a.status == 0) { // the station is restarting
        std::this_thread::sleep_for(100ms);
        continue;
      }
      if (a.status != 200) {
        ++failures;
        MESSAGE("changes answered ", a.status, ": ", a.body);
        std::this_thread::sleep_for(200ms);
        continue;
      }
      const auto page = json::parse(a.body).as_object();
      for (const auto& e : page.at("events").as_array()) {
        const auto& ev = e.as_object();
        if (!event_ids.insert(std::string{ev.at("event_id").as_string()}).second) {
          ++duplicates;
          continue;
        }
        seqs.insert(ev.at("seq").as_int64());
        const auto key = std::string{ev.at("entity").at("type").as_string()} + "/" +
                         std::string{ev.at("entity").at("id").as_string()};
        auto& known = entities[key];
        const auto version = ev.at("entity").at("version").as_int64();
        if (version > known.version) known = {version, ev.at("data").as_object()};
      }
      cursor = std::string{page.at("next_cursor").as_string()};
      const auto without_tag = cursor.substr(0, cursor.rfind('.'));
      cursor_seq = std::stoull(without_tag.substr(without_tag.rfind('.') + 1));
    }
  }};

  // An operator works through the HTTP operator API: pick, pack, (kill -9), ship, a return.
  CHECK(ok(op.scan("OP-0002"), "session.welcome"));
  CHECK(ok(op.scan("CMD-PICK"), "mode.pick"));
  CHECK(ok(op.scan("SO-000001"), "pick.scan_tote"));
  CHECK(ok(op.scan("T000001"), "pick.tote_assigned"));
  CHECK(op.scan("A09-09-09").at("result") == "refused");
  CHECK(ok(op.scan("A01-01-01"), "pick.scan_item"));
  CHECK(ok(op.scan("SKU-MUG1"), "pick.unit_picked"));
  CHECK(op.action("quantity", {{"n", "2"}}).at("result") == "accepted");
  CHECK(ok(op.scan("A01-02-01"), "pick.scan_item"));
  CHECK(op.scan("(01)07350053850026(17)300630(10)L100").at("result") == "accepted");
  CHECK(ok(op.scan("A02-01-01"), "pick.scan_item"));
  CHECK(ok(op.scan("(01)07350053850033(21)SN5001"), "pick.completed"));
  CHECK(ok(op.scan("CMD-PACK"), "mode.pack"));
  CHECK(op.scan("T000001").at("result") == "accepted");
  CHECK(op.scan("BOX-M").at("result") == "accepted");
  const auto wrong = op.scan("SKU-TSHIRTM");
  CHECK(wrong.at("result") == "refused");
  CHECK(wrong.at("light") == "red");
  CHECK(wrong.at("text").at("en").as_string().size() > 0);
  CHECK(wrong.at("text").at("sv").as_string().size() > 0);
  for (const char* unit : {"SKU-MUG1", "SKU-MUG1", "(01)07350053850026(10)L100", "(01)07350053850033(21)SN5001"}) {
    CHECK(op.scan(unit).at("result") == "accepted");
  }
  s.weigh("1.522");
  CHECK(op.scan("CMD-CLOSE").at("result") == "accepted");
  REQUIRE(wait_state(s, [](const json::object& st) { return at(st, "/orders/SO-000001/step") == "LABELED"; }, 20s));
  const std::string sscc = at(s.state(), "/orders/SO-000001/packages/0/sscc");

  // The package as the 3PL sees it, with an ETag.
  const auto package = http.get("/api/v1/packages/" + sscc, acme);
  REQUIRE(package.status == 200);
  CHECK(body_of(package).at("state") == "LABELED");
  CHECK(body_of(package).at("weight_measured_g") == 1522);
  CHECK(body_of(package).at("client_id") == "acme");
  CHECK(http.get("/api/v1/packages/" + sscc, acme, {{"If-None-Match", package.header("etag")}}).status == 304);

  s.kill_and_restart(); // the client keeps its cursor across it
  CHECK(ok(op.scan("OP-0002"), "session.already")); // the session survived the kill
  CHECK(ok(op.scan("CMD-SHIP"), "mode.ship"));
  CHECK(op.scan("00" + sscc).at("result") == "accepted");
  CHECK(ok(op.scan("CMD-RETURN"), "mode.return"));
  CHECK(ok(op.scan("1ZRET0000000000001"), "return.arrived"));
  s.weigh("0.745");
  REQUIRE(wait_state(s, [](const json::object& st) { return at(st, "/ret/step") == "items"; }));
  CHECK(ok(op.scan("(01)07350053850033(21)SN1001"), "return.item_ok"));
  CHECK(ok(op.scan("SKU-TSHIRTM"), "return.item_ok"));
  CHECK(ok(op.scan("CMD-DONE"), "return.items_done"));
  CHECK(ok(op.action("grade", {{"grade", "A"}, {"reasons", "AS_NEW"}}), "return.graded"));
  CHECK(ok(op.scan("CMD-CONFIRM"), "return.done"));

  // The client catches up with everything committed, then stops.
  std::uint64_t last = 0;
  {
    sqlite::database db{s.daemon->journal_path(), sqlite::database::mode::read_only};
    last = static_cast<std::uint64_t>(db.query_int("SELECT max(seq) FROM events"));
  }
  REQUIRE(eventually([&] { return cursor_seq >= last; }, 20s));
  stop = true;
  client.join();
  CHECK(failures == 0);

  // What the journal holds: every entity, every change.
  sqlite::database db{s.daemon->journal_path(), sqlite::database::mode::read_only};
  std::map<std::string, std::pair<std::int64_t, std::string>> stored;
  auto rows = db.prepare("SELECT kind, id, version, body FROM api_entities");
  while (rows.step()) stored[rows.column_text(0) + "/" + rows.column_text(1)] = {rows.column_int(2), rows.column_text(3)};
  std::set<std::int64_t> changes;
  auto feed = db.prepare("SELECT seq FROM api_changes");
  while (feed.step()) changes.insert(feed.column_int(0));
  CHECK(seqs == changes); // not one change missed
  REQUIRE(entities.size() == stored.size());
  for (const auto& [key, e] : entities) {
    CAPTURE(key);
    REQUIRE(stored.contains(key));
    CHECK(e.version == stored[key].first);
    CHECK(json::serialize(e.data) == json::serialize(json::parse(stored[key].second)));
  }
  // And the entities agree with the station's own events: the last state each was given.
  auto last_states = db.prepare(
      "SELECT type, payload FROM events WHERE type IN ('order.state', 'package.state', 'return.state') ORDER BY seq");
  std::map<std::string, std::string> expected_state;
  while (last_states.step()) {
    const auto payload = json::parse(last_states.column_text(1)).as_object();
    const auto type = last_states.column_text(0);
    const auto kind = type.substr(0, type.find('.'));
    const auto id = kind == "order" ? payload.at("order") : kind == "package" ? payload.at("sscc") : payload.at("rma");
    if (id.as_string().empty()) continue;
    expected_state[kind + "/" + std::string{id.as_string()}] = std::string{payload.at("state").as_string()};
  }
  CHECK(expected_state.size() == entities.size());
  for (const auto& [key, state] : expected_state) {
    CAPTURE(key);
    CHECK(entities[key].data.at("state") == json::value(state));
  }
  CHECK(expected_state["order/SO-000001"] == "SHIPPED");
  CHECK(expected_state["return/RMA-000100"] == "INSPECTED");
  MESSAGE(entities.size(), " entities, ", seqs.size(), " changes, ", duplicates.load(), " seen twice");

  // A snapshot holds the same entities, and its cursor goes on from there.
  const auto snap = http.get("/api/v1/snapshot", everyone);
  REQUIRE(snap.status == 200);
  const auto snapshot = body_of(snap);
  CHECK(snapshot.at("orders").as_array().size() + snapshot.at("packages").as_array().size() +
            snapshot.at("returns").as_array().size() == stored.size());
  const auto after = http.get("/api/v1/changes?cursor=" + url_encode(std::string{snapshot.at("cursor").as_string()}), everyone);
  CHECK(after.status == 200);
  CHECK(body_of(after).at("events").as_array().empty());
  // The same in pages of one entity, all at the first page's cursor.
  std::string page_param;
  std::size_t paged = 0;
  for (int i = 0; i < 10; ++i) {
    const auto p = body_of(http.get("/api/v1/snapshot?limit=1" + page_param, everyone));
    CHECK(p.at("cursor") == snapshot.at("cursor"));
    paged += p.at("orders").as_array().size() + p.at("packages").as_array().size() + p.at("returns").as_array().size();
    if (p.at("next_page").is_null()) break;
    page_param = "&page=" + url_encode(std::string{p.at("next_page").as_string()});
  }
  CHECK(paged == stored.size());
  CHECK(http.get("/api/v1/snapshot?page=p1.nonsense", everyone).status == 400);
  CHECK(http.get("/api/v1/snapshot?limit=5001", everyone).status == 400);
  // A merchant's token sees only its own.
  const auto acme_snapshot = body_of(http.get("/api/v1/snapshot", acme));
  for (const auto& o : acme_snapshot.at("orders").as_array()) CHECK(o.at("client_id") == "acme");
  CHECK(http.get("/api/v1/orders/SO-000001", acme).status == 200);
  CHECK(body_of(http.get("/api/v1/orders/SO-000001", acme)).at("state") == "SHIPPED");
  CHECK(body_of(http.get("/api/v1/returns/RMA-000100", everyone)).at("grade") == "A");

  check_against_openapi(recorder);
}

TEST_CASE("HTTP: a long-poll answers as soon as a change is committed, and an idle one when it times out") {
  const auto port = free_tcp_port();
  station s{http_section(port)};
  http_client http{port};
  operator_api op{http};
  const auto start = body_of(http.get("/api/v1/changes", everyone));
  const std::string cursor = std::string{start.at("next_cursor").as_string()};

  // Nothing happens: after `wait` seconds, no events and the same cursor.
  auto t0 = std::chrono::steady_clock::now();
  const auto idle = body_of(http.get("/api/v1/changes?wait=1&cursor=" + url_encode(cursor), everyone));
  const auto idle_took = std::chrono::steady_clock::now() - t0;
  CHECK(idle.at("events").as_array().empty());
  CHECK(idle.at("next_cursor") == json::value(cursor));
  CHECK(idle_took >= 900ms);
  CHECK(idle_took < 5s);

  // A change while a client waits: it is answered at once, not after 25 s.
  json::object answer;
  std::chrono::steady_clock::duration waited{};
  std::thread waiter{[&] {
    http_client pull{port};
    const auto begin = std::chrono::steady_clock::now();
    answer = body_of(pull.get("/api/v1/changes?wait=25&types=order&cursor=" + url_encode(cursor), everyone, {}, 30s));
    waited = std::chrono::steady_clock::now() - begin;
  }};
  std::this_thread::sleep_for(300ms);
  CHECK(ok(op.scan("OP-0002"), "session.welcome")); // no order changes yet: the poll keeps waiting
  CHECK(ok(op.scan("CMD-PICK"), "mode.pick"));
  std::this_thread::sleep_for(300ms);
  CHECK(ok(op.scan("SO-000001"), "pick.scan_tote")); // the order is IN_PROGRESS now
  waiter.join();
  CHECK(waited < 10s);
  REQUIRE(answer.at("events").as_array().size() == 1);
  CHECK(answer.at("events").at(0).at("type") == "order.state_changed");
  CHECK(answer.at("events").at(0).at("data").at("step") == "PICKING");
}

TEST_CASE("WebSocket: the token as a subprotocol, the view and decisions pushed, bad messages answered") {
  const auto port = free_tcp_port();
  station s{http_section(port, "max_websocket_clients = 2\n")};
  // Without a token, with a wrong one, with a token of another scope: refused before the upgrade.
  CHECK(websocket_client{port, "stationd.v1"}.upgrade_status() == 401);
  CHECK(websocket_client{port, "stationd.v1, bearer.wrong-token-0123456789abcdefghij"}.upgrade_status() == 401);
  CHECK(websocket_client{port, "stationd.v1, bearer." + acme}.upgrade_status() == 403);

  websocket_client ws{port, "stationd.v1, bearer." + kiosk};
  REQUIRE(ws.upgrade_status() == 101);
  CHECK(ws.upgrade_response().find("Sec-WebSocket-Protocol: stationd.v1") != std::string::npos);
  // The next message of `type`: pushed messages come in any order around a reply.
  std::deque<json::object> backlog;
  auto next = [&](const std::string& type) {
    for (auto it = backlog.begin(); it != backlog.end(); ++it) {
      if (it->at("type") == json::value(type)) {
        auto message = std::move(*it);
        backlog.erase(it);
        return message;
      }
    }
    for (int i = 0; i < 200; ++i) {
      const auto text = ws.read_text(5s);
      if (!text) break;
      auto message = json::parse(*text).as_object();
      if (message.at("type") == json::value(type)) return message;
      backlog.push_back(std::move(message));
    }
    FAIL("no ", type, " message");
    return json::object{};
  };
  CHECK(next("hello").at("station").at("id") == "test-bench");
  CHECK(next("view").at("view").at("mode") == "idle");
  CHECK(next("variables").at("values").at("scale.driver.state") == "online");

  // Idle for longer than request_timeout (2 s): the WebSocket stays open.
  std::this_thread::sleep_for(3s);
  // A scan from the UI: its reply, the decision for every client, a new view.
  ws.send_text(R"({"id": 7, "type": "scan", "code": "OP-0002"})");
  const auto reply = next("reply");
  CHECK(reply.at("id") == 7);
  CHECK(reply.at("ok") == true);
  CHECK(reply.at("result").at("message").at("id") == "session.welcome");
  const auto view = next("view");
  CHECK(view.at("view").at("operator").at("name") == "John Smith");
  ws.send_text(R"({"id": 8, "type": "action", "name": "mode", "args": {"mode": "pack"}})");
  CHECK(next("reply").at("result").at("result") == "accepted");
  ws.send_text(R"({"id": 9, "type": "scan", "code": "SO-000099"})");
  const auto refused = next("reply");
  CHECK(refused.at("result").at("result") == "refused");
  CHECK(refused.at("result").at("light") == "red");

  // A scale weight reaches the UI as a variable.
  s.weigh("0.250");
  for (int i = 0;; ++i) {
    REQUIRE(i < 100);
    const auto v = next("variable");
    if (v.at("name") == "scale.weight" && v.at("value") == "0.250") break;
  }

  // Bad messages get an error reply; the connection stays.
  ws.send_text("not json");
  CHECK(next("reply").at("error") == "bad_request");
  ws.send_text(R"({"id": 10, "type": "teleport"})");
  const auto unknown = next("reply");
  CHECK(unknown.at("id") == 10);
  CHECK(unknown.at("ok") == false);
  ws.send_text(R"({"id": 11, "type": "scan", "code": 42})");
  CHECK(next("reply").at("message") == "\"code\" must be a string of 1 to 4096 characters");
  ws.send_text(R"({"id": 12, "type": "reprint", "job": 999999, "reason": "torn"})");
  CHECK(next("reply").at("ok") == false);

  // The third client is one too many.
  websocket_client second{port, "stationd.v1, bearer." + kiosk};
  CHECK(second.upgrade_status() == 101);
  CHECK(websocket_client{port, "stationd.v1, bearer." + kiosk}.upgrade_status() == 503);

  // A message over 16 KiB closes the connection with 1009 (too big).
  ws.send_text(R"({"id": 13, "type": "scan", "code": ")" + std::string(20000, 'x') + "\"}");
  while (ws.read_text(5s)) {
  }
  CHECK(ws.closed());
  CHECK(ws.close_code() == 1009);
}

TEST_CASE("HTTP: a reload changes tokens at once; the listener's address needs a restart") {
  const auto port = free_tcp_port();
  running_daemon d{http_section(port)};
  http_client http{port};
  CHECK(http.get("/api/v1/changes", acme).status == 200);
  const std::string renewed = "acme-renewed-token-0123456789abcdef";
  auto config = d.base_config() + http_section(port);
  const auto at = config.find(acme);
  REQUIRE(at != std::string::npos);
  config.replace(at, acme.size(), renewed);
  d.write_config(config);
  const auto reloaded = d.call("reload");
  CHECK_MESSAGE(reloaded.at("result") == 0, json::serialize(reloaded));
  CHECK(http.get("/api/v1/changes", acme).status == 401);
  CHECK(http.get("/api/v1/changes", renewed).status == 200);
  // Another port: refused, the old configuration (and listener) stay.
  auto moved = config;
  moved.replace(moved.find(fmt::format("127.0.0.1:{}", port)), fmt::format("127.0.0.1:{}", port).size(),
                fmt::format("127.0.0.1:{}", free_tcp_port()));
  d.write_config(moved);
  const auto refused = d.call("reload");
  CHECK(refused.at("result") != 0);
  CHECK(json::serialize(refused).find("http.listen") != std::string::npos);
  CHECK(http.get("/api/v1/changes", renewed).status == 200);
}

TEST_CASE("HTTP: a token may hold only a few long-polls at once") {
  const auto port = free_tcp_port();
  running_daemon d{http_section(port)};
  http_client http{port};
  const auto start = body_of(http.get("/api/v1/changes", everyone));
  const auto target = "/api/v1/changes?wait=4&cursor=" + url_encode(std::string{start.at("next_cursor").as_string()});
  std::vector<std::thread> polls;
  std::atomic<int> answered{0};
  for (int i = 0; i < 8; ++i) {
    polls.emplace_back([&] {
      http_client c{port};
      if (c.get(target, everyone, {}, 10s).status == 200) ++answered;
    });
  }
  std::this_thread::sleep_for(1s);
  const auto ninth = http.get(target, everyone);
  CHECK(ninth.status == 429);
  CHECK(ninth.header("retry-after") == "1");
  CHECK(http.get(target, acme, {}, 10s).status == 200); // another token is not held up
  for (auto& t : polls) t.join();
  CHECK(answered == 8);
}
