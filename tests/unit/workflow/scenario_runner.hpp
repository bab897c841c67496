#pragma once

#include <filesystem>
#include <string>
#include <vector>

// Runs a workflow scenario script against the pure workflow core
// (tests/unit/workflow/README.md describes the format). Each line is an input
// with the outcome it must have, or a check of the state.
namespace stationd::workflow::testing {

struct scenario_failure {
  int line = 0;
  std::string text;
};

// Every failure, with its line; empty when the scenario passed.
std::vector<scenario_failure> run_scenario(const std::filesystem::path& script);

} // namespace stationd::workflow::testing
