// station_soak: a station under random kill -9 for a bounded time (docs/soak.md).
//
// stationd with a simulated MT-SICS scale (pty) and Zebra printer (TCP),
// central-sim over CURVE, a 3PL client pulling the changes feed, and an
// operator working through pick, pack, ship and return jobs, while stationd is
// killed at random moments and started again, central-sim is killed now and
// then too, and the devices fail (printer connection dropped, paper out, scale
// unplugged). At the end the station is left
// to settle (labels in doubt decided, central and the feed caught up), stopped
// cleanly, and soak_reconcile checks what is on disk. Exit 0 only when every
// check holds.

#include "crash_driver.hpp"
#include "device_faults.hpp"
#include "operator_desk.hpp"
#include "reconciler.hpp"
#include "reconciler_self_check.hpp"
#include "soak_station.hpp"
#include "soak_workload.hpp"
#include "station_link.hpp"
#include "status_puller.hpp"

#include "support/free_port.hpp"

#include <boost/json/serialize.hpp>
#include <CLI/CLI.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <thread>

namespace json = boost::json;
using namespace stationd;
using namespace stationd::soak;
using namespace std::chrono_literals;

namespace {

std::string today() {
  const auto t = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&t, &utc);
  return fmt::format("{:%Y-%m-%d}", utc);
}

