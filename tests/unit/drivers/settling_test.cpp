#include "protocol/settling.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using stationd::drivers::settling_filter;
using stationd::drivers::settling_rule;

namespace {

struct step {
  int ms;             // time of the reading; -1: reset() instead of a reading
  double value = 0.0;
  bool stable = true;
  std::string unit = "kg";
};

struct row {
  const char* what;
  settling_rule rule;
  std::vector<step> steps;
  std::string expected; // per step: 'S' settled, '.' not settled, 'r' a reset
};

// Readings every 100 ms from `from_ms` to `to_ms`, all `value`.
std::vector<step> steady(int from_ms, int to_ms, double value, std::string unit = "kg") {
  std::vector<step> out;
  for (int ms = from_ms; ms <= to_ms; ms += 100) {
    out.push_back(step{ms, value, true, unit});
  }
  return out;
}

std::vector<step> join(std::initializer_list<std::vector<step>> parts) {
  std::vector<step> out;
  for (const auto& part : parts) {
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

const settling_rule half_second{500ms, 0.0};
const settling_rule half_second_2g{500ms, 0.002};

std::string run(const row& r) {
  settling_filter filter{r.rule};
  const settling_filter::time_point start{};
  std::string out;
  for (const auto& s : r.steps) {
    if (s.ms < 0) {
      filter.reset();
      out += 'r';
      continue;
    }
    out += filter.add(start + std::chrono::milliseconds{s.ms}, s.value, s.unit, s.stable) ? 'S' : '.';
  }
  return out;
}

} // namespace

TEST_CASE("settling filter") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<row> rows = {
      {"equal readings settle once they cover the window", half_second, steady(0, 800, 1.25), ".....SSSS"},
      {"rising weight, then steady",
       half_second,
       join({{{0, 0.1}, {100, 0.5}, {200, 1.0}, {300, 1.2}}, steady(400, 1000, 1.25)}),
       ".........SS"},
      {"the scale's unstable flag starts over",
       half_second,
       join({steady(0, 200, 2.0), {{300, 2.0, false}}, steady(400, 1000, 2.0)}),
       ".........SS"},
      {"unstable after settling",
       half_second,
       join({steady(0, 500, 2.0), {{600, 2.0, false}}, steady(700, 1200, 2.0)}),
       ".....S......S"},
      {"jitter within tolerance",
       half_second_2g,
       {{0, 1.000}, {100, 1.002}, {200, 1.001}, {300, 1.000}, {400, 1.002}, {500, 1.001}, {600, 1.000}},
       ".....SS"},
      {"jitter out of tolerance settles when it leaves the window",
       half_second_2g,
       join({{{0, 1.000}, {100, 1.000}, {200, 1.003}}, steady(300, 900, 1.000)}),
       "........SS"},
      {"tolerance 0: any change",
       half_second,
       join({steady(0, 400, 1.000), {{500, 1.001}}, steady(600, 1100, 1.000)}),
       "...........S"},
      {"0.258 - 0.256 is within 0.002 despite binary rounding",
       half_second_2g,
       {{0, 0.256}, {100, 0.258}, {200, 0.257}, {300, 0.256}, {400, 0.258}, {500, 0.258}},
       ".....S"},
      {"0.2581 - 0.256 is not within 0.002",
       half_second_2g,
       {{0, 0.256}, {100, 0.2581}, {200, 0.257}, {300, 0.256}, {400, 0.258}, {500, 0.258}},
       "......"},
      {"a gap longer than the window starts over",
       half_second,
       join({steady(0, 500, 3.0), steady(1001, 1501, 3.0)}),
       ".....S.....S"},
      {"a gap of exactly the window does not",
       half_second,
       join({steady(0, 500, 3.0), {{1000, 3.0}}}),
       ".....SS"},
      {"sparse readings cover the window",
       half_second,
       {{0, 4.0}, {250, 4.0}, {500, 4.0}, {750, 4.0}},
       "..SS"},
      {"irregular readings: the reading before the window start counts",
       half_second,
       {{0, 4.0}, {450, 4.0}, {550, 4.0}, {600, 4.1}},
       "..S."},
      {"a unit change starts over",
       half_second,
       join({steady(0, 500, 1.0), steady(600, 1100, 2.2, "lb")}),
       ".....S.....S"},
      {"reset starts over",
       half_second,
       join({steady(0, 500, 1.0), {{-1}}, steady(600, 1100, 1.0)}),
       ".....Sr.....S"},
      {"time going backwards starts over",
       half_second,
       join({steady(0, 500, 1.0), steady(400, 900, 1.0)}),
       ".....S.....S"},
      {"a non-finite value starts over",
       half_second,
       join({steady(0, 500, 1.0), {{600, nan}}, steady(700, 1200, 1.0)}),
       ".....S......S"},
      {"window 0: a stable reading is settled at once",
       settling_rule{0ms, 0.0},
       {{0, 1.0}, {10, 1.0, false}, {20, 2.0}, {30, 2.0}},
       "S.SS"},
      {"negative weights",
       half_second_2g,
       {{0, -0.500}, {100, -0.501}, {200, -0.502}, {300, -0.500}, {400, -0.501}, {500, -0.502}, {600, -0.503}},
       ".....S."},
  };
  for (const auto& r : rows) {
    CAPTURE(std::string{r.what});
    CHECK(run(r) == r.expected);
  }
}

TEST_CASE("settling filter keeps its rule") {
  const settling_filter filter{settling_rule{750ms, 0.005}};
  CHECK(filter.rule().window == 750ms);
  CHECK(filter.rule().tolerance == 0.005);
}
