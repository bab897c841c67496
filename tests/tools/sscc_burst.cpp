// Allocates COUNT SSCCs, up to IN_FLIGHT at a time, printing "sscc SSCC" for each
// one whose completion fired. The crash test kills this with SIGKILL part-way,
// runs it again on the same journal, and checks no SSCC was issued twice.

#include "bounded_burst.hpp"
#include "journal/journal.hpp"
#include "scan/sscc_allocator.hpp"

#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <cstdlib>
#include <functional>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: sscc_burst DB COUNT IN_FLIGHT\n");
    return 2;
  }
  const std::size_t count = std::strtoul(argv[2], nullptr, 10);
  const std::size_t in_flight = std::strtoul(argv[3], nullptr, 10);
  boost::asio::io_context io;
  stationd::log::logger log{stderr, stationd::log::format::plain, stationd::log::level::warning};
  stationd::journal::options opts;
  opts.path = argv[1];
  stationd::journal::journal journal{io.get_executor(), opts, log};
  stationd::scan::sscc_allocator allocator{journal, {"0614141", 3, 0, 999'999'999}};

  stationd::test::bounded_burst(count, in_flight, [&](std::size_t, std::function<void()> done) {
    allocator.async_allocate({}, [done](boost::system::error_code ec, std::string sscc) {
      if (ec) {
        std::fprintf(stderr, "allocation failed: %s\n", sscc.c_str());
        std::_Exit(1);
      }
      std::printf("sscc %s\n", sscc.c_str());
      std::fflush(stdout);
      done();
    });
  });
  io.run();
  return 0;
}
