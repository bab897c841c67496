#include "scenario_runner.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

TEST_CASE("workflow scenarios") {
  const fs::path folder = fs::path(STATIOND_SOURCE_DIR) / "tests/unit/workflow/scenarios";
  std::vector<fs::path> scripts;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() == ".scn") scripts.push_back(entry.path());
  }
  std::sort(scripts.begin(), scripts.end());
  REQUIRE(!scripts.empty());
  for (const auto& script : scripts) {
    SUBCASE(script.filename().string().c_str()) {
      const std::string file = script.string();
      for (const auto& f : stationd::workflow::testing::run_scenario(script)) {
        ADD_FAIL_CHECK_AT(file.c_str(), f.line, f.text);
      }
    }
  }
}
