#include "scan/scan_classifier.hpp"

#include <doctest/doctest.h>

using namespace stationd::scan;

namespace {

classifier_rules site_rules() {
  classifier_rules r;
  r.command_prefix = "CMD-";
  r.add_pattern(scan_kind::badge, "OP-[0-9]{4}");
  r.add_pattern(scan_kind::location, "[A-Z][0-9]{2}-[0-9]{2}-[0-9]{2}");
  r.add_pattern(scan_kind::tote, "T[0-9]{6}");
  r.add_pattern(scan_kind::order, "SO-[0-9]{6,10}");
  r.add_pattern(scan_kind::rma, "RMA-[0-9]{6,10}");
  r.add_pattern(scan_kind::product, "SKU-[0-9A-Z]{4,12}");
  r.add_carrier("ups", "1Z[0-9A-Z]{16}", "", "");
  r.add_carrier("usps", "9[2-5][0-9]{20}", "420[0-9]{5}", "");
  r.add_carrier("postnord", "[0-9]{2}[A-Z]{2}[0-9]{9}SE", "", "");
  return r;
}

struct row {
  std::string raw;
  std::string kind;
  std::string key;
  std::string scheme;
  std::string carrier;
};

} // namespace

TEST_CASE("classification of decoded scans") {
  const auto rules = site_rules();
  const std::vector<row> rows = {
      {"]E04006381333931", "product", "04006381333931", "gtin", ""},
      {"]d2011950110153000031030123451726123110LOT-A1\x1d" "21SN0001", "product", "19501101530000", "gtin", ""},
      {"]C10010614141123456789702195011015300003724\x1d" "3302012550400PO-98765\x1d" "42010115", "sscc",
       "106141411234567897", "sscc", ""},
      {"]C10010614141123456789702195011015300003724", "sscc", "106141411234567897", "sscc", ""},
      {"(02)19501101530000(37)24(00)106141411234567897", "sscc", "106141411234567897", "sscc", ""},
      {"(414)7350053000001", "location", "7350053000001", "gln", ""},
      {"(414)7350053000001(254)A-12", "location", "7350053000001/A-12", "gln", ""},
      {"(8003)07350053000001RT-1", "tote", "07350053000001RT-1", "grai", ""},
      {"(400)PO-98765", "order", "PO-98765", "gs1-order", ""},
      {"(401)7350053ABC123", "tracking", "7350053ABC123", "ginc", ""},
      {"]C0CMD-LOGOUT", "command", "LOGOUT", "command", ""},
      {"CMD-", "unknown", "CMD-", "plain", ""},
      {"OP-0042", "badge", "OP-0042", "site", ""},
      {"A01-02-03", "location", "A01-02-03", "site", ""},
      {"T000123", "tote", "T000123", "site", ""},
      {"SO-1234567", "order", "SO-1234567", "site", ""},
      {"RMA-00012345", "rma", "RMA-00012345", "site", ""},
      {"SKU-AB12", "product", "SKU-AB12", "sku", ""},
      {"1Z999AA10123456784", "tracking", "1Z999AA10123456784", "tracking", "ups"},
      {"420100019205590164917312345671", "tracking", "9205590164917312345671", "tracking", "usps"},
      {"12AB345678901SE", "tracking", "12AB345678901SE", "tracking", "postnord"},
      {"hello world", "unknown", "hello world", "plain", ""},
      {"OP-00421", "unknown", "OP-00421", "plain", ""}, // patterns match the whole scan
  };
  for (const auto& r : rows) {
    CAPTURE(r.raw);
    const auto decoded = decode(r.raw);
    REQUIRE_MESSAGE(decoded, (decoded.error ? decoded.error->message : std::string{}));
    const auto c = classify(*decoded.scan, rules);
    CHECK(std::string{to_string(c.kind)} == r.kind);
    CHECK(c.key == r.key);
    CHECK(c.scheme == r.scheme);
    CHECK(c.carrier == r.carrier);
  }
}

TEST_CASE("product scans carry lot, serial and dates") {
  const auto decoded = decode("]d2011950110153000031030123451726123110LOT-A1\x1d" "21SN0001");
  REQUIRE(decoded);
  const auto c = classify(*decoded.scan, {});
  CHECK(c.lot == "LOT-A1");
  CHECK(c.serial == "SN0001");
  REQUIRE(c.expiry);
  CHECK(stationd::gs1::to_iso(*c.expiry) == "2026-12-31");
  const auto undated = classify(*decode("(01)19501101530000(17)261200").scan, {});
  REQUIRE(undated.expiry);
  CHECK(undated.expiry->day_unspecified);
  CHECK(undated.expiry->day == 31); // YYMM00: the month's last day
}

TEST_CASE("the command prefix can be switched off") {
  classifier_rules r;
  r.command_prefix = "";
  CHECK(classify(*decode("CMD-LOGOUT").scan, r).kind == scan_kind::unknown);
}
