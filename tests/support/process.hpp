#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stationd::test {

// A child process with its stdout and stderr captured into files, so that a test
// can read what it printed while it still runs.
class child_process {
public:
  struct options {
    std::vector<std::string> argv;
    std::map<std::string, std::string> env; // added to (or replacing in) the inherited environment
    std::string output_dir;                 // stdout.log / stderr.log go here
    std::string stdin_path = {};            // e.g. a FIFO the test writes commands to; empty: /dev/null
  };

  explicit child_process(options opts);
  ~child_process(); // kills the process if still running
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  pid_t pid() const noexcept { return pid_; }
  void signal(int sig) const;
  // Waits for exit; returns the exit status (128+N when killed by signal N), or
  // nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool running();
  std::string stdout_text() const;
  std::string stderr_text() const;

private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::string out_path_;
  std::string err_path_;
};

// Runs to completion (up to `timeout`), returning exit status and output.
struct run_result {
  int status = -1;
  std::string out;
  std::string err;
};
run_result run(std::vector<std::string> argv, std::chrono::milliseconds timeout = std::chrono::seconds{60},
               std::map<std::string, std::string> env = {});

// Polls `ready` every 10 ms until it holds or `timeout` passes.
template <typename Predicate>
bool eventually(Predicate ready, std::chrono::milliseconds timeout = std::chrono::seconds{10}) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (ready()) return true;
    struct timespec ts{0, 10'000'000};
    ::nanosleep(&ts, nullptr);
  }
  return ready();
}

} // namespace stationd::test
