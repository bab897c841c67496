// Appends COUNT events to a journal, up to IN_FLIGHT at a time, and prints
// "ack SEQ" for each one whose completion fired. Used by the crash test, which
// kills this process with SIGKILL part-way and then checks the database, and by
// the file-size test: with MAX_FILE_BYTES, RLIMIT_FSIZE makes the disk "full"
// (EFBIG), and the first refusal is printed as "refused MESSAGE" before exit 3.

#include "bounded_burst.hpp"
#include "journal/journal.hpp"

#include <boost/asio/io_context.hpp>
#include <fmt/format.h>

#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <functional>

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::fprintf(stderr, "usage: journal_burst DB COUNT IN_FLIGHT [MAX_FILE_BYTES]\n");
    return 2;
  }
  if (argc == 5) {
    ::signal(SIGXFSZ, SIG_IGN); // get EFBIG from write(2) instead of being killed
    const rlimit limit{std::strtoul(argv[4], nullptr, 10), RLIM_INFINITY};
    ::setrlimit(RLIMIT_FSIZE, &limit);
  }
  const std::size_t count = std::strtoul(argv[2], nullptr, 10);
  const std::size_t in_flight = std::strtoul(argv[3], nullptr, 10);
  boost::asio::io_context io;
  stationd::log::logger log{stderr, stationd::log::format::plain, stationd::log::level::warning};
  stationd::journal::options opts;
  opts.path = argv[1];
  stationd::journal::journal journal{io.get_executor(), opts, log};

  stationd::test::bounded_burst(count, in_flight, [&](std::size_t n, std::function<void()> done) {
    stationd::journal::write_unit unit;
    unit.events.push_back({"burst", "journal_burst", fmt::format("{{\"n\":{}}}", n)});
    journal.async_append(std::move(unit), [done](boost::system::error_code ec, stationd::journal::append_result r) {
      if (ec) {
        std::printf("refused %s: %s\n", ec.message().c_str(), r.detail.c_str());
        std::fflush(stdout);
        std::_Exit(3); // at once: the journal writer thread is still running
      }
      std::printf("ack %llu\n", static_cast<unsigned long long>(r.last_seq));
      std::fflush(stdout);
      done();
    });
  });
  io.run();
  return 0;
}