std::filesystem::path make_run_dir(const std::string& requested) {
  if (!requested.empty()) {
    std::filesystem::create_directories(requested);
    if (!std::filesystem::is_empty(requested)) throw std::runtime_error(requested + " is not empty");
    return requested;
  }
  std::string pattern = "/tmp/soak-XXXXXX";
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

void log(const std::string& line) {
  std::cout << fmt::format("[{:%H:%M:%S}] {}", fmt::gmtime(std::time(nullptr)), line) << std::endl;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"A station under random kill -9, checked by an independent reconciler"};
  int duration_s = 60;
  std::uint64_t seed = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  int kill_min_ms = 300, kill_max_ms = 3000, job_timeout_s = 120, fault_min_ms = 3000, fault_max_ms = 10000;
  int central_kill_min_ms = 5000, central_kill_max_ms = 20000;
  bool no_device_faults = false, no_central_kills = false;
  std::string dir_option;
  bool keep = false;
  binaries programs{STATIOND_BINARY, STATIONCTL_BINARY, CENTRAL_SIM_BINARY, STATIOND_SOURCE_DIR};
  app.add_option("--duration", duration_s, "Seconds of work under kills (the settling afterwards comes on top)")
      ->check(CLI::Range(5, 7 * 24 * 3600));
  app.add_option("--seed", seed, "Seed of the workload and of the kill times (printed at the start)");
  app.add_option("--kill-min-ms", kill_min_ms, "Shortest time between two kills")->check(CLI::Range(50, 3'600'000));
  app.add_option("--kill-max-ms", kill_max_ms, "Longest time between two kills")->check(CLI::Range(50, 3'600'000));
  app.add_option("--central-kill-min-ms", central_kill_min_ms, "Shortest time between two kills of central-sim")
      ->check(CLI::Range(100, 3'600'000));
  app.add_option("--central-kill-max-ms", central_kill_max_ms, "Longest time between two kills of central-sim")
      ->check(CLI::Range(100, 3'600'000));
  app.add_flag("--no-central-kills", no_central_kills, "Central is never killed");
  app.add_option("--fault-min-ms", fault_min_ms, "Shortest time between two device faults")->check(CLI::Range(100, 3'600'000));
  app.add_option("--fault-max-ms", fault_max_ms, "Longest time between two device faults")->check(CLI::Range(100, 3'600'000));
  app.add_flag("--no-device-faults", no_device_faults, "Kills only: no printer drops, paper outs or scale unplugs");
  app.add_option("--job-timeout", job_timeout_s, "Seconds one job may take before the run fails")->check(CLI::Range(10, 3600));
  app.add_option("--dir", dir_option, "Run directory (new or empty); default: a new /tmp/soak-XXXXXX");
  app.add_flag("--keep", keep, "Keep the run directory after a successful run (a failed run always keeps it)");
  app.add_option("--stationd", programs.stationd, "stationd binary");
  app.add_option("--stationctl", programs.stationctl, "stationctl binary");
  app.add_option("--central-sim", programs.central_sim, "central-sim binary");
  app.add_option("--source-dir", programs.source_dir, "Source tree (its config/labels are used)");
  CLI11_PARSE(app, argc, argv);
  if (kill_max_ms < kill_min_ms || fault_max_ms < fault_min_ms || central_kill_max_ms < central_kill_min_ms) {
    std::cerr << "station_soak: a --...-max-ms is below its --...-min-ms\n";
    return 2;
  }

  const auto dir = make_run_dir(dir_option);
  log(fmt::format("run directory {}, seed {}, {} s, a kill every {}-{} ms", dir.string(), seed, duration_s, kill_min_ms,
                  kill_max_ms));
  std::mt19937_64 random{seed};
  const std::size_t order_count = std::max<std::size_t>(20, static_cast<std::size_t>(duration_s));
  const auto work = make_workload(order_count, order_count / 4 + 1, random, today());
  {
    std::ofstream out(dir / "master-data.json");
    out << json::serialize(work.master_data);
  }

  bool failed = false;
  int kills = 0, central_kills = 0, drops = 0, paper_outs = 0, unplugs = 0;
  std::size_t orders_shipped = 0, returns_done = 0;
  std::uint64_t answered = 0, unanswered = 0, resolved = 0, reprinted = 0;
  {
    sim::mtsics_scale scale{{.link = dir / "scale", .serial_number = "SOAK-1"}};
    scale.set_weight(sim::decimal::parse("0.000"));
    scale.set_stable(true);
    scale.start();
    sim::zpl_printer::options printer_options;
    // About as long as a desktop printer takes for a 4 x 6 in label: kills often
    // land between a label's send and its confirmation.
    printer_options.printer.label_time = 250ms;
    sim::zpl_printer printer{printer_options};
    printer.start();

    const std::string operator_token = "soak-operator-token-0123456789";
    const std::string tpl_token = "soak-3pl-token-0123456789abcdef";
    soak_station station{{dir, programs, (dir / "scale").string(), printer.port(), test::free_tcp_port(), operator_token,
                          tpl_token}};
    station.start_central(dir / "master-data.json");
    station.start_station();
    station_link link{station.socket_path(), station.http_port(), operator_token, dir / "acks.jsonl", random()};
    // The station takes its master data from central's first snapshot.
    const bool has_master_data = test::eventually(
        [&] {
          const auto s = link.control("station");
          return s && s->contains("master_revision") && s->at("master_revision").as_int64() >= 1;
        },
        60s);
    if (!has_master_data) {
      log("the station never received central's master data: " + link.last_error() + "; see " +
          (station.station_dir() / "logs/start-1/stderr.log").string());
      return 1;
    }
    status_puller puller{station.http_port(), tpl_token, dir / "feed.jsonl"};
    puller.start();
    crash_driver crashes{[&] { station.kill_station(); }, [&] { station.start_station(); },
                         std::chrono::milliseconds{kill_min_ms}, std::chrono::milliseconds{kill_max_ms}, 300ms, random()};
    crashes.start();
    crash_driver central_crashes{[&] { station.kill_central(); }, [&] { station.start_central_again(); },
                                 std::chrono::milliseconds{central_kill_min_ms},
                                 std::chrono::milliseconds{central_kill_max_ms}, 2000ms, random()};
    if (!no_central_kills) central_crashes.start();
    device_faults faults{scale, printer, std::chrono::milliseconds{fault_min_ms}, std::chrono::milliseconds{fault_max_ms},
                         random()};
    if (!no_device_faults) faults.start();

    operator_desk desk{link, scale, printer, std::chrono::seconds{job_timeout_s}};
    std::ofstream done(dir / "done.jsonl", std::ios::app);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds{duration_s};
    std::size_t next_return = 0;
    try {
      for (std::size_t i = 0; i < work.orders.size() && std::chrono::steady_clock::now() < until; ++i) {
        const auto& o = work.orders[i];
        if (o.pick_first) desk.pick(o);
        desk.pack(o);
        desk.ship(o);
        done << json::serialize(json::object{{"shipped", o.id}}) << '\n' << std::flush;
        ++orders_shipped;
        if (i % 4 == 3 && next_return < work.returns.size()) {
          const auto& r = work.returns[next_return++];
          desk.verify_return(r);
          done << json::serialize(json::object{{"returned", r.rma}}) << '\n' << std::flush;
          ++returns_done;
        }
        if (i % 10 == 9) log(fmt::format("{} orders shipped, {} returns, {} kills", orders_shipped, returns_done, crashes.kills()));
      }
    } catch (const job_failed& e) {
      log(std::string{"FAILED: "} + e.what());
      failed = true;
    }
    crashes.stop();
    central_crashes.stop();
    faults.stop();
    kills = crashes.kills();
    central_kills = central_crashes.kills();
    drops = faults.printer_drops();
    paper_outs = faults.paper_outs();
    unplugs = faults.scale_unplugs();
    if (!station.station_running()) station.start_station();

    // Settling: labels in doubt decided, central and the 3PL client caught up.
    if (!failed) {
      const bool labels_settled = test::eventually(
          [&] {
            desk.settle_labels_in_doubt();
            const auto open = link.control("print-queue");
            return !open && link.last_error().find("no open print jobs") != std::string::npos;
          },
          120s);
      if (!labels_settled) {
        log("print jobs still open after 120 s: " + link.last_error());
        failed = true;
      }
      const bool drained = test::eventually(
          [&] {
            const auto outbox = link.control("outbox");
            return outbox && outbox->contains("depth") && outbox->at("depth") == 0;
          },
          120s);
      if (!drained) {
        log("central did not acknowledge every event within 120 s");
        failed = true;
      }
      if (!puller.finish(120s)) {
        log("the 3PL client did not catch up with the feed within 120 s");
        failed = true;
      }
    }
    const auto stopped = station.stop_station();
    if (!stopped || *stopped != 0) {
      log("stationd did not stop cleanly at the end");
      failed = true;
    }
    station.stop_central();
    std::ofstream labels(dir / "labels.jsonl");
    for (const auto& l : printer.labels()) labels << json::serialize(json::value(l)) << '\n';
    answered = link.answered();
    unanswered = link.unanswered();
    resolved = desk.labels_resolved();
    reprinted = desk.labels_reprinted();
  }

  log(fmt::format("{} orders shipped, {} returns verified, {} kills of stationd, {} of central, {} printer connections "
                  "dropped, {} paper outs, {} scale unplugs, {} inputs answered, {} unanswered, {} labels in doubt found "
                  "printed, {} reprinted",
                  orders_shipped, returns_done, kills, central_kills, drops, paper_outs, unplugs, answered, unanswered,
                  resolved, reprinted));
  log("reconciling (soak_reconcile " + dir.string() + ")");
  bool all_ok = !failed;
  try {
    for (const auto& r : reconcile(dir, soak_station::station_id)) {
      std::cout << fmt::format("{} {}: {}\n", r.ok ? "ok  " : "FAIL", r.name, r.summary);
      for (const auto& p : r.problems) std::cout << "       " << p << '\n';
      all_ok = all_ok && r.ok;
    }
  } catch (const std::exception& e) {
    std::cout << "FAIL reconciling: " << e.what() << '\n';
    all_ok = false;
  }
  if (all_ok) {
    // The checks above passed: make sure they would not have passed a damaged run.
    for (const auto& missed : reconciler_misses(dir, soak_station::station_id)) {
      std::cout << "FAIL the reconciler did not notice " << missed << '\n';
      all_ok = false;
    }
    if (all_ok) std::cout << "ok   the reconciler fails each of 5 damaged copies of this run\n";
  }
  if (all_ok && kills == 0) {
    std::cout << "FAIL no kill happened: the run proves nothing\n";
    all_ok = false;
  }
  if (all_ok && !keep) {
    std::filesystem::remove_all(dir);
  } else {
    log("run directory kept: " + dir.string());
  }
  log(all_ok ? "soak passed" : "soak FAILED");
  return all_ok ? 0 : 1;
}
