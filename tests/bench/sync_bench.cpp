// Draining a backlog to central: a station journal filled with N events while
// central was away, then stationd and central-sim started; the time until
// central has acknowledged them all gives events/s. Next to it, the raw
// DEALER -> ROUTER throughput with CURVE for the same payload size, measured in
// the same run by zmq_raw_bench, and the ratio.

#include "journal/journal.hpp"
#include "stationctl/control_client.hpp"
#include "support/free_port.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
#include <unistd.h>

using namespace stationd;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

// A typical station event: a packed unit.
const std::string payload =
    R"({"order":"SO-000123","package":1,"line":2,"gtin":"07350053850019","lot":"L100","serial":"","expiry":"2030-06-30","substitute_for":"","operator":"OP-0001"})";

void fill_journal(const std::filesystem::path& path, int events) {
  boost::asio::io_context io;
  log::logger log{stderr, log::format::plain, log::level::warning};
  journal::options options;
  options.path = path;
  journal::journal j{io.get_executor(), options, log};
  int issued = 0;
  std::function<void()> issue = [&] {
    if (issued >= events) return;
    ++issued;
    journal::write_unit unit;
    unit.events.push_back({"pack.unit", "station", payload});
    j.async_append(std::move(unit), [&](boost::system::error_code ec, journal::append_result) {
      if (ec) throw std::runtime_error("append failed: " + ec.message());
      issue();
    });
  };
  for (int i = 0; i < 512; ++i) issue();
  io.run();
  j.async_close([] {});
  io.restart();
  io.run();
}

std::string must_run(std::vector<std::string> argv) {
  const auto r = test::run(argv, 600s);
  if (r.status != 0) throw std::runtime_error(fmt::format("{} failed: {}", argv.front(), r.err));
  return r.out;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: sync_bench STATIOND STATIONCTL CENTRAL_SIM ZMQ_RAW_BENCH [EVENTS]\n");
    return 2;
  }
  const std::string stationd = argv[1], stationctl = argv[2], central_sim = argv[3], raw_bench = argv[4];
  const int events = argc > 5 ? std::atoi(argv[5]) : 1000000;
  test::temp_dir dir;
  std::filesystem::create_directories(dir / "state");
  std::filesystem::create_directories(dir / "central");

  const auto central_key = must_run({central_sim, "--keygen", "--keys", (dir / "central").string()}).substr(0, 40);
  const auto station_key = must_run({stationctl, "keygen", "--dir", (dir / "state/curve").string()}).substr(0, 40);
  dir.write("central/allow.txt", "bench " + station_key + "\n");

  auto start = clock_type::now();
  fill_journal(dir / "state/journal.db", events);
  const double fill_s = std::chrono::duration<double>(clock_type::now() - start).count();
  std::printf("journal filled with %d events in %.1f s (%.0f events/s)\n", events, fill_s, events / fill_s);

  const auto port = test::free_tcp_port();
  const auto endpoint = fmt::format("tcp://127.0.0.1:{}", port);
  dir.write("station.toml", fmt::format("[station]\nid = \"bench\"\n[paths]\nstate_directory = \"{0}/state\"\n"
                                        "runtime_directory = \"{0}/state\"\n[log]\nlevel = \"warning\"\n"
                                        "[central]\nendpoint = \"{1}\"\nserver_public_key = \"{2}\"\nbatch = 1000\n",
                                        dir.path().string(), endpoint, central_key));
  test::child_process central{{{central_sim, "--bind", endpoint, "--db", (dir / "central/central.db").string(), "--keys",
                                (dir / "central").string(), "--allow", (dir / "central/allow.txt").string(), "--credit",
                                "10000"},
                               {},
                               (dir / "central").string()}};
  if (!test::eventually([&] { return central.stdout_text().find("ready ") != std::string::npos; }, 20s)) {
    throw std::runtime_error("central-sim did not start: " + central.stderr_text());
  }
  start = clock_type::now();
  test::child_process daemon{{{stationd, "-c", (dir / "station.toml").string()}, {}, (dir / "out").string()}};
  const auto socket = (dir / "state/control.sock").string();
  std::string last;
  const bool done = test::eventually(
      [&] {
        try {
          ctl::control_client c{socket, 10s};
          const auto o = c.call("outbox").at("arguments").as_object();
          last = boost::json::serialize(o);
          return o.at("depth").is_int64() && o.at("depth").as_int64() == 0 && o.at("last_seq").as_int64() >= events;
        } catch (const ctl::unreachable&) {
          return false;
        }
      },
      1800s);
  const double drain_s = std::chrono::duration<double>(clock_type::now() - start).count();
  daemon.signal(SIGTERM);
  daemon.wait(10s);
  central.signal(SIGTERM);
  central.wait(10s);
  if (!done) throw std::runtime_error("the backlog did not drain: " + last + "\n" + daemon.stderr_text());

  // One event on the wire is its payload plus ~120 bytes of seq, uuid, type, source and time.
  const auto raw_out = must_run({raw_bench, "--size", std::to_string(payload.size() + 120), "--count", "200000"});
  double raw = 0;
  if (const auto at = raw_out.find(" s: "); at != std::string::npos) raw = std::atof(raw_out.c_str() + at + 4);
  const double rate = events / drain_s;
  std::printf("raw DEALER->ROUTER with CURVE, %zu-byte messages: %10.0f messages/s\n", payload.size() + 120, raw);
  std::printf("stationd -> central-sim backlog of %d events:       %10.0f events/s (%.1f s, start included) = %.3f x raw\n",
              events, rate, drain_s, raw > 0 ? rate / raw : 0.0);
  return 0;
}
