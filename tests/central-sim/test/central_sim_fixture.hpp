#pragma once

#include "curve_keys.hpp"
#include "journal/sqlite.hpp"
#include "station_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <memory>
#include <string>
#include <vector>

namespace stationd::central::test {

// A running central-sim with its own keys, an allow-list of two stations
// (bench-01, bench-02) and a FIFO on its stdin for commands.
class running_central {
public:
  explicit running_central(std::vector<std::string> extra_args = {});
  ~running_central();
  running_central(const running_central&) = delete;
  running_central& operator=(const running_central&) = delete;

  const std::string& endpoint() const noexcept { return endpoint_; }
  const std::string& public_key() const noexcept { return central_public_; }
  const key_pair& keys_of(const std::string& station) const;
  // A DEALER with the station's own key pair and routing id.
  std::unique_ptr<station_client> connect(const std::string& station) const;
  // Sends one stdin command and returns its one-line answer.
  std::string command(const std::string& line);
  std::int64_t count(const std::string& sql) const; // on the store, while it runs
  stationd::test::child_process& process() { return *process_; }
  const stationd::test::temp_dir& dir() const noexcept { return dir_; }

private:
  stationd::test::temp_dir dir_;
  key_pair bench_01_, bench_02_;
  std::string central_public_;
  int stdin_fd_ = -1;
  std::unique_ptr<stationd::test::child_process> process_;
  std::string endpoint_;
};

} // namespace stationd::central::test
