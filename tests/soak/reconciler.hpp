#pragma once
// The soak's independent reconciler. After a run it reads only what the run
// left on disk — the station's journal, central-sim's store, the operator's
// answers (acks.jsonl), the 3PL client's feed (feed.jsonl), every label the
// printer received (labels.jsonl) and the jobs the operator finished
// (done.jsonl) — and checks them against each other with plain SQL and JSON,
// without any of stationd's own logic.

#include <filesystem>
#include <string>
#include <vector>

namespace stationd::soak {

struct check_result {
  std::string name;
  bool ok = true;
  std::vector<std::string> problems; // the first few
  std::string summary;               // counts, for the report
};

std::vector<check_result> reconcile(const std::filesystem::path& run_dir, const std::string& station_id);

} // namespace stationd::soak
