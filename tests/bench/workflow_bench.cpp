// Scan -> decision -> committed latency of the station workflows, next to the
// raw fsync latency of the same disk measured in the same run. A stationd runs
// with test master data; each scan goes through the control socket, the
// workflow core decides, the journal commits the decision with the new state
// (synchronous=FULL) and only then does the reply come back: the round trip is
// what an operator waits for after a scan.

#include "stationctl/control_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>
#include <vector>

using namespace stationd;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

struct percentiles {
  double p50_us = 0;
  double p99_us = 0;
};

percentiles of(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  auto at = [&](double q) { return samples[static_cast<std::size_t>(q * static_cast<double>(samples.size() - 1))]; };
  return {at(0.50), at(0.99)};
}

// One small write and fdatasync per sample: the floor under any durable commit.
percentiles raw_fsync(const std::filesystem::path& file, int samples) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + file.string());
  std::vector<double> us;
  const char record[128] = {};
  for (int i = 0; i < samples; ++i) {
    const auto start = clock_type::now();
    if (::write(fd, record, sizeof record) != static_cast<ssize_t>(sizeof record) || ::fdatasync(fd) != 0) {
      ::close(fd);
      throw std::runtime_error("write/fdatasync failed");
    }
    us.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - start).count());
  }
  ::close(fd);
  return of(std::move(us));
}

struct station_result {
  percentiles accepted;
  percentiles refused;
  percentiles status; // a control-socket round trip that commits nothing
};

station_result station_latency(const std::string& stationd, const std::string& master, int samples) {
  test::temp_dir dir;
  dir.write("station.toml",
            fmt::format("[station]\nid = \"bench\"\n[paths]\nstate_directory = \"{0}\"\nruntime_directory = \"{0}\"\n"
                        "[log]\nlevel = \"warning\"\n"
                        "[scan]\nbadge_pattern = \"OP-[0-9]{{4}}\"\nlocation_pattern = \"[A-Z][0-9]{{2}}-[0-9]{{2}}-[0-9]{{2}}\"\n"
                        "order_pattern = \"SO-[0-9]{{6,10}}\"\n"
                        "[workflow]\nmaster_data = \"{1}\"\n",
                        dir.path().string(), master));
  test::child_process daemon{{{stationd, "-c", (dir / "station.toml").string()}, {}, (dir / "out").string()}};
  const auto socket = (dir / "control.sock").string();
  const bool ready = test::eventually(
      [&] {
        try {
          ctl::control_client c{socket, 10s};
          return c.call("status").at("result").as_int64() == 0;
        } catch (const ctl::unreachable&) {
          return false;
        }
      },
      20s);
  if (!ready) throw std::runtime_error("stationd did not start: " + daemon.stderr_text());

  ctl::control_client client{socket, 10s};
  auto scan = [&](const std::string& code, std::int64_t expect) {
    const auto start = clock_type::now();
    const auto reply = client.call("scan", {{"code", code}});
    const double us = std::chrono::duration<double, std::micro>(clock_type::now() - start).count();
    if (reply.at("result").as_int64() != expect) throw std::runtime_error(boost::json::serialize(reply));
    return us;
  };
  scan("OP-0001", 0); // log in
  station_result r;
  std::vector<double> accepted, refused, status;
  for (int i = 0; i < samples; ++i) {
    // A change of mode: accepted, journaled with the new state.
    accepted.push_back(scan(i % 2 == 0 ? "CMD-PICK" : "CMD-PACK", 0));
    // A scan the workflow refuses: journaled as refused, state unchanged.
    refused.push_back(scan("CMD-NO-SUCH-COMMAND", 4));
    const auto start = clock_type::now();
    client.call("status");
    status.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - start).count());
  }
  daemon.signal(SIGTERM);
  daemon.wait(10s);
  return {of(std::move(accepted)), of(std::move(refused)), of(std::move(status))};
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: workflow_bench STATIOND MASTER_DATA.json [SAMPLES]\n");
    return 2;
  }
  const int samples = argc > 3 ? std::atoi(argv[3]) : 2000;
  test::temp_dir dir;
  const auto raw = raw_fsync(dir / "fsync.bin", samples);
  const auto station = station_latency(argv[1], std::filesystem::absolute(argv[2]).string(), samples);
  std::printf("raw write + fdatasync (same disk):         p50 %8.1f us   p99 %8.1f us\n", raw.p50_us, raw.p99_us);
  std::printf("control socket round trip, no commit:      p50 %8.1f us   p99 %8.1f us\n", station.status.p50_us,
              station.status.p99_us);
  std::printf("scan -> accepted step, committed:          p50 %8.1f us   p99 %8.1f us   = %.1f x raw fsync (p50)\n",
              station.accepted.p50_us, station.accepted.p99_us, station.accepted.p50_us / raw.p50_us);
  std::printf("scan -> refused, committed:                p50 %8.1f us   p99 %8.1f us   = %.1f x raw fsync (p50)\n",
              station.refused.p50_us, station.refused.p99_us, station.refused.p50_us / raw.p50_us);
  return 0;
}
