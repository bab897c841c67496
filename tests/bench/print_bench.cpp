// Print jobs per second from stationd to the simulated Zebra printer, against the
// raw limit of the same printer measured in the same run: a bare client that
// writes a label and polls ~HS back-to-back until the printer has printed it
// (the same confirmation, without a journal or a queue). A second raw figure,
// labels written without waiting for any confirmation, is the printer's ceiling.
//
// stationd journals three commits per job (queued, sent, confirmed), each on
// disk (synchronous=FULL) before the next step.

#include "protocol/zpl_status.hpp"
#include "sim/zpl_printer.hpp"
#include "stationctl/control_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <thread>
#include <string>

using namespace stationd;
using clock_type = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

const std::string label = "^XA^CI28^FO40,40^A0N,40,40^FH^FDTOTE T-0042^FS^BY4,3,300^FO60,420^BCN,300,N,N,N^FH^FD>:T->50042^FS"
                          "^PQ1,0,1,Y^XZ";

class raw_client {
public:
  explicit raw_client(std::uint16_t port) : fd_{::socket(AF_INET, SOCK_STREAM, 0)} {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("cannot connect");
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~raw_client() { ::close(fd_); }
  void write(const std::string& data) {
    if (::send(fd_, data.data(), data.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(data.size())) {
      throw std::runtime_error("short write");
    }
  }
  drivers::zpl::host_status ask_hs() {
    write("~HS");
    drivers::zpl::reply_collector collector{drivers::zpl::reply_collector::kind::host_status};
    char buffer[512];
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 2000) != 1) throw std::runtime_error("no ~HS reply");
      const auto n = ::read(fd_, buffer, sizeof buffer);
      if (n <= 0) throw std::runtime_error("connection closed");
      if (auto reply = collector.feed({buffer, static_cast<std::size_t>(n)})) {
        auto parsed = drivers::zpl::parse_host_status(*reply);
        if (!parsed) throw std::runtime_error(parsed.error.value_or("bad ~HS"));
        return *parsed.value;
      }
    }
  }

private:
  int fd_;
};

double raw_confirmed_per_second(std::uint16_t port, int labels) {
  raw_client c{port};
  const auto start = clock_type::now();
  for (int i = 0; i < labels; ++i) {
    c.write(label);
    for (;;) {
      const auto hs = c.ask_hs();
      if (drivers::zpl::all_printed(hs)) break;
    }
  }
  return labels / std::chrono::duration<double>(clock_type::now() - start).count();
}

double raw_unconfirmed_per_second(sim::zpl_printer& printer, int labels) {
  const auto before = printer.labels_printed();
  raw_client c{printer.port()};
  const auto start = clock_type::now();
  for (int i = 0; i < labels; ++i) c.write(label);
  while (printer.labels_printed() < before + static_cast<std::uint64_t>(labels)) std::this_thread::sleep_for(1ms);
  return labels / std::chrono::duration<double>(clock_type::now() - start).count();
}

double stationd_jobs_per_second(const std::string& stationd, std::uint16_t port, int jobs) {
  test::temp_dir dir;
  std::filesystem::create_directory(dir / "labels");
  dir.write("station.toml",
            fmt::format("[station]\nid = \"bench\"\n[paths]\nstate_directory = \"{0}\"\nruntime_directory = \"{0}\"\n"
                        "[log]\nlevel = \"warning\"\n"
                        "[[device]]\nname = \"zebra\"\nclass = \"printer\"\ndriver = \"zpl-tcp\"\nhost = \"127.0.0.1\"\n"
                        "tcp_port = {1}\nstatus_interval = \"500ms\"\n",
                        dir.path().string(), port));
  test::child_process daemon{{{stationd, "-c", (dir / "station.toml").string()}, {}, (dir / "out").string()}};
  const auto socket = (dir / "control.sock").string();
  auto ask = [&](const std::string& command, const boost::json::object& args) {
    ctl::control_client c{socket, 10s};
    return c.call(command, args);
  };
  const bool ready = test::eventually(
      [&] {
        try {
          const auto v = ask("variables", {{"prefix", "zebra.status"}});
          return v.at("result").as_int64() == 0 && v.at("arguments").at("zebra.status") == "READY";
        } catch (const ctl::unreachable&) {
          return false;
        }
      },
      20s);
  if (!ready) throw std::runtime_error("stationd did not start: " + daemon.stderr_text());

  ctl::control_client client{socket, 10s};
  const auto start = clock_type::now();
  std::int64_t last = 0;
  for (int i = 0; i < jobs; ++i) {
    const auto reply = client.call("print-zpl", {{"zpl", label}, {"reference", fmt::format("T-{}", i)}});
    if (reply.at("result").as_int64() != 0) throw std::runtime_error(boost::json::serialize(reply));
    last = reply.at("arguments").at("job").as_int64();
  }
  const bool done = test::eventually(
      [&] { return client.call("print-queue", {{"job", last}}).at("arguments").at("state") == "confirmed"; }, 300s);
  const double rate = jobs / std::chrono::duration<double>(clock_type::now() - start).count();
  daemon.signal(SIGTERM);
  daemon.wait(10s);
  if (!done) throw std::runtime_error("the jobs were not all confirmed");
  return rate;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: print_bench STATIOND [JOBS]\n");
    return 2;
  }
  const int jobs = argc > 2 ? std::atoi(argv[2]) : 300;
  sim::zpl_printer::options o;
  o.printer.label_time = 1ms; // a printer far faster than any real one: the station's cost shows
  sim::zpl_printer printer{o};
  printer.start();

  const double ceiling = raw_unconfirmed_per_second(printer, jobs);
  const double raw = raw_confirmed_per_second(printer.port(), jobs);
  const double station = stationd_jobs_per_second(argv[1], printer.port(), jobs);
  std::printf("printer ceiling (labels written, no confirmation): %8.1f labels/s\n", ceiling);
  std::printf("raw limit (write + ~HS until printed):           %8.1f labels/s\n", raw);
  std::printf("stationd (journaled queued/sent/confirmed):      %8.1f jobs/s  = %.2f x raw limit\n", station, station / raw);
  return 0;
}
