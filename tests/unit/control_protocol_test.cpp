#include "control/control_protocol.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

using namespace stationd::control;

TEST_CASE("request parsing: valid and malformed lines") {
  struct row {
    const char* line;
    const char* error; // nullptr: valid
  };
  const row rows[] = {
      {R"({"command":"status"})", nullptr},
      {R"({"command":"reload","arguments":{}})", nullptr},
      {R"({"command":"status","arguments":null})", nullptr},
      {"not json", "malformed request: not JSON (syntax error)"},
      {"", "malformed request: not JSON (incomplete JSON)"},
      {R"({"command":)", "malformed request: not JSON (incomplete JSON)"},
      {R"(["status"])", "malformed request: expected a JSON object with a \"command\" string"},
      {R"("status")", "malformed request: expected a JSON object with a \"command\" string"},
      {R"({"cmd":"status"})", "malformed request: \"command\" must be a non-empty string"},
      {R"({"command":""})", "malformed request: \"command\" must be a non-empty string"},
      {R"({"command":7})", "malformed request: \"command\" must be a non-empty string"},
      {R"({"command":"status","arguments":[1]})", "malformed request: \"arguments\" must be an object"},
      {R"({"command":"status","x":1})", "malformed request: unknown member \"x\""},
      {"{\"command\":\"st\xff\"}", "malformed request: not JSON (syntax error)"},
      {"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
       "malformed request: not JSON (too deep)"},
  };
  for (const auto& r : rows) {
    const std::string line = r.line;
    CAPTURE(line);
    const auto parsed = parse_request(r.line);
    if (r.error == nullptr) {
      CHECK(std::holds_alternative<request>(parsed));
    } else {
      REQUIRE(std::holds_alternative<reply>(parsed));
      CHECK(std::get<reply>(parsed).result == result_code::error);
      CHECK(std::get<reply>(parsed).text == std::string{r.error});
    }
  }
}

TEST_CASE("replies and events serialise as one JSON line") {
  CHECK(serialize(make_reply(result_code::unsupported, "unknown command \"x\"")) ==
        "{\"result\":2,\"text\":\"unknown command \\\"x\\\"\"}\n");
  CHECK(serialize(make_reply(result_code::success, "ok", boost::json::object{{"a", 1}})) ==
        "{\"result\":0,\"text\":\"ok\",\"arguments\":{\"a\":1}}\n");
  CHECK(serialize_event("variable", {{"name", "journal.state"}, {"value", "failed"}}) ==
        "{\"class\":\"variable\",\"name\":\"journal.state\",\"value\":\"failed\"}\n");
}

TEST_CASE("line framing: splits, strips CR, skips blanks") {
  line_framer f{100};
  auto items = f.feed("a\r\n\nb");
  REQUIRE(items.size() == 1);
  CHECK(items[0].text == "a");
  items = f.feed("c\n");
  REQUIRE(items.size() == 1);
  CHECK(items[0].text == "bc");
  CHECK(f.buffered() == 0);
}

TEST_CASE("line framing: an overlong line is reported once and skipped to its newline") {
  line_framer f{10};
  auto items = f.feed("0123456789ABC");
  REQUIRE(items.size() == 1);
  CHECK(items[0].what == line_framer::item::kind::too_long);
  CHECK(f.buffered() == 0); // nothing of it is kept
  items = f.feed(std::string(5000, 'x'));
  CHECK(items.empty());
  items = f.feed("tail\nnext\n");
  REQUIRE(items.size() == 1);
  CHECK(items[0].what == line_framer::item::kind::line);
  CHECK(items[0].text == "next");
}

TEST_CASE("line framing: a line of exactly the limit passes; one byte more does not") {
  line_framer f{4};
  auto items = f.feed("abcd\nabcde\nok\n");
  REQUIRE(items.size() == 3);
  CHECK(items[0].text == "abcd");
  CHECK(items[1].what == line_framer::item::kind::too_long);
  CHECK(items[2].text == "ok");
}
