// Journal append throughput against the raw limit of the same disk, measured in
// the same run: raw SQLite with one row per transaction (WAL, synchronous=FULL)
// is what a naive "commit every scan" journal would get.

#include "journal/journal.hpp"
#include "journal/sqlite.hpp"

#include <boost/asio/io_context.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>

using namespace stationd;
using clock_type = std::chrono::steady_clock;

namespace {

const std::string payload = R"({"code":"]C10109501101530003172612311OLOT-A1","device":"scanner-1","operator":"op-17"})";

double raw_sqlite_rows_per_second(const std::filesystem::path& path, int rows) {
  sqlite::database db{path, sqlite::database::mode::read_write_create};
  db.query_text("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=FULL");
  db.exec("CREATE TABLE t(seq INTEGER PRIMARY KEY, recorded_at INTEGER, type TEXT, source TEXT, payload TEXT)");
  auto insert = db.prepare("INSERT INTO t(recorded_at, type, source, payload) VALUES (?1, 'scan', 'bench', ?2)");
  const auto start = clock_type::now();
  for (int i = 0; i < rows; ++i) {
    db.exec("BEGIN IMMEDIATE");
    insert.bind(1, std::int64_t{i}).bind(2, payload);
    insert.step();
    insert.reset();
    db.exec("COMMIT");
  }
  const std::chrono::duration<double> elapsed = clock_type::now() - start;
  return rows / elapsed.count();
}

struct journal_result {
  double appends_per_second;
  double mean_batch;
};

journal_result journal_appends_per_second(const std::filesystem::path& path, int appends, int in_flight) {
  boost::asio::io_context io;
  log::logger log{stderr, log::format::plain, log::level::warning};
  journal::options opts;
  opts.path = path;
  journal::journal j{io.get_executor(), opts, log};
  int issued = 0;
  int failed = 0;
  std::function<void()> issue = [&] {
    if (issued >= appends) return;
    ++issued;
    journal::write_unit unit;
    unit.events.push_back({"scan", "bench", payload});
    j.async_append(std::move(unit), [&](boost::system::error_code ec, journal::append_result) {
      if (ec) ++failed;
      issue();
    });
  };
  const auto start = clock_type::now();
  for (int i = 0; i < in_flight; ++i) issue();
  io.run();
  const std::chrono::duration<double> elapsed = clock_type::now() - start;
  if (failed != 0) throw std::runtime_error(fmt::format("{} appends failed", failed));
  const auto st = j.status();
  return {appends / elapsed.count(), static_cast<double>(st.units) / static_cast<double>(st.commits)};
}

} // namespace

int main(int argc, char** argv) {
  const std::filesystem::path dir = argc > 1 ? argv[1] : std::filesystem::temp_directory_path() / "stationd-journal-bench";
  const int raw_rows = argc > 2 ? std::atoi(argv[2]) : 5000;
  const int appends = argc > 3 ? std::atoi(argv[3]) : 100000;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);

  const double raw = raw_sqlite_rows_per_second(dir / "raw.db", raw_rows);
  fmt::print("raw SQLite, 1 row per transaction (WAL, FULL): {:>10.0f} rows/s   ({} rows)\n", raw, raw_rows);
  for (const int in_flight : {1, 16, 256}) {
    const auto r = journal_appends_per_second(dir / fmt::format("journal-{}.db", in_flight),
                                              in_flight == 1 ? raw_rows : appends, in_flight);
    fmt::print("journal, {:>3} appends in flight (group commit): {:>10.0f} appends/s, mean batch {:>6.1f}, ratio to raw {:.2f}\n",
               in_flight, r.appends_per_second, r.mean_batch, r.appends_per_second / raw);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
