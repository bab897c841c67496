// stationd: the warehouse bench station daemon.

#include "app/application.hpp"
#include "config/station_config.hpp"
#include "core/device_checks.hpp"
#include "labels/label_checks.hpp"
#include "station/master_data_check.hpp"
#include "log/logger.hpp"
#include "stationd/version.hpp"

#include <CLI/CLI.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <exception>
#include <iostream>

namespace {

stationd::config::environment read_environment() {
  auto get = [](const char* name) -> std::string {
    const char* value = std::getenv(name);
    return value ? value : "";
  };
  return {get("STATE_DIRECTORY"), get("RUNTIME_DIRECTORY")};
}

// `stationd -t FILE`: every problem on stderr, one per line; exit 0 only when clean.
// The configuration, with what only the drivers can check (Modbus profiles) and
// the label templates.
stationd::config::station_config_result load_checked(const std::string& file, const stationd::config::environment& env) {
  auto result = stationd::config::load_station_config(file, env);
  if (result.config) {
    result.errors = stationd::drivers::check_devices(*result.config);
    const auto label_errors = stationd::labels::check_labels(*result.config);
    result.errors.insert(result.errors.end(), label_errors.begin(), label_errors.end());
    const auto master_errors = stationd::station::check_master_data(*result.config);
    result.errors.insert(result.errors.end(), master_errors.begin(), master_errors.end());
    const auto key_errors = stationd::station::check_central_keys(*result.config);
    result.errors.insert(result.errors.end(), key_errors.begin(), key_errors.end());
    if (!result.errors.empty()) result.config.reset();
  }
  return result;
}

int test_config(const std::string& file) {
  const auto result = load_checked(file, read_environment());
  if (result.config) {
    std::cout << fmt::format("{}: configuration OK (station {})\n", file, result.config->station_id);
    return 0;
  }
  for (const auto& e : result.errors) std::cerr << e.to_string() << '\n';
  std::cerr << fmt::format("{}: {} error{}\n", file, result.errors.size(), result.errors.size() == 1 ? "" : "s");
  return 1;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App cli{"stationd - warehouse bench station daemon"};
  std::string config_file = "/etc/stationd/station.toml";
  std::string test_file;
  bool show_version = false;
  cli.add_option("-c,--config", config_file, "Configuration file")->capture_default_str();
  cli.add_option("-t,--test-config", test_file, "Check FILE, list every error, and exit (0: valid)");
  cli.add_flag("--version", show_version, "Print the version and exit");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }
  if (show_version) {
    std::cout << "stationd " << stationd::version_string << '\n';
    return 0;
  }
  if (!test_file.empty()) return test_config(test_file);

  stationd::log::logger log{stderr, stationd::log::detect_format(std::getenv("JOURNAL_STREAM"))};
  const auto env = read_environment();
  auto loaded = load_checked(config_file, env);
  if (!loaded.config) {
    for (const auto& e : loaded.errors) log.error("config", "{}", e.to_string());
    log.critical("stationd", "not starting: {} has {} error{}", config_file, loaded.errors.size(),
                 loaded.errors.size() == 1 ? "" : "s");
    return 1;
  }

  boost::asio::io_context io;
  stationd::app::application app{io, std::move(*loaded.config), env, log};
  int exit_code = 0;
  boost::asio::co_spawn(io, app.run(), [&](std::exception_ptr failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      log.critical("stationd", "{}", e.what());
    }
    exit_code = 1;
    io.stop();
  });
  io.run();
  return exit_code;
}
