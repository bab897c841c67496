#pragma once

#include "stationctl/control_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <boost/json/object.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace stationd::test {

// A stationd started from a configuration written into a temporary directory,
// with its state and runtime directories there too.
class running_daemon {
public:
  // `extra_toml` is appended to a minimal valid configuration.
  explicit running_daemon(const std::string& extra_toml = "", std::map<std::string, std::string> env = {});
  // `before_start` runs once the directory exists and before the first start
  // (to put the station's keys in <dir>/state/curve, say).
  running_daemon(const std::string& extra_toml, std::map<std::string, std::string> env,
                 const std::function<void(const temp_dir&)>& before_start);
  // As above, with stationd started through `launcher` (its command line goes after
  // it: `nsenter --target PID --mount --`, to run it in another mount namespace).
  running_daemon(const std::string& extra_toml, std::map<std::string, std::string> env,
                 const std::function<void(const temp_dir&)>& before_start, std::vector<std::string> launcher);
  ~running_daemon();

  const temp_dir& dir() const noexcept { return dir_; }
  child_process& process() noexcept { return *process_; }
  std::string socket_path() const { return (dir_ / "run/control.sock").string(); }
  std::filesystem::path config_path() const { return dir_ / "station.toml"; }
  std::filesystem::path journal_path() const { return dir_ / "state/journal.db"; }

  // Starts (again) and waits until the control socket answers.
  void start();
  // Rewrites the configuration file (for reload tests).
  void write_config(const std::string& full_toml) const;
  std::string base_config() const;

  boost::json::object call(const std::string& command, const boost::json::object& arguments = {});

private:
  temp_dir dir_;
  std::string extra_;
  std::map<std::string, std::string> env_;
  std::vector<std::string> launcher_;
  std::unique_ptr<child_process> process_;
};

std::string stationd_binary();
std::string stationctl_binary();
std::string source_dir();

} // namespace stationd::test
