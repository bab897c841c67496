// devsim and devreplay: the shared command grammar driven in-process, and the command-line
// tools run as the demo runs them.

#include "clients.hpp"

#include "devsim/device_commands.hpp"
#include "devsim/script_runner.hpp"
#include "sim/command_line.hpp"
#include "support/line_output.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <thread>

using namespace stationd;
using namespace stationd::hwtest;
namespace fs = std::filesystem;

namespace {

// Runs the command runner on its own thread, fed through a pipe.
class runner_thread {
public:
  runner_thread(devsim::device_commands& device, std::vector<sim::script_step> script) {
    REQUIRE(::pipe(pipe_) == 0);
    options_.script = std::move(script);
    options_.input_fd = pipe_[0];
    options_.exit_on_eof = true;
    options_.out = [this](const std::string& line) { record(out_, line); };
    options_.err = [this](const std::string& line) { record(err_, line); };
    thread_ = std::thread([this, &device] { status_ = devsim::run_commands(device, options_); });
  }
  ~runner_thread() {
    join();
    ::close(pipe_[0]);
  }
  void send(const std::string& line) { REQUIRE(::write(pipe_[1], line.data(), line.size()) == static_cast<ssize_t>(line.size())); }
  // Returns once every line sent so far has run: `status` answers after them.
  void sync() {
    const auto before = lines();
    send("status\n");
    REQUIRE(test::eventually([&] { return lines() > before; }, 2s));
  }
  void close_input() {
    if (pipe_[1] >= 0) ::close(pipe_[1]);
    pipe_[1] = -1;
  }
  void join() {
    close_input();
    if (thread_.joinable()) thread_.join();
  }
  std::string out() {
    std::lock_guard lock{mutex_};
    return out_;
  }
  std::string err() {
    std::lock_guard lock{mutex_};
    return err_;
  }

private:
  std::size_t lines() {
    std::lock_guard lock{mutex_};
    return static_cast<std::size_t>(std::count(out_.begin(), out_.end(), '\n'));
  }
  void record(std::string& into, const std::string& line) {
    std::lock_guard lock{mutex_};
    into += line + "\n";
  }
  int pipe_[2]{-1, -1};
  devsim::runner_options options_;
  std::thread thread_;
  int status_ = -1;
  std::mutex mutex_;
  std::string out_;
  std::string err_;
};

std::string ready_target(test::child_process& child) {
  std::string target;
  test::eventually(
      [&] {
        const auto lines = test::complete_lines(child.stdout_text(), "ready ");
        if (lines.empty()) return false;
        target = lines.front();
        return true;
      },
      5s);
  return target;
}

} // namespace

TEST_CASE("devsim grammar: a script drives an MT-SICS scale over time") {
  test::temp_dir dir;
  devsim::device_settings settings;
  settings.kind = "mt-sics";
  settings.link = dir / "scale0";
  settings.stability_timeout = 300ms;
  auto device = devsim::make_device(settings);
  device->start();
  CHECK(device->where() == (dir / "scale0").string());
  pty_client host{dir / "scale0"};

  const auto script = sim::parse_script("0 weight 0.000 kg stable\n"
                                        "200 weight 1.250 kg motion\n"
                                        "400 weight 1.250 kg stable\n"
                                        "500 bogus-command\n");
  runner_thread runner{*device, script};
  host.write("SI\r\n");
  CHECK(host.read_until("\r\n") == "S S      0.000 kg\r\n");
  std::this_thread::sleep_for(250ms);
  host.write("SI\r\n");
  CHECK(host.read_until("\r\n") == "S D      1.250 kg\r\n");
  host.write("S\r\n"); // answered once the script settles the weight at 400 ms
  CHECK(host.read_until("\r\n") == "S S      1.250 kg\r\n");

  runner.send("overload\n");
  runner.sync();
  CHECK(runner.out().find("overload=yes") != std::string::npos);
  host.write("SI\r\n");
  CHECK(host.read_until("\r\n") == "S +\r\n");
  runner.send("normal\nerror ET 1\nhw-error off\n");
  runner.sync();
  host.write("SI\r\n");
  CHECK(host.read_until("\r\n", 2s) == "ET\r\n");
  runner.send("garbage 53 20 58 0d\n");
  CHECK(host.read_exactly(4) == "S X\r");
  runner.send("weight heavy\n");
  runner.join();
  CHECK(runner.err().find("script line 4: bogus-command: unknown command 'bogus-command'") != std::string::npos);
  CHECK(runner.err().find("input line 8: weight") != std::string::npos);
  device->stop();
}

TEST_CASE("devsim grammar: scanner send with <GS>, unplug and replug") {
  test::temp_dir dir;
  devsim::device_settings settings;
  settings.kind = "scanner";
  settings.link = dir / "scanner0";
  settings.suffix = sim::terminator::crlf;
  auto device = devsim::make_device(settings);
  device->start();
  auto host = std::make_unique<pty_client>(dir / "scanner0");
  runner_thread runner{*device, {}};
  runner.send("send ]C1011950110153000031030123451726123110LOT-A1<GS>21SN0001\n");
  CHECK(host->read_until("\r\n") == "]C1011950110153000031030123451726123110LOT-A1\x1d" "21SN0001\r\n");
  runner.send("terminator cr\naim off\nsend ]E04006381333931\n");
  CHECK(host->read_until("\r") == "4006381333931\r");
  runner.send("unplug\n");
  CHECK(host->closed_within(1s));
  runner.send("replug\nwait 100\nsend ]E496385074\n");
  REQUIRE(test::eventually([&] { return fs::exists(dir / "scanner0"); }, 2s));
  host = std::make_unique<pty_client>(dir / "scanner0");
  CHECK(host->read_until("\r", 2s) == "96385074\r");
  runner.join();
  CHECK(runner.err().empty());
}

