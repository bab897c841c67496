// The AI dictionary: every AI the station needs is present with the
// dictionary's format, flags and Digital Link role.

#include "gs1_test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace gs1_test;

namespace {

struct definition_row {
  const char* ai;
  const char* title;
  bool fnc1_required;
  int min_length;
  int max_length;
  int decimals;
  bool dl_primary_key;
  bool dl_data_attribute;
};

const std::vector<definition_row> definitions = {
    {"00", "SSCC", false, 18, 18, -1, true, true},
    {"01", "GTIN", false, 14, 14, -1, true, true},
    {"02", "CONTENT", false, 14, 14, -1, false, true},
    {"03", "MTO GTIN", false, 14, 14, -1, false, false},
    {"10", "BATCH/LOT", true, 1, 20, -1, false, true},
    {"11", "PROD DATE", false, 6, 6, -1, false, true},
    {"17", "USE BY or EXPIRY", false, 6, 6, -1, false, true},
    {"20", "VARIANT", false, 2, 2, -1, false, true},
    {"21", "SERIAL", true, 1, 20, -1, false, false},
    {"22", "CPV", true, 1, 20, -1, false, false},
    {"235", "TPX", true, 1, 28, -1, false, false},
    {"253", "GDTI", true, 13, 30, -1, true, true},
    {"255", "GCN", true, 13, 25, -1, true, true},
    {"30", "VAR. COUNT", true, 1, 8, -1, false, true},
    {"3100", "NET WEIGHT (kg)", false, 6, 6, 0, false, true},
    {"3103", "NET WEIGHT (kg)", false, 6, 6, 3, false, true},
    {"3105", "NET WEIGHT (kg)", false, 6, 6, 5, false, true},
    {"3302", "GROSS WEIGHT (kg)", false, 6, 6, 2, false, true},
    {"3695", "VOLUME (yd³), log", false, 6, 6, 5, false, true},
    {"37", "COUNT", true, 1, 8, -1, false, true},
    {"3922", "PRICE", true, 1, 15, 2, false, true},
    {"3932", "PRICE", true, 4, 18, 2, false, true},
    {"400", "ORDER NUMBER", true, 1, 30, -1, false, true},
    {"402", "GSIN", true, 17, 17, -1, true, true},
    {"410", "SHIP TO LOC", false, 13, 13, -1, false, true},
    {"414", "LOC No.", false, 13, 13, -1, true, true},
    {"421", "SHIP TO POST", true, 4, 12, -1, false, true},
    {"423", "COUNTRY - INITIAL PROCESS", true, 3, 15, -1, false, true},
    {"7003", "EXPIRY TIME", true, 10, 10, -1, false, true},
    {"7007", "HARVEST DATE", true, 6, 12, -1, false, true},
    {"7040", "UIC+EXT", true, 4, 4, -1, false, false},
    {"8003", "GRAI", true, 14, 30, -1, true, true},
    {"8006", "ITIP", true, 18, 18, -1, true, true},
    {"8008", "PROD TIME", true, 8, 12, -1, false, true},
    {"8013", "GMN", true, 1, 25, -1, true, true},
    {"8019", "SRIN", true, 1, 10, -1, false, false},
    {"8020", "REF No.", true, 1, 25, -1, false, false},
    {"8026", "ITIP CONTENT", true, 18, 18, -1, false, true},
    {"90", "INTERNAL", true, 1, 30, -1, false, true},
    {"91", "INTERNAL", true, 1, 90, -1, false, true},
    {"99", "INTERNAL", true, 1, 90, -1, false, true},
};

} // namespace

TEST_CASE("find_ai returns the dictionary's definition") {
  for (const auto& r : definitions) {
    const std::string ai = r.ai;
    CAPTURE(ai);
    const ai_definition* d = find_ai(r.ai);
    REQUIRE(d != nullptr);
    CHECK(d->ai == ai);
    CHECK(std::string(d->title) == r.title);
    CHECK(d->fnc1_required == r.fnc1_required);
    CHECK(int(d->min_length) == r.min_length);
    CHECK(int(d->max_length) == r.max_length);
    CHECK(d->decimals == r.decimals);
    CHECK(d->dl_primary_key == r.dl_primary_key);
    CHECK(d->dl_data_attribute == r.dl_data_attribute);
  }
}

TEST_CASE("find_ai knows every AI of the station's scope and nothing else") {
  std::vector<std::string> scope = {"00",   "01",   "02",   "03",   "10",   "11",   "12",   "13",   "15",   "16",  "17",
                                    "20",   "21",   "22",   "235",  "240",  "241",  "250",  "251",  "253",  "254", "255",
                                    "30",   "37",   "400",  "401",  "402",  "403",  "420",  "421",  "422",  "423", "424",
                                    "425",  "426",  "427",  "7001", "7002", "7003", "7006", "7007", "7240", "8001", "8002",
                                    "8003", "8004", "8005", "8006", "8007", "8008", "8012", "8013", "8017", "8018", "8019",
                                    "8020", "8026", "90"};
  for (int ai = 410; ai <= 417; ++ai) scope.push_back(std::to_string(ai));
  for (int ai = 91; ai <= 99; ++ai) scope.push_back(std::to_string(ai));
  // Every decimal measure family 31nn-36nn of the dictionary, n = 0..5.
  const std::vector<std::string> measure_families = {
      "310", "311", "312", "313", "314", "315", "316", "320", "321", "322", "323", "324", "325", "326", "327", "328", "329",
      "330", "331", "332", "333", "334", "335", "336", "337", "340", "341", "342", "343", "344", "345", "346", "347", "348",
      "349", "350", "351", "352", "353", "354", "355", "356", "357", "360", "361", "362", "363", "364", "365", "366", "367",
      "368", "369"};
  for (const auto& family : measure_families)
    for (char n = '0'; n <= '5'; ++n) scope.push_back(family + n);
  for (char n = '0'; n <= '9'; ++n) {
    scope.push_back(std::string("390") + n);
    scope.push_back(std::string("391") + n);
    scope.push_back(std::string("392") + n);
    scope.push_back(std::string("393") + n);
  }
  for (char n = '0'; n <= '3'; ++n) scope.push_back(std::string("394") + n);
  for (char n = '0'; n <= '5'; ++n) scope.push_back(std::string("395") + n);
  for (const auto& ai : scope) {
    CAPTURE(ai);
    CHECK(find_ai(ai) != nullptr);
  }

  for (const char* absent : {"04", "05", "14", "18", "19", "23", "234", "3106", "3108", "3170", "3376", "38", "3944", "3956", "418",
                             "428", "500", "7041", "8110", "8112", "89", "1", "100", "31003", "", "0A", "9A"}) {
    const std::string ai = absent;
    CAPTURE(ai);
    CHECK(find_ai(absent) == nullptr);
  }
}

TEST_CASE("all_ais is sorted, unique and agrees with find_ai") {
  const auto all = all_ais();
  CHECK(all.size() > 500);
  for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1]->ai < all[i]->ai);
  for (const auto* d : all) CHECK(find_ai(d->ai) == d);
  // Pre-defined lengths (reference §2.2): 00-04, 11-20, 31-36 and 41 never need a GS.
  for (const auto* d : all) {
    const std::string ai(d->ai);
    const int prefix = std::stoi(ai.substr(0, 2));
    const bool predefined = prefix <= 4 || (prefix >= 11 && prefix <= 20) || (prefix >= 31 && prefix <= 36) || prefix == 41;
    CAPTURE(ai);
    CHECK(d->fnc1_required == !predefined);
    if (predefined) CHECK(d->min_length == d->max_length);
  }
}
