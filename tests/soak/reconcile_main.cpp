// soak_reconcile RUN_DIR [STATION_ID]: checks what a soak run left on disk
// (see reconciler.hpp) and prints one line per check. Exit 0 when every
// check holds, 1 when one does not, 2 when the run directory cannot be read.

#include "reconciler.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: soak_reconcile RUN_DIR [STATION_ID]\n");
    return 2;
  }
  try {
    const auto results = stationd::soak::reconcile(argv[1], argc == 3 ? argv[2] : "soak-bench");
    bool all = true;
    for (const auto& r : results) {
      fmt::print("{} {}: {}\n", r.ok ? "ok  " : "FAIL", r.name, r.summary);
      for (const auto& p : r.problems) fmt::print("       {}\n", p);
      all = all && r.ok;
    }
    return all ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "soak_reconcile: %s\n", e.what());
    return 2;
  }
}
