// The control socket under bad input: every bad request gets an error reply and
// the daemon keeps serving.

#include "daemon_fixture.hpp"
#include "support/unix_socket.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <thread>

using namespace stationd::test;
namespace json = boost::json;

namespace {

json::object parse_line(const std::optional<std::string>& line) {
  REQUIRE(line.has_value());
  return json::parse(*line).as_object();
}

} // namespace

TEST_CASE("malformed requests get error replies on the same connection") {
  running_daemon d;
  unix_socket s{d.socket_path()};
  struct row {
    std::string request;
    int result;
    std::string text;
  };
  const std::vector<row> rows = {
      {"not json\n", 1, "malformed request: not JSON (syntax error)"},
      {"{\"command\":\"status\",\"extra\":1}\n", 1, "malformed request: unknown member \"extra\""},
      {"[1,2]\n", 1, "malformed request: expected a JSON object with a \"command\" string"},
      {"{\"command\":\"no-such\"}\n", 2, "unknown command \"no-such\" (try \"help\")"},
      {"{\"command\":\"variables\",\"arguments\":{\"prefix\":3}}\n", 1, "variables: \"prefix\" must be a string"},
      {"{\"command\":\"variables\",\"arguments\":{\"prefix\":\"zzz.\"}}\n", 3, "no variables match"},
      {std::string{"\x00\x01\xff\xfe\n", 5}, 1, "malformed request: not JSON (syntax error)"},
      {"{\"command\":\"subscribe\",\"arguments\":{\"classes\":\"x\"}}\n", 1, "subscribe: \"classes\" must be an array of strings"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.request);
    s.send(r.request);
    const auto reply = parse_line(s.read_line());
    CHECK(reply.at("result").as_int64() == r.result);
    CHECK(reply.at("text").as_string() == r.text);
  }
  s.send("{\"command\":\"version\"}\r\n");
  CHECK(parse_line(s.read_line()).at("result").as_int64() == 0);
}

TEST_CASE("an oversized request is refused and the stream stays in step") {
  running_daemon d{"[control]\nmax_request_bytes = 1024\n"};
  unix_socket s{d.socket_path()};
  s.send("{\"command\":\"" + std::string(200000, 'a') + "\"}\n{\"command\":\"version\"}\n");
  const auto first = parse_line(s.read_line());
  CHECK(first.at("result").as_int64() == 1);
  CHECK(first.at("text").as_string() == "request too large: more than 1024 bytes (control.max_request_bytes)");
  const auto second = parse_line(s.read_line());
  CHECK(second.at("result").as_int64() == 0);
  CHECK(d.process().running());
}

TEST_CASE("pipelined requests are answered in order") {
  running_daemon d;
  unix_socket s{d.socket_path()};
  std::string burst;
  for (int i = 0; i < 50; ++i) burst += i % 2 ? "{\"command\":\"version\"}\n" : "{\"command\":\"nope\"}\n";
  s.send(burst);
  for (int i = 0; i < 50; ++i) CHECK(parse_line(s.read_line()).at("result").as_int64() == (i % 2 ? 0 : 2));
}

TEST_CASE("connections beyond max_clients are refused; idle ones are closed") {
  running_daemon d{"[control]\nmax_clients = 3\nidle_timeout = \"2s\"\n"};
  // Wait until earlier connections (the fixture's start-up probe) are gone.
  unix_socket p{d.socket_path()};
  CHECK(eventually([&] {
    p.send("{\"command\":\"variables\",\"arguments\":{\"prefix\":\"control.clients\"}}\n");
    return parse_line(p.read_line()).at("arguments").at("control.clients").as_int64() == 1;
  }));
  unix_socket a{d.socket_path()};
  unix_socket b{d.socket_path()};
  a.send("{\"command\":\"version\"}\n");
  b.send("{\"command\":\"version\"}\n");
  CHECK(parse_line(a.read_line()).at("result").as_int64() == 0);
  CHECK(parse_line(b.read_line()).at("result").as_int64() == 0);
  unix_socket c{d.socket_path()};
  const auto refused = parse_line(c.read_line());
  CHECK(refused.at("result").as_int64() == 4);
  CHECK(refused.at("text").as_string() == "too many control connections (control.max_clients = 3)");
  CHECK_FALSE(c.read_line().has_value());

  // Idle for more than two seconds: told why, then closed.
  const auto idle = parse_line(a.read_line(std::chrono::seconds{5}));
  CHECK(idle.at("text").as_string() == "idle timeout: closing the connection");
  CHECK_FALSE(a.read_line(std::chrono::seconds{5}).has_value());
}

TEST_CASE("subscribers receive pushed events with a class") {
  running_daemon d;
  unix_socket s{d.socket_path()};
  s.send("{\"command\":\"subscribe\",\"arguments\":{\"classes\":[\"config\"]}}\n");
  CHECK(parse_line(s.read_line()).at("result").as_int64() == 0);
  CHECK(d.call("reload").at("result").as_int64() == 0);
  const auto event = parse_line(s.read_line());
  CHECK(event.at("class").as_string() == "config");
  CHECK(event.at("ok").as_bool());
  CHECK(event.at("origin").as_string() == "control socket");
}

TEST_CASE("stationctl exit codes") {
  running_daemon d;
  CHECK(run({stationctl_binary(), "--socket", d.socket_path(), "call", "no-such"}).status == 1);
  CHECK(run({stationctl_binary(), "--socket", d.socket_path(), "call", "status", "[1]"}).status == 2);
  CHECK(run({stationctl_binary(), "--socket", d.socket_path(), "variables", "journal."}).status == 0);
  const auto down = run({stationctl_binary(), "--socket", (d.dir() / "nope.sock").string(), "status"});
  CHECK(down.status == 69);
  CHECK(down.err.find("cannot connect to") != std::string::npos);
}

namespace {

long rss_kib(pid_t pid) {
  std::ifstream status{"/proc/" + std::to_string(pid) + "/status"};
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return -1;
}

} // namespace

TEST_CASE("a client that sends without reading cannot grow the daemon, and is disconnected") {
  running_daemon d;
  const auto before = rss_kib(d.process().pid());
  {
    unix_socket flood{d.socket_path()};
    // 20 MB of requests; the daemon stops reading once a few replies are unread,
    // so most of this sits in the kernel's socket buffers or is never sent.
    std::thread sender{[&] {
      try {
        const std::string burst = [] {
          std::string b;
          for (int i = 0; i < 10000; ++i) b += "{\"command\":\"status\"}\n";
          return b;
        }();
        for (int i = 0; i < 100; ++i) flood.send(burst);
      } catch (const std::exception&) {
        // the daemon hung up: expected
      }
    }};
    // Other clients are still served meanwhile.
    CHECK(d.call("version").at("result").as_int64() == 0);
    sender.join();
    CHECK(rss_kib(d.process().pid()) - before < 50 * 1024);
    // After the write timeout the silent reader is dropped.
    CHECK(eventually(
        [&] {
          return d.call("variables", {{"prefix", "control.clients"}}).at("arguments").at("control.clients").as_int64() == 1;
        },
        std::chrono::seconds{30}));
  }
  CHECK(d.process().running());
}

TEST_CASE("help and variables say how many they list") {
  running_daemon d;
  const auto help = d.call("help");
  CHECK(help.at("text").as_string() == fmt::format("{} commands", help.at("arguments").as_object().size()));
  CHECK(help.at("arguments").as_object().size() >= 6);
  const auto variables = d.call("variables");
  CHECK(variables.at("text").as_string() == fmt::format("{} variables", variables.at("arguments").as_object().size()));
}
