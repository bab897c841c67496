#include "config/config_value.hpp"

#include <doctest/doctest.h>

using namespace stationd::config;
using namespace std::chrono_literals;

TEST_CASE("durations with units") {
  struct row {
    const char* text;
    std::optional<duration> expected;
  };
  const row rows[] = {
      {"0ms", 0ms},       {"250ms", 250ms}, {"5s", 5s},      {"2m", 2min},     {"1h", 1h}, {"30d", 720h},
      {"367d", std::nullopt}, {"1D", std::nullopt},
      {"", std::nullopt}, {"5", std::nullopt}, {"5 s", std::nullopt}, {"-5s", std::nullopt}, {"5sec", std::nullopt},
      {"1.5s", std::nullopt}, {"s", std::nullopt}, {"99999999h", std::nullopt},
  };
  for (const auto& r : rows) {
    CAPTURE(r.text);
    CHECK(parse_duration(r.text) == r.expected);
  }
}

TEST_CASE("values render as TOML literals") {
  CHECK(render(config_value{std::string{"a\"b\\c\n"}}) == R"("a\"b\\c\n")");
  CHECK(render(config_value{std::int64_t{-5}}) == "-5");
  CHECK(render(config_value{true}) == "true");
  CHECK(render(config_value{duration{1500}}) == "\"1500ms\"");
  CHECK(render(config_value{duration{120000}}) == "\"2m\"");
  CHECK(render(config_value{std::vector<std::string>{"a", "b"}}) == R"(["a", "b"])");
  CHECK(quote(std::string{"\x01"}) == R"("\u0001")");
}
