#include "chaos_shuffle.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

using stationd::central::chaos_shuffle;
using stationd::central::inbound;

inbound frame(const std::string& type, const std::string& body) { return {"bench-01", "bench-01", {type, body}}; }

std::vector<std::string> bodies(const std::vector<inbound>& list) {
  std::vector<std::string> out;
  for (const auto& in : list) out.push_back(in.frames[1]);
  return out;
}

} // namespace

TEST_CASE("chaos: every EVENTS twice, every other pair reversed, others untouched") {
  chaos_shuffle chaos;
  const auto now = chaos_shuffle::clock::now();
  CHECK(bodies(chaos.push(frame("EVENTS", "1"), now)) == std::vector<std::string>{"1", "1"});
  CHECK(bodies(chaos.push(frame("EVENTS", "2"), now)) == std::vector<std::string>{"2", "2"});
  CHECK(chaos.push(frame("EVENTS", "3"), now).empty());
  CHECK(bodies(chaos.push(frame("PING", "p"), now)) == std::vector<std::string>{"p"});
  CHECK(bodies(chaos.push(frame("EVENTS", "4"), now)) == std::vector<std::string>{"4", "4", "3", "3"});
  CHECK(bodies(chaos.push(frame("EVENTS", "5"), now)) == std::vector<std::string>{"5", "5"});
  CHECK(bodies(chaos.push(frame("EVENTS", "6"), now)) == std::vector<std::string>{"6", "6"});

  SUBCASE("a held frame without a pair goes alone after a while") {
    CHECK(chaos.push(frame("EVENTS", "7"), now).empty());
    CHECK(chaos.due(now).empty());
    CHECK(bodies(chaos.due(now + chaos_shuffle::max_hold)) == std::vector<std::string>{"7", "7"});
    CHECK_FALSE(chaos.holding());
    CHECK(bodies(chaos.push(frame("EVENTS", "8"), now)) == std::vector<std::string>{"8", "8"});
  }
}
