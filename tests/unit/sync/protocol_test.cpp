#include "sync/protocol.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

using namespace stationd::sync;
namespace json = boost::json;

TEST_CASE("every message survives encode and decode") {
  wire_event e{7, "b0c4a1d2-0000-4000-8000-000000000007", "pack.unit", "station", 1795759044149,
               json::parse(R"({"order":"SO-1","gtin":"07350053850019"})")};
  const std::vector<message> all = {
      hello{1, "bench-01", "ep", 42, 3},
      hello{1, "bench-01", "ep", 42, 3, "r3"},
      events{"ep", {e, wire_event{8, "u8", "t", "s", 1, json::object{}}}},
      revision_ack{4},
      resync{3, "gap"},
      ping{123},
      welcome{1, "bench-01", "ep", 43, 1000, 5},
      ack{"ep", 42, 1000},
      nak{"ep", 40},
      snapshot{5, json::object{{"revision", 5}}},
      snapshot{5, json::object{{"revision", 5}}, "r5"},
      update{4, 5, json::object{{"orders", json::array{}}}},
      update{4, 5, json::object{{"orders", json::array{}}}, "r5"},
      pong{123},
      error{"bad_message", "why"},
  };
  for (const auto& m : all) {
    const auto f = encode(m);
    CAPTURE(f.type);
    CAPTURE(f.body);
    CHECK(f.type == type_of(m));
    const auto d = decode(f.type, f.body);
    REQUIRE(d.msg);
    CHECK(d.msg->index() == m.index());
    CHECK(encode(*d.msg).body == f.body);
  }
}

TEST_CASE("bad frames are named precisely") {
  struct row {
    const char* type;
    const char* body;
    const char* problem;
  };
  const row rows[] = {
      {"HELLO", "{", "HELLO: the body is not JSON"},
      {"HELLO", "[]", "HELLO: the body must be a JSON object"},
      {"HELLO", R"({"protocol":1,"station":"s","epoch":"e","last_seq":1})", "HELLO: \"revision\" is missing"},
      {"ACK", R"({"epoch":"e","seq":-1,"credit":5})", "ACK: \"seq\" must be a non-negative integer"},
      {"ACK", R"({"epoch":7,"seq":1,"credit":5})", "ACK: \"epoch\" must be a string"},
      {"EVENTS", R"({"epoch":"e","events":{}})", "EVENTS: \"events\" must be an array"},
      {"EVENTS", R"({"epoch":"e","events":[{"seq":1,"uuid":"u","type":"t","source":"s","recorded_at":1}]})",
       "EVENTS: events[0]: \"payload\" is missing"},
      {"EVENTS",
       R"({"epoch":"e","events":[{"seq":1,"uuid":"u","type":"t","source":"s","recorded_at":1,"payload":{}},{"seq":3,"uuid":"v","type":"t","source":"s","recorded_at":1,"payload":{}}]})",
       "EVENTS: events[1]: sequences must be consecutive"},
      {"SNAPSHOT", R"({"revision":2,"data":[]})", "SNAPSHOT: \"data\" must be an object"},
      {"SNAPSHOT", R"({"revision":2,"data":{},"revision_id":2})", "SNAPSHOT: \"revision_id\" must be a string"},
      {"BOGUS", "{}", "BOGUS: unknown message type \"BOGUS\""},
  };
  for (const auto& r : rows) {
    CAPTURE(r.body);
    const auto d = decode(r.type, r.body);
    CHECK(!d.msg);
    CHECK(d.problem.find(r.problem) == 0);
  }
}

TEST_CASE("unknown members are ignored (later protocol versions add members)") {
  const auto d = decode("ACK", R"({"epoch":"e","seq":9,"credit":10,"new_member":true})");
  REQUIRE(d.msg);
  CHECK(std::get<ack>(*d.msg).seq == 9);
}

TEST_CASE("revision ids are optional members: absent is empty, and an empty one is not sent") {
  auto d = decode("HELLO", R"({"protocol":1,"station":"s","epoch":"e","last_seq":1,"revision":2})");
  REQUIRE(d.msg);
  CHECK(std::get<hello>(*d.msg).revision_id.empty());
  d = decode("UPDATE", R"({"base":1,"revision":2,"changes":{},"revision_id":"a1"})");
  REQUIRE(d.msg);
  CHECK(std::get<update>(*d.msg).revision_id == "a1");
  CHECK(encode(snapshot{2, json::object{}}).body == R"({"revision":2,"data":{}})");
  CHECK(encode(hello{1, "s", "e", 1, 2, "a1"}).body ==
        R"({"protocol":1,"station":"s","epoch":"e","last_seq":1,"revision":2,"revision_id":"a1"})");
}
