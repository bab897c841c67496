#pragma once
// The processes of a soak run: central-sim (CURVE + ZAP, seeded with the
// workload's master data) and stationd, which the crash driver kills with
// SIGKILL and starts again on the same state directory. Each start of stationd
// logs into a directory of its own (station/logs/start-N), so what a killed
// process said is kept.

#include "support/process.hpp"

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

namespace stationd::soak {

struct binaries {
  std::string stationd;
  std::string stationctl;
  std::string central_sim;
  std::string source_dir; // config/labels is copied from here
};

class soak_station {
public:
  struct options {
    std::filesystem::path dir; // everything of the run lives here
    binaries programs;
    std::string scale_link;    // the MT-SICS simulator's pty
    std::uint16_t printer_port = 0;
    std::uint16_t http_port = 0;
    std::string operator_token;
    std::string tpl_token;
  };

  explicit soak_station(options opts);
  ~soak_station();
  soak_station(const soak_station&) = delete;
  soak_station& operator=(const soak_station&) = delete;

  // Keys for both sides, the allow-list, central-sim started with `seed`.
  void start_central(const std::filesystem::path& seed);
  // SIGKILL; start_central_again() brings it back on the same store and port.
  void kill_central();
  void start_central_again();
  void stop_central();
  int central_starts() const;
  void start_station();
  // SIGKILL; returns once the process is gone.
  void kill_station();
  // SIGTERM; the exit status (nullopt: it did not stop within 30 s and was killed).
  std::optional<int> stop_station();
  bool station_running();
  int station_starts() const;

  std::uint16_t http_port() const noexcept { return options_.http_port; }
  std::string socket_path() const { return (station_dir() / "run/control.sock").string(); }
  std::filesystem::path station_dir() const { return options_.dir / "station"; }
  std::filesystem::path central_dir() const { return options_.dir / "central"; }
  std::filesystem::path journal_path() const { return station_dir() / "state/journal.db"; }
  std::filesystem::path central_db() const { return central_dir() / "central.db"; }
  static constexpr const char* station_id = "soak-bench";

private:
  std::string config() const;
  void launch_central(); // under central_mutex_

  options options_;
  std::string central_endpoint_;
  std::string central_public_key_;
  std::filesystem::path seed_;
  mutable std::mutex central_mutex_;
  std::unique_ptr<test::child_process> central_;
  int central_starts_ = 0;
  mutable std::mutex station_mutex_;
  std::unique_ptr<test::child_process> station_;
  int starts_ = 0;
};

} // namespace stationd::soak