TEST_CASE("devsim grammar: Modbus exception injection and TCP stop/start") {
  devsim::device_settings settings;
  settings.kind = "modbus-scale";
  settings.map = "dini-dgt4x";
  auto device = devsim::make_device(settings);
  device->start();
  const auto where = device->where();
  const auto port = static_cast<std::uint16_t>(std::stoi(where.substr(where.find(':') + 1)));
  auto client = modbus_tcp_client(port);
  std::array<std::uint16_t, 5> r{};
  {
    runner_thread runner{*device, {}};
    runner.send("weight 1.250 kg\nexception 3 2\n");
    runner.join();
    CHECK(runner.err().empty());
  }
  CHECK(modbus_read_input_registers(client.get(), 0, 5, r.data()) == -1);
  CHECK(errno == modbus_exception_errno(3));
  CHECK(modbus_read_input_registers(client.get(), 0, 5, r.data()) == -1);
  CHECK(modbus_read_input_registers(client.get(), 0, 5, r.data()) == 5);
  CHECK(r[1] == 1250);
  {
    runner_thread runner{*device, {}};
    runner.send("stop\nstart\nstatus\n");
    runner.join();
    CHECK(runner.out().find("listening=yes") != std::string::npos);
  }
  CHECK(device->where() == where);
  auto again = modbus_tcp_client(port);
  CHECK(modbus_read_input_registers(again.get(), 0, 5, r.data()) == 5);
  device->stop();
}

TEST_CASE("devsim command line: --help, ready line, script, SIGTERM") {
  const auto help = test::run({DEVSIM_BINARY, "--help"}, 10s);
  CHECK(help.status == 0);
  for (const auto* topic : {"mt-sics", "toledo-8213", "modbus-scale", "modbus-light", "tcp-scanner", "exception <code>",
                            "weight <value>", "--script", "--transport"}) {
    CHECK_MESSAGE(help.out.find(topic) != std::string::npos, topic);
  }

  test::temp_dir dir;
  const auto script = dir.write("scale.script", "0 weight 0.500 kg stable\n300 weight 0.750 kg\n");
  test::child_process devsim{{.argv = {DEVSIM_BINARY, "toledo-8213", "--link", (dir / "scale0").string(), "--script",
                                       script.string()},
                              .env = {},
                              .output_dir = dir.path().string()}};
  const auto link = ready_target(devsim);
  REQUIRE(link == (dir / "scale0").string());
  pty_client host{link};
  host.write("W");
  CHECK(host.read_until("\r") == "\x02" "000.50\r");
  std::this_thread::sleep_for(400ms);
  host.write("W");
  CHECK(host.read_until("\r") == "\x02" "000.75\r");
  devsim.signal(SIGTERM);
  CHECK(devsim.wait(5s) == 0);
  CHECK_FALSE(fs::exists(fs::symlink_status(dir / "scale0")));

  const auto bad = dir.write("bad.script", "10 weight 1\n5 unplug\n");
  const auto refused = test::run({DEVSIM_BINARY, "scanner", "--script", bad.string()}, 10s);
  CHECK(refused.status == 2);
  CHECK(refused.err.find("line 2: time goes backwards") != std::string::npos);
}

TEST_CASE("devsim command line: a TCP scanner announces host:port") {
  test::temp_dir dir;
  test::child_process devsim{
      {.argv = {DEVSIM_BINARY, "tcp-scanner", "--terminator", "crlf"}, .env = {}, .output_dir = dir.path().string()}};
  const auto target = ready_target(devsim);
  REQUIRE(target.starts_with("127.0.0.1:"));
  tcp_client client{static_cast<std::uint16_t>(std::stoi(target.substr(10)))};
  devsim.signal(SIGINT);
  CHECK(devsim.wait(5s) == 0);
  CHECK(client.closed_within(2s));
}

TEST_CASE("devreplay serves a capture and exits when it is done") {
  test::temp_dir dir;
  const auto capture = dir.write("session.capture", "# device: test\n0 > \"W\"\n10 < \"\\x02001.25\\r\"\n");
  test::child_process replay{{.argv = {DEVREPLAY_BINARY, "--link", (dir / "dev0").string(), "--speed", "4",
                                       "--linger", "300", capture.string()},
                              .env = {},
                              .output_dir = dir.path().string()}};
  const auto link = ready_target(replay);
  REQUIRE(link == (dir / "dev0").string());
  pty_client host{link};
  host.write("W");
  CHECK(host.read_until("\r") == "\x02" "001.25\r");
  CHECK(replay.wait(5s) == 0);
  CHECK(replay.stdout_text().find("done 2 records") != std::string::npos);

  const auto wrong = dir.write("wrong.capture", "0 > \"W\"\n10 < \"x\"\n");
  test::child_process mismatch{{.argv = {DEVREPLAY_BINARY, "--link", (dir / "dev1").string(), wrong.string()},
                                .env = {},
                                .output_dir = (dir / "m").string()}};
  fs::create_directories(dir / "m");
  REQUIRE(ready_target(mismatch) == (dir / "dev1").string());
  pty_client other{dir / "dev1"};
  other.write("Z");
  CHECK(mismatch.wait(5s) == 1);
  CHECK(mismatch.stderr_text().find("expected \"W\", host sent \"Z\"") != std::string::npos);
}
