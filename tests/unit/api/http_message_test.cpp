#include "api/http_message.hpp"
#include <doctest/doctest.h>

using namespace stationd::api;

TEST_CASE("request targets: decoded path and query") {
  const auto t = parse_target("/api/v1/orders/SO%2D1?cursor=c1.ab.5&limit=10&types=order%2Cpackage&x=a+b&&flag");
  REQUIRE(t);
  CHECK(t->path == "/api/v1/orders/SO-1");
  REQUIRE(t->query.size() == 5);
  CHECK(t->query[0] == std::pair<std::string, std::string>{"cursor", "c1.ab.5"});
  CHECK(t->query[1].second == "10");
  CHECK(t->query[2].second == "order,package");
  CHECK(t->query[3].second == "a b");
  CHECK(t->query[4] == std::pair<std::string, std::string>{"flag", ""});
  http_request r;
  r.query = t->query;
  CHECK(r.query_value("limit") == "10");
  CHECK_FALSE(r.query_value("wait").has_value());
  // '+' is a space in the query only.
  CHECK(parse_target("/a+b?q=a+b")->path == "/a+b");
  CHECK(parse_target("/")->path == "/");
  CHECK(parse_target("/?")->query.empty());
}

TEST_CASE("malformed targets are refused") {
  for (const char* bad : {"", "api/v1", "*", "http://x/y", "/a%", "/a%4", "/a%zz", "/a%00b", "/a?x=%g0", "/a?x=%00"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_target(bad).has_value());
  }
}

TEST_CASE("errors are JSON with a code and a message") {
  const auto r = error_response(404, "not_found", "no order \"X\"");
  CHECK(r.status == 404);
  CHECK(r.content_type == "application/json");
  CHECK(r.body == R"({"error":"not_found","message":"no order \"X\""})");
}

TEST_CASE("If-None-Match: a list, weak or strong, or any") {
  struct row {
    const char* header;
    bool matches;
  };
  const row rows[] = {{R"("7")", true},        {R"("6", "7")", true}, {R"(W/"7")", true}, {"*", true},
                      {R"( "6" , "7" )", true}, {R"("6")", false},    {R"("77")", false}, {"", false},
                      {"7", false},             {R"(W/"6")", false}};
  for (const auto& r : rows) {
    CAPTURE(r.header);
    CHECK(etag_matches(r.header, R"("7")") == r.matches);
  }
  CHECK(etag_matches(R"("a-1")", R"("a-1")"));
}
