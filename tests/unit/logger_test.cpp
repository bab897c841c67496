#include "log/logger.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>

using namespace stationd::log;

namespace {

// Captures what a logger writes through a memory stream.
struct captured {
  char* data = nullptr;
  std::size_t size = 0;
  std::FILE* stream = ::open_memstream(&data, &size);
  ~captured() {
    std::fclose(stream);
    std::free(data);
  }
  std::string text() {
    std::fflush(stream);
    return {data, size};
  }
};

} // namespace

TEST_CASE("journald format carries syslog priorities") {
  captured out;
  logger log{out.stream, format::journald, level::trace};
  log.debug("scale-1", "d");
  log.info("journal", "opened {}", "x.db");
  log.notice("stationd", "n");
  log.warning("control", "w");
  log.error("config", "e");
  log.critical("stationd", "c");
  CHECK(out.text() == "<7>scale-1: d\n<6>journal: opened x.db\n<5>stationd: n\n<4>control: w\n<3>config: e\n<2>stationd: c\n");
}

TEST_CASE("levels below the minimum are dropped") {
  captured out;
  logger log{out.stream, format::journald, level::warning};
  log.info("a", "hidden");
  log.warning("a", "shown");
  CHECK(out.text() == "<4>a: shown\n");
}

TEST_CASE("plain format has a UTC timestamp and the level name") {
  captured out;
  logger log{out.stream, format::plain, level::info};
  log.info("journal", "hello");
  const auto text = out.text();
  CHECK(text.size() > 25);
  CHECK(text[10] == 'T');
  CHECK(text.find("Z info journal: hello\n") == 23);
}

TEST_CASE("byte trace only for traced devices, or everything at trace level") {
  captured out;
  logger log{out.stream, format::journald, level::info};
  const unsigned char bytes[] = {'S', ' ', 'S', 0x0d, 0x0a};
  log.trace_bytes("scale-1", "rx", bytes);
  CHECK(out.text().empty());
  log.set_traced_devices({"scale-1"});
  log.trace_bytes("scale-1", "rx", bytes);
  log.trace_bytes("scanner-1", "rx", bytes);
  CHECK(out.text() == "<7>scale-1: rx 5 bytes: 53 20 53 0d 0a |S S..|\n");
  log.set_level(level::trace);
  log.trace_bytes("scanner-1", "tx", std::span<const unsigned char>{bytes, 1});
  CHECK(out.text().ends_with("<7>scanner-1: tx 1 bytes: 53 |S|\n"));
}

TEST_CASE("level names round-trip") {
  for (auto l : {level::trace, level::debug, level::info, level::notice, level::warning, level::error, level::critical}) {
    CHECK(parse_level(to_string(l)) == l);
  }
  CHECK_FALSE(parse_level("loud").has_value());
}
