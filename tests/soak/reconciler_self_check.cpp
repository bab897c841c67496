#include "reconciler_self_check.hpp"

#include "reconciler.hpp"

#include "journal/sqlite.hpp"

#include <fstream>
#include <functional>
#include <sstream>

namespace stationd::soak {
namespace fs = std::filesystem;

namespace {

const char* const files[] = {"station/state/journal.db", "central/central.db", "acks.jsonl", "feed.jsonl", "labels.jsonl",
                             "done.jsonl"};

void copy_run(const fs::path& from, const fs::path& to) {
  for (const auto* f : files) {
    fs::create_directories((to / f).parent_path());
    fs::copy_file(from / f, to / f, fs::copy_options::overwrite_existing);
  }
}

std::vector<std::string> lines_of(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

void write_lines(const fs::path& p, const std::vector<std::string>& lines) {
  std::ofstream out(p, std::ios::trunc);
  for (const auto& l : lines) out << l << '\n';
}

struct damage {
  std::string name;
  std::string check; // the check that must fail
  std::function<void(const fs::path&)> apply;
};

} // namespace

std::vector<std::string> reconciler_misses(const fs::path& run_dir, const std::string& station_id) {
  const std::vector<damage> damages{
      {"an answer the journal does not hold", "every acknowledged scan and action is journaled",
       [](const fs::path& d) {
         std::ofstream(d / "acks.jsonl", std::ios::app)
             << R"({"via":"control","kind":"scan","input":{"code":"SKU-MUG1"},"verdict":"accepted","message":"pack.unit_packed","seq":999999999})"
             << '\n';
       }},
      {"an event central lost", "central applied every event exactly once",
       [](const fs::path& d) {
         sqlite::database db{d / "central/central.db", sqlite::database::mode::read_write_create};
         db.exec("DELETE FROM events WHERE rowid = (SELECT rowid FROM events ORDER BY seq LIMIT 1 OFFSET 10)");
       }},
      {"a label printed once more", "no label printed twice without an audited reprint",
       [](const fs::path& d) {
         auto lines = lines_of(d / "labels.jsonl");
         if (!lines.empty()) lines.push_back(lines.front());
         write_lines(d / "labels.jsonl", lines);
       }},
      {"a change the 3PL client missed", "the 3PL feed has every change, and ends with the journal's state",
       [](const fs::path& d) {
         auto lines = lines_of(d / "feed.jsonl");
         if (!lines.empty()) lines.erase(lines.begin());
         write_lines(d / "feed.jsonl", lines);
       }},
      {"an SSCC issued twice", "no SSCC issued twice",
       [](const fs::path& d) {
         sqlite::database db{d / "station/state/journal.db", sqlite::database::mode::read_write_create};
         db.exec("INSERT INTO events(recorded_at, type, source, payload) VALUES (0, 'sscc.allocated', 'damage', "
                 "json_object('sscc', (SELECT sscc FROM sscc_issued LIMIT 1)))");
       }},
  };
  std::vector<std::string> missed;
  for (std::size_t i = 0; i < damages.size(); ++i) {
    const auto copy = run_dir / "damaged" / std::to_string(i);
    copy_run(run_dir, copy);
    damages[i].apply(copy);
    bool caught = false;
    for (const auto& r : reconcile(copy, station_id)) caught = caught || (r.name == damages[i].check && !r.ok);
    if (!caught) missed.push_back(damages[i].name);
    fs::remove_all(copy);
  }
  fs::remove_all(run_dir / "damaged");
  return missed;
}

} // namespace stationd::soak
