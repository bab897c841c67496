#include "devsim/script_runner.hpp"

#include <fmt/format.h>

#include <poll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <utility>

namespace stationd::devsim {
namespace {

using clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

enum class verdict { go_on, quit };

class runner {
public:
  runner(device_commands& device, const runner_options& options) : device_{device}, options_{options} {}

  int run() {
    const auto start = clock::now();
    std::size_t next = 0;
    while (true) {
      const auto now = clock::now();
      while (next < options_.script.size() && start + options_.script[next].at <= now) {
        const auto& step = options_.script[next++];
        if (handle(step.what, fmt::format("script line {}", step.line), true) == verdict::quit) return 0;
      }
      const bool script_done = next >= options_.script.size();

      // Input lines run once the script is done, one by one, honouring `wait`.
      if (script_done) {
        while (!lines_.empty() && clock::now() >= wait_until_) {
          const auto line = std::move(lines_.front());
          lines_.pop_front();
          ++input_line_;
          const auto parsed = sim::parse_command(line);
          if (!parsed) continue;
          if (handle(*parsed, fmt::format("input line {}", input_line_), false) == verdict::quit) return 0;
        }
        if (!input_open_ && lines_.empty() && options_.exit_on_eof) return 0;
      }

      // Sleep until the next script step, the end of a wait, input or a signal; never
      // longer than a second.
      auto timeout = milliseconds{1000};
      if (!script_done) {
        timeout = std::min(timeout, std::chrono::duration_cast<milliseconds>(start + options_.script[next].at - clock::now()));
      } else if (!lines_.empty()) {
        timeout = std::min(timeout, std::chrono::duration_cast<milliseconds>(wait_until_ - clock::now()));
      }
      timeout = std::max(timeout, milliseconds{0});

      pollfd fds[2]{};
      nfds_t count = 0;
      const bool want_input = script_done && input_open_ && lines_.empty();
      if (options_.signal_fd >= 0) fds[count++] = {options_.signal_fd, POLLIN, 0};
      const auto input_slot = count;
      if (want_input) fds[count++] = {options_.input_fd, POLLIN, 0};
      const int ready = ::poll(fds, count, static_cast<int>(timeout.count()));
      if (ready < 0) {
        if (errno == EINTR) continue;
        options_.err(fmt::format("poll: {}", errno));
        return 1;
      }
      if (options_.signal_fd >= 0 && (fds[0].revents & POLLIN)) return 0;
      if (want_input && (fds[input_slot].revents & (POLLIN | POLLHUP | POLLERR))) read_input();
    }
  }

private:
  void read_input() {
    char buffer[4096];
    const auto size = ::read(options_.input_fd, buffer, sizeof buffer);
    if (size < 0 && errno == EINTR) return;
    if (size <= 0) {
      input_open_ = false;
      if (!partial_.empty()) lines_.push_back(std::exchange(partial_, {}));
      return;
    }
    partial_.append(buffer, static_cast<std::size_t>(size));
    std::size_t newline;
    while ((newline = partial_.find('\n')) != std::string::npos) {
      lines_.push_back(partial_.substr(0, newline));
      partial_.erase(0, newline + 1);
    }
  }

  verdict handle(const sim::command& cmd, const std::string& where, bool from_script) {
    try {
      if (cmd.name == "quit" || cmd.name == "exit") return verdict::quit;
      if (cmd.name == "help") {
        options_.out(command_help());
      } else if (cmd.name == "status") {
        options_.out(device_.status());
      } else if (cmd.name == "wait" || cmd.name == "sleep") {
        if (cmd.args.size() != 1) throw command_error("usage: wait <ms>");
        const auto ms = std::stoll(cmd.args[0]);
        // A script has its time column; there `wait` changes nothing.
        if (!from_script) wait_until_ = clock::now() + milliseconds{ms};
      } else {
        const auto output = device_.execute(cmd);
        if (!output.empty()) options_.out(output);
      }
    } catch (const std::exception& error) {
      options_.err(fmt::format("error: {}: {}: {}", where, cmd.name, error.what()));
    }
    return verdict::go_on;
  }

  device_commands& device_;
  const runner_options& options_;
  bool input_open_ = options_.input_fd >= 0;
  std::string partial_;
  std::deque<std::string> lines_;
  int input_line_ = 0;
  clock::time_point wait_until_{};
};

} // namespace

int run_commands(device_commands& device, const runner_options& options) { return runner{device, options}.run(); }

} // namespace stationd::devsim
