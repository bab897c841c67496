#include "soak_station.hpp"

#include "support/free_port.hpp"

#include <fmt/format.h>

#include <csignal>
#include <fstream>
#include <stdexcept>

namespace stationd::soak {
using namespace std::chrono_literals;

namespace {

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
}

// The first line a key generator printed: a Z85 public key.
std::string public_key_of(const test::run_result& r, const std::string& what) {
  if (r.status != 0 || r.out.size() < 40) throw std::runtime_error(what + " failed: " + r.err);
  return r.out.substr(0, 40);
}

} // namespace

soak_station::soak_station(options opts) : options_{std::move(opts)} {
  std::filesystem::create_directories(station_dir() / "logs");
  std::filesystem::create_directories(central_dir());
  const auto source = std::filesystem::path{options_.programs.source_dir} / "config";
  std::filesystem::copy(source / "labels", station_dir() / "labels",
                        std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
}

soak_station::~soak_station() {
  if (station_running()) stop_station();
  stop_central();
}

void soak_station::start_central(const std::filesystem::path& seed) {
  central_public_key_ = public_key_of(
      test::run({options_.programs.central_sim, "--keygen", "--keys", central_dir().string()}), "central-sim --keygen");
  const auto station_key = public_key_of(
      test::run({options_.programs.stationctl, "keygen", "--dir", (station_dir() / "state/curve").string()}),
      "stationctl keygen");
  write_text(central_dir() / "allow.txt", fmt::format("{} {}\n", station_id, station_key));
  central_endpoint_ = fmt::format("tcp://127.0.0.1:{}", test::free_tcp_port());
  seed_ = seed;
  {
    std::lock_guard lock{central_mutex_};
    launch_central();
  }
  write_text(station_dir() / "station.toml", config());
}

void soak_station::launch_central() {
  ++central_starts_;
  central_ = std::make_unique<test::child_process>(test::child_process::options{
      {options_.programs.central_sim, "--bind", central_endpoint_, "--db", central_db().string(), "--keys",
       central_dir().string(), "--allow", (central_dir() / "allow.txt").string(), "--seed", seed_.string()},
      {},
      (central_dir() / "logs" / fmt::format("start-{}", central_starts_)).string()});
  if (!test::eventually([&] { return central_->stdout_text().find("ready ") != std::string::npos || !central_->running(); },
                        20s) ||
      !central_->running()) {
    throw std::runtime_error("central-sim did not start: " + central_->stderr_text());
  }
}

void soak_station::kill_central() {
  std::lock_guard lock{central_mutex_};
  if (!central_ || !central_->running()) return;
  central_->signal(SIGKILL);
  central_->wait(10s);
}

void soak_station::start_central_again() {
  std::lock_guard lock{central_mutex_};
  if (central_ && central_->running()) return;
  launch_central();
}

void soak_station::stop_central() {
  std::lock_guard lock{central_mutex_};
  if (central_ && central_->running()) {
    central_->signal(SIGTERM);
    if (!central_->wait(20s)) central_->signal(SIGKILL);
  }
}

int soak_station::central_starts() const {
  std::lock_guard lock{central_mutex_};
  return central_starts_;
}

std::string soak_station::config() const {
  const auto dir = station_dir().string();
  return fmt::format(
      R"([station]
id = "{station}"
name = "Soak bench"

[paths]
state_directory = "{dir}/state"
runtime_directory = "{dir}/run"

[sscc]
company_prefix = "7350053"
extension_digit = 0

[labels]
directory = "{dir}/labels"
ship_from = "Lager Nord, Dock 2"

[workflow]
idle_timeout = "24h"

[[workflow.disposition]]
grade = "A"
disposition = "RESTOCK"
location = "R01"

[scan]
command_prefix = "CMD-"
badge_pattern = "OP-[0-9]{{4}}"
location_pattern = "[A-Z][0-9]{{2}}-[0-9]{{2}}-[0-9]{{2}}"
tote_pattern = "T[0-9]{{6}}"
order_pattern = "SO-[0-9]{{6,10}}"
rma_pattern = "RMA-[0-9]{{6,10}}"
sku_pattern = "SKU-[0-9A-Z]{{4,12}}"

[[scan.carrier]]
name = "ups"
pattern = "1Z[0-9A-Z]{{16}}"

[central]
endpoint = "{endpoint}"
server_public_key = "{central_key}"

[http]
listen = "127.0.0.1:{http_port}"
ui_directory = "{source}/station-ui"

[[http.token]]
name = "bench-ui"
token = "{operator_token}"
scopes = ["operator"]
rate_per_minute = 1000000
burst = 100000

[[http.token]]
name = "3pl"
token = "{tpl_token}"
scopes = ["3pl:read"]
rate_per_minute = 1000000
burst = 100000

[[device]]
name = "scale"
class = "scale"
driver = "mt-sics"
port = "{scale}"
poll_interval = "100ms"
settle_window = "300ms"
reconnect_initial = "100ms"
reconnect_max = "400ms"

[[device]]
name = "printer"
class = "printer"
driver = "zpl-tcp"
host = "127.0.0.1"
tcp_port = {printer_port}
status_interval = "100ms"
reconnect_initial = "100ms"
reconnect_max = "400ms"
)",
      fmt::arg("station", station_id), fmt::arg("dir", dir), fmt::arg("endpoint", central_endpoint_),
      fmt::arg("central_key", central_public_key_), fmt::arg("http_port", options_.http_port),
      fmt::arg("operator_token", options_.operator_token), fmt::arg("tpl_token", options_.tpl_token),
      fmt::arg("scale", options_.scale_link), fmt::arg("source", options_.programs.source_dir), fmt::arg("printer_port", options_.printer_port));
}

void soak_station::start_station() {
  std::lock_guard lock{station_mutex_};
  ++starts_;
  station_ = std::make_unique<test::child_process>(test::child_process::options{
      {options_.programs.stationd, "-c", (station_dir() / "station.toml").string()},
      {},
      (station_dir() / "logs" / fmt::format("start-{}", starts_)).string()});
}

void soak_station::kill_station() {
  std::lock_guard lock{station_mutex_};
  if (!station_ || !station_->running()) return;
  station_->signal(SIGKILL);
  station_->wait(10s);
}

std::optional<int> soak_station::stop_station() {
  std::lock_guard lock{station_mutex_};
  if (!station_ || !station_->running()) return std::nullopt;
  station_->signal(SIGTERM);
  auto status = station_->wait(30s);
  if (!status) {
    station_->signal(SIGKILL);
    station_->wait(10s);
  }
  return status;
}

bool soak_station::station_running() {
  std::lock_guard lock{station_mutex_};
  return station_ && station_->running();
}

int soak_station::station_starts() const {
  std::lock_guard lock{station_mutex_};
  return starts_;
}

} // namespace stationd::soak
