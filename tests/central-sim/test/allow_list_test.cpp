#include "allow_list.hpp"
#include "curve_keys.hpp"

#include <doctest/doctest.h>

#include <zmq.h>

#include <array>

TEST_CASE("allow-list: station ids bound to keys, comments, and errors by line") {
  const auto a = stationd::central::make_key_pair();
  const auto b = stationd::central::make_key_pair();
  const auto list = stationd::central::allow_list::parse("# stations\n\nbench-01 " + a.public_key +
                                                         "  # packing\n  bench-02\t" + b.public_key + "\n");
  CHECK(list.size() == 2);
  std::array<std::uint8_t, 32> binary{};
  REQUIRE(zmq_z85_decode(binary.data(), a.public_key.c_str()) != nullptr);
  CHECK(list.station_of({reinterpret_cast<const char*>(binary.data()), binary.size()}) == "bench-01");
  CHECK_FALSE(list.station_of(std::string(32, 'x')));

  CHECK_THROWS_WITH(stationd::central::allow_list::parse("bench-01\n"), doctest::Contains("line 1"));
  CHECK_THROWS_WITH(stationd::central::allow_list::parse("\nbench-01 short\n"), doctest::Contains("line 2"));
  CHECK_THROWS_WITH(stationd::central::allow_list::parse("a " + a.public_key + "\nb " + a.public_key),
                    doctest::Contains("twice"));
}
