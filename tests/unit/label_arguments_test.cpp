// `stationctl print-label LABEL key=value ...` turned into the command's JSON.

#include "stationctl/label_arguments.hpp"

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

using stationd::ctl::label_arguments;

namespace {

std::string json_of(const std::vector<std::string>& words) {
  const auto r = label_arguments(words);
  return r.object ? boost::json::serialize(*r.object) : "error: " + r.error;
}

} // namespace

TEST_CASE("print-label words") {
  struct row {
    std::vector<std::string> words;
    std::string expected;
  };
  const row rows[] = {
      {{}, "{}"},
      {{"order_number=A-1001", "ship_to.name=Åsa Öberg", "ship_to.city=Göteborg"},
       R"({"order_number":"A-1001","ship_to":{"name":"Åsa Öberg","city":"Göteborg"}})"},
      {{"package_count:=2", "gift:=true"}, R"({"package_count":2,"gift":true})"},
      {{"code=a=b"}, R"({"code":"a=b"})"},
      {{"note="}, R"({"note":""})"},
      {{"order_number:=0012"}, "error: \"order_number:=0012\": 0012 is not JSON (extra data)"},
      {{"novalue"}, "error: \"novalue\": expected key=value or key:=JSON"},
      {{"=x"}, "error: \"=x\": expected key=value or key:=JSON"},
      {{"a..b=1"}, "error: \"a..b=1\": empty name in key a..b"},
      {{"a=1", "a=2"}, "error: \"a=2\": a is given twice"},
      {{"a=1", "a.b=2"}, "error: \"a.b=2\": a is a value, not an object"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.expected);
    CHECK(json_of(r.words) == r.expected);
  }
}
