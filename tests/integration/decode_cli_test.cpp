// `stationctl decode` needs no daemon and gives the same answer for one code in
// element-string, bracketed and Digital Link form.

#include "daemon_fixture.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

using namespace stationd::test;
namespace json = boost::json;

namespace {

json::object decode_json(const std::string& raw) {
  const auto r = run({stationctl_binary(), "decode", "--json", raw});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  auto out = json::parse(r.out).as_object();
  out.erase("source"); // how it arrived: the only part allowed to differ
  return out;
}

} // namespace

TEST_CASE("the same code in three forms decodes to the same answer") {
  struct family {
    std::string element_string; // with a symbology identifier, <GS> notation
    std::string bracketed;
    std::string digital_link;
    std::string canonical; // the bracketed form every one of them is shown in
  };
  const std::vector<family> families = {
      {"]d2011950110153000031030123451726123110LOT-A1<GS>21SN0001",
       "(01)19501101530000(3103)012345(17)261231(10)LOT-A1(21)SN0001",
       "https://id.gs1.org/01/19501101530000/10/LOT-A1/21/SN0001?17=261231&3103=012345",
       "(01)19501101530000(17)261231(3103)012345(10)LOT-A1(21)SN0001"},
      {"]C10010614141123456789702195011015300003724\\x1d3302012550400PO-98765<GS>42010115",
       "(00)106141411234567897(02)19501101530000(37)24(3302)012550(400)PO-98765(420)10115",
       "https://id.gs1.org/00/106141411234567897?02=19501101530000&3302=012550&37=24&400=PO-98765&420=10115",
       "(00)106141411234567897(02)19501101530000(3302)012550(37)24(400)PO-98765(420)10115"},
      {"]E04006381333931", "(01)04006381333931", "https://id.gs1.org/01/04006381333931", "(01)04006381333931"},
  };
  for (const auto& f : families) {
    CAPTURE(f.bracketed);
    const auto a = decode_json(f.element_string);
    const auto b = decode_json(f.bracketed);
    const auto c = decode_json(f.digital_link);
    CHECK(json::serialize(a) == json::serialize(b));
    CHECK(json::serialize(a) == json::serialize(c));
    CHECK(a.at("bracketed").as_string() == f.canonical);
  }
}

TEST_CASE("decode: text output, invalid codes and site patterns") {
  const auto text = run({stationctl_binary(), "decode", "]E04006381333931"});
  CHECK(text.status == 0);
  CHECK(text.out.starts_with("product 04006381333931 (gtin)\n"));
  CHECK(text.out.find("read as         gtin, ]E0 EAN-13/UPC-A") != std::string::npos);

  const auto bad = run({stationctl_binary(), "decode", "]E04006381333932"});
  CHECK(bad.status == 1);
  CHECK(bad.err == "stationctl: invalid code: GTIN 4006381333932: check digit is 2, expected 1\n");

  const auto bad_json = run({stationctl_binary(), "decode", "--json", "]E04006381333932"});
  CHECK(bad_json.status == 1);
  const auto error = json::parse(bad_json.out).as_object();
  CHECK(error.at("error").at("code").as_string() == "gs1.bad_check_digit");
  CHECK(error.at("source").at("symbology").at("id").as_string() == "]E0");

  temp_dir dir;
  const auto cfg = dir.write("s.toml",
                             "[station]\nid = \"b\"\n[scan]\nlocation_pattern = \"[A-Z][0-9]{2}-[0-9]{2}\"\n"
                             "[[scan.carrier]]\nname = \"ups\"\npattern = \"1Z[0-9A-Z]{16}\"\n");
  const auto location = run({stationctl_binary(), "decode", "--json", "--config", cfg.string(), "A12-34"});
  CHECK(json::parse(location.out).at("kind").as_string() == "location");
  const auto ups = run({stationctl_binary(), "decode", "--json", "--config", cfg.string(), "1Z999AA10123456784"});
  CHECK(json::parse(ups.out).at("carrier").as_string() == "ups");
  const auto without = run({stationctl_binary(), "decode", "--json", "A12-34"});
  CHECK(json::parse(without.out).at("kind").as_string() == "unknown");

  const auto broken = dir.write("broken.toml", "[station]\nid = \"b\"\n[scan]\nrma_pattern = \"RMA-[0-9\"\n");
  const auto r = run({stationctl_binary(), "decode", "--config", broken.string(), "x"});
  CHECK(r.status == 2);
  CHECK(r.err.find("scan.rma_pattern = \"RMA-[0-9\": not a valid regular expression") != std::string::npos);
}
