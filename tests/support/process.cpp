#include "support/process.hpp"

#include "support/temp_dir.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace stationd::test {

child_process::child_process(options opts) {
  if (opts.output_dir.empty()) throw std::invalid_argument("child_process needs an output_dir");
  static_cast<void>(std::filesystem::create_directories(opts.output_dir));
  out_path_ = opts.output_dir + "/stdout.log";
  err_path_ = opts.output_dir + "/stderr.log";

  std::map<std::string, std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry{*e};
    const auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [k, v] : opts.env) env[k] = v;
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<char*> argv;
  for (auto& a : opts.argv) argv.push_back(a.data());
  argv.push_back(nullptr);

  const int out = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    const int input = ::open(opts.stdin_path.empty() ? "/dev/null" : opts.stdin_path.c_str(), O_RDONLY);
    ::dup2(input, STDIN_FILENO);
    // Nothing else of the test process leaks into the child: a simulator's pty
    // master opened by another thread just before the fork would otherwise keep
    // the pty alive in the daemon and hide an unplug.
    ::close_range(3, ~0U, 0);
    ::execve(argv[0], argv.data(), envp.data());
    ::dprintf(STDERR_FILENO, "execve %s: %s\n", argv[0], std::strerror(errno));
    ::_exit(127);
  }
  ::close(out);
  ::close(err);
}

child_process::~child_process() {
  if (running()) {
    ::kill(pid_, SIGKILL);
    wait(std::chrono::seconds{10});
  }
}

void child_process::signal(int sig) const { ::kill(pid_, sig); }

bool child_process::running() {
  if (status_) return false;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
  }
  return true;
}

std::optional<int> child_process::wait(std::chrono::milliseconds timeout) {
  if (eventually([this] { return !running(); }, timeout)) return status_;
  return std::nullopt;
}

std::string child_process::stdout_text() const { return read_file(out_path_); }
std::string child_process::stderr_text() const { return read_file(err_path_); }

run_result run(std::vector<std::string> argv, std::chrono::milliseconds timeout, std::map<std::string, std::string> env) {
  temp_dir output;
  child_process p{{std::move(argv), std::move(env), output.path().string()}};
  const auto status = p.wait(timeout);
  if (!status) throw std::runtime_error("process did not finish in time");
  return {*status, p.stdout_text(), p.stderr_text()};
}

} // namespace stationd::test
