#include "protocol/evdev_keys.hpp"

#include <doctest/doctest.h>

#include <linux/input.h>

#include <cstring>
#include <string>
#include <vector>

namespace ev = stationd::drivers::evdev;

namespace {

// Raw records as read(2) returns them from /dev/input/event* (or the test pipe).
std::string records(const std::vector<ev::input_event>& events) {
  std::string bytes;
  long second = 1700000000;
  for (const auto& e : events) {
    ::input_event record{};
    record.input_event_sec = second++;
    record.input_event_usec = 123456;
    record.type = e.type;
    record.code = e.code;
    record.value = e.value;
    bytes.append(reinterpret_cast<const char*>(&record), sizeof record);
  }
  return bytes;
}

bool same(const std::vector<ev::input_event>& a, const std::vector<ev::input_event>& b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].type != b[i].type || a[i].code != b[i].code || a[i].value != b[i].value) {
      return false;
    }
  }
  return true;
}

const std::vector<ev::input_event> typed_a = {
    {EV_MSC, MSC_SCAN, 0x70004}, {EV_KEY, KEY_A, 1}, {EV_SYN, SYN_REPORT, 0},
    {EV_MSC, MSC_SCAN, 0x70004}, {EV_KEY, KEY_A, 0}, {EV_SYN, SYN_REPORT, 0},
    {EV_KEY, KEY_A, 2},          {EV_SYN, SYN_DROPPED, 0}, {EV_KEY, 0xFFFF, -1},
};

} // namespace

TEST_CASE("records are 24 bytes on this machine") { CHECK(sizeof(::input_event) == 24); }

TEST_CASE("record reader: whole reads, split reads, byte by byte") {
  const std::string bytes = records(typed_a);
  struct row {
    const char* what;
    std::size_t chunk; // bytes per feed()
  };
  const std::vector<row> rows = {
      {"all at once", bytes.size()}, {"one record per read", 24}, {"byte by byte", 1},
      {"7 bytes per read", 7},       {"25 bytes per read", 25},   {"47 bytes per read", 47},
  };
  for (const auto& r : rows) {
    CAPTURE(std::string{r.what});
    ev::record_reader reader;
    std::vector<ev::input_event> got;
    for (std::size_t at = 0; at < bytes.size(); at += r.chunk) {
      for (const auto& e : reader.feed(std::string_view{bytes}.substr(at, r.chunk))) {
        got.push_back(e);
      }
    }
    CHECK(same(got, typed_a));
  }
}

TEST_CASE("record reader keeps a partial record") {
  const std::string bytes = records(typed_a);
  ev::record_reader reader;
  CHECK(reader.feed({}).empty());
  CHECK(reader.feed(std::string_view{bytes}.substr(0, 23)).empty());
  const auto first = reader.feed(std::string_view{bytes}.substr(23, 2));
  REQUIRE(first.size() == 1);
  CHECK(first[0].type == EV_MSC);
  CHECK(first[0].value == 0x70004);
  const auto rest = reader.feed(std::string_view{bytes}.substr(25));
  CHECK(rest.size() == typed_a.size() - 1);
  CHECK(rest.back().code == 0xFFFF);
  CHECK(rest.back().value == -1);
}
