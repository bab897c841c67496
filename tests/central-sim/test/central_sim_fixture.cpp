#include "central_sim_fixture.hpp"

#include "support/line_output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <signal.h>

#include <stdexcept>

namespace stationd::central::test {

using stationd::test::complete_lines;
using stationd::test::eventually;

running_central::running_central(std::vector<std::string> extra_args)
    : bench_01_{make_key_pair()}, bench_02_{make_key_pair()} {
  const auto keygen = stationd::test::run({CENTRAL_SIM_BINARY, "--keygen", "--keys", (dir_ / "keys").string()});
  if (keygen.status != 0) throw std::runtime_error("central-sim --keygen failed: " + keygen.err);
  central_public_ = keygen.out.substr(0, keygen.out.find('\n'));
  dir_.write("allow.txt", "# test stations\nbench-01 " + bench_01_.public_key + "\nbench-02 " + bench_02_.public_key + "\n");

  const auto fifo = dir_ / "stdin";
  if (::mkfifo(fifo.c_str(), 0600) != 0) throw std::runtime_error("mkfifo failed");
  // Read-write, so opening does not wait for the reader and the reader never sees end of input.
  stdin_fd_ = ::open(fifo.c_str(), O_RDWR | O_CLOEXEC);

  std::vector<std::string> argv{CENTRAL_SIM_BINARY, "--bind", "tcp://127.0.0.1:0", "--db", (dir_ / "central.db").string(),
                                "--keys", (dir_ / "keys").string(), "--allow", (dir_ / "allow.txt").string()};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  process_ = std::make_unique<stationd::test::child_process>(
      stationd::test::child_process::options{argv, {}, (dir_ / "output").string(), fifo.string()});
  const bool up = eventually([&] { return !complete_lines(process_->stdout_text(), "ready ").empty() || !process_->running(); });
  const auto ready = complete_lines(process_->stdout_text(), "ready ");
  if (!up || ready.empty()) throw std::runtime_error("central-sim did not start: " + process_->stderr_text());
  endpoint_ = ready.front();
}

running_central::~running_central() {
  if (process_ && process_->running()) {
    process_->signal(SIGTERM);
    process_->wait(std::chrono::seconds{5});
  }
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
}

const key_pair& running_central::keys_of(const std::string& station) const {
  return station == "bench-02" ? bench_02_ : bench_01_;
}

std::unique_ptr<station_client> running_central::connect(const std::string& station) const {
  return std::make_unique<station_client>(endpoint_, station, central_public_, keys_of(station));
}

std::string running_central::command(const std::string& line) {
  const auto before = complete_lines(process_->stdout_text(), "").size();
  const auto text = line + "\n";
  if (::write(stdin_fd_, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    throw std::runtime_error("cannot write to central-sim's stdin");
  }
  std::vector<std::string> lines;
  eventually([&] {
    lines = complete_lines(process_->stdout_text(), "");
    return lines.size() > before;
  });
  if (lines.size() <= before) throw std::runtime_error("central-sim did not answer \"" + line + "\"");
  return lines[before];
}

std::int64_t running_central::count(const std::string& sql) const {
  sqlite::database db{dir_ / "central.db", sqlite::database::mode::read_only};
  return db.query_int(sql);
}

} // namespace stationd::central::test
