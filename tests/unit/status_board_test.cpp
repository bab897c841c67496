#include "events/event_hub.hpp"
#include "events/status_board.hpp"

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

using namespace stationd::events;

TEST_CASE("variables publish only real changes, to subscribers of their class") {
  event_hub hub;
  status_board board{hub};
  std::vector<std::string> variable_events;
  std::vector<std::string> all_events;
  hub.subscribe({"variable"}, [&](std::string_view, const boost::json::object& e) {
    variable_events.push_back(boost::json::serialize(e));
  });
  hub.subscribe({}, [&](std::string_view cls, const boost::json::object&) { all_events.emplace_back(cls); });

  CHECK(board.set("scale.weight", 1.25));
  CHECK_FALSE(board.set("scale.weight", 1.25));
  CHECK(board.set("scale.stable", true));
  hub.publish("alarm", {{"text", "x"}});
  board.erase("scale.stable");
  CHECK(variable_events == std::vector<std::string>{
                               R"({"name":"scale.weight","value":1.25E0,"class":"variable"})",
                               R"({"name":"scale.stable","value":true,"class":"variable"})",
                               R"({"name":"scale.stable","value":null,"class":"variable"})",
                           });
  CHECK(all_events == std::vector<std::string>{"variable", "variable", "alarm", "variable"});
  CHECK(board.snapshot("scale.").size() == 1);
  CHECK(board.snapshot().size() == 1);
}

TEST_CASE("a subscriber may unsubscribe while being delivered to") {
  event_hub hub;
  int calls = 0;
  event_hub::subscriber_id id = 0;
  id = hub.subscribe({}, [&](std::string_view, const boost::json::object&) {
    ++calls;
    hub.unsubscribe(id);
  });
  hub.publish("x", {});
  hub.publish("x", {});
  CHECK(calls == 1);
  CHECK(hub.subscriber_count() == 0);
}
