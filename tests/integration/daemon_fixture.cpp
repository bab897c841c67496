#include "daemon_fixture.hpp"

#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace stationd::test {

std::string stationd_binary() { return STATIOND_BINARY; }
std::string stationctl_binary() { return STATIONCTL_BINARY; }
std::string source_dir() { return STATIOND_SOURCE_DIR; }

running_daemon::running_daemon(const std::string& extra_toml, std::map<std::string, std::string> env)
    : running_daemon(extra_toml, std::move(env), [](const temp_dir&) {}) {}

running_daemon::running_daemon(const std::string& extra_toml, std::map<std::string, std::string> env,
                               const std::function<void(const temp_dir&)>& before_start)
    : running_daemon(extra_toml, std::move(env), before_start, {}) {}

running_daemon::running_daemon(const std::string& extra_toml, std::map<std::string, std::string> env,
                               const std::function<void(const temp_dir&)>& before_start,
                               std::vector<std::string> launcher)
    : extra_{extra_toml}, env_{std::move(env)}, launcher_{std::move(launcher)} {
  // Like an installed /etc/stationd: Modbus profiles and label templates next to the configuration.
  std::filesystem::copy(source_dir() + "/config/scales", dir_ / "scales", std::filesystem::copy_options::recursive);
  std::filesystem::copy(source_dir() + "/config/labels", dir_ / "labels", std::filesystem::copy_options::recursive);
  write_config(base_config() + extra_);
  before_start(dir_);
  start();
}

running_daemon::~running_daemon() {
  if (process_ && process_->running()) {
    process_->signal(SIGTERM);
    process_->wait(std::chrono::seconds{10});
  }
  // STATIOND_TEST_LOGS=1: show what the daemon logged, to debug a failing test.
  if (const char* show = std::getenv("STATIOND_TEST_LOGS"); show && *show == '1' && process_) {
    std::fprintf(stderr, "---- stationd log ----\n%s---- end ----\n", process_->stderr_text().c_str());
  }
}

std::string running_daemon::base_config() const {
  return fmt::format(
      "[station]\nid = \"test-bench\"\nname = \"Test bench\"\n"
      "[paths]\nstate_directory = \"{}\"\nruntime_directory = \"{}\"\n",
      (dir_ / "state").string(), (dir_ / "run").string());
}

void running_daemon::write_config(const std::string& full_toml) const { dir_.write("station.toml", full_toml); }

void running_daemon::start() {
  auto argv = launcher_;
  argv.insert(argv.end(), {stationd_binary(), "-c", config_path().string()});
  process_ = std::make_unique<child_process>(child_process::options{std::move(argv), env_, (dir_ / "output").string()});
  const bool up = eventually(
      [&] {
        if (!process_->running()) return true;
        try {
          ctl::control_client probe{socket_path(), std::chrono::seconds{2}};
          return probe.call("version").at("result").as_int64() == 0;
        } catch (const ctl::unreachable&) {
          return false;
        }
      },
      std::chrono::seconds{20});
  if (!up || !process_->running()) {
    throw std::runtime_error(fmt::format("stationd did not start: {}", process_->stderr_text()));
  }
}

boost::json::object running_daemon::call(const std::string& command, const boost::json::object& arguments) {
  ctl::control_client client{socket_path(), std::chrono::seconds{10}};
  return client.call(command, arguments);
}

} // namespace stationd::test
