// The built-in labels' fields, and their templates in config/labels rendered
// with them: every barcode read back from the finished ZPL is the GS1 data
// that went in.

#include "gs1/gs1.hpp"
#include "labels/label_fields.hpp"
#include "labels/label_library.hpp"
#include "labels/zpl_barcodes.hpp"
#include "labels/zpl_reader.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace stationd;
using namespace stationd::labels;

namespace {

logistic_label example_logistic() {
  logistic_label l;
  l.sscc = "106141411234567897";
  l.company_prefix_length = 7;
  l.ship_from = "Lager Nord, Dock 2";
  l.ship_to = {"Åsa Öberg", "Storgatan 1", "41301", "Göteborg", "SE"};
  l.order_number = "PO-98765";
  l.gross_weight_kg = "12.55";
  l.package_number = 1;
  l.package_count = 2;
  return l;
}

// The GS1-128 barcodes of a label, each as bracketed text. Each is checked on
// its own, and all of them together as one label (where (3302) finds its (00)).
std::vector<std::string> gs1_barcodes(const std::string& zpl) {
  gs1::parse_options one_of_several;
  one_of_several.require_companions = false;
  std::vector<std::string> out;
  std::string whole_label;
  for (const auto& f : read_fields(zpl)) {
    if (f.barcode != "BC") continue;
    const auto es = element_string_from_field_data(f.data);
    if (!es) continue;
    const auto parsed = gs1::parse_element_string(*es, one_of_several);
    CHECK_MESSAGE(parsed, f.data);
    out.push_back(gs1::to_bracketed(parsed.elements));
    whole_label += (whole_label.empty() ? "" : "\x1d") + *es;
  }
  const auto together = gs1::parse_element_string(whole_label);
  CHECK_MESSAGE(together, (together.failure ? together.failure->message : ""));
  return out;
}

library built_in_templates() {
  auto lib = load_library(std::filesystem::path{STATIOND_SOURCE_DIR} / "config" / "labels");
  REQUIRE(lib.errors.empty());
  return lib;
}

} // namespace

TEST_CASE("AI 330n for a gross weight: as many decimals as fit six digits") {
  struct row {
    const char* kg;
    std::optional<std::pair<std::string, std::string>> ai;
  };
  const row rows[] = {
      {"12.55", std::pair{std::string{"3302"}, std::string{"001255"}}},
      {"0.5", std::pair{std::string{"3301"}, std::string{"000005"}}},
      {"7", std::pair{std::string{"3300"}, std::string{"000007"}}},
      {"1234.5678", std::pair{std::string{"3302"}, std::string{"123456"}}}, // the 4th decimal does not fit
      {"0.000123", std::pair{std::string{"3305"}, std::string{"000012"}}},
      {"999999", std::pair{std::string{"3300"}, std::string{"999999"}}},
      {"1000000", std::nullopt},
      {"-1", std::nullopt},
      {"1,5", std::nullopt},
      {"", std::nullopt},
      {".5", std::nullopt},
  };
  for (const auto& r : rows) {
    CAPTURE(r.kg);
    CHECK(gross_weight_ai(r.kg) == r.ai);
  }
}

TEST_CASE("GS1 logistic label: fields and the barcodes they make") {
  const auto f = logistic_label_fields(example_logistic());
  REQUIRE(f.fields);
  const auto& m = *f.fields;
  CHECK(m.at("sscc_text") == "(00) 1 0614141 123456789 7");
  CHECK(m.at("sscc_barcode") == ">;>800106141411234567897");
  CHECK(m.at("postal_text") == "(420)41301");
  CHECK(m.at("order_text") == "(3302)001255(400)PO-98765");
  CHECK(m.at("weight_text") == "12.55 KG");
  CHECK(m.at("package_text") == "PACKAGE 1 OF 2");
  CHECK(m.at("ship_to_name") == "Åsa Öberg");
}

TEST_CASE("GS1 logistic label: bad data is refused before a label exists") {
  auto l = example_logistic();
  l.sscc = "106141411234567890";
  CHECK(logistic_label_fields(l).error.starts_with("SSCC: "));
  l = example_logistic();
  l.gross_weight_kg = "heavy";
  CHECK(logistic_label_fields(l).error == "gross weight \"heavy\" kg does not fit AI 330n");
  l = example_logistic();
  l.order_number = std::string(31, '1');
  CHECK(logistic_label_fields(l).error.starts_with("order/weight: "));
  l = example_logistic();
  l.ship_to.postal_code = "Å-1";
  CHECK(logistic_label_fields(l).error.starts_with("ship-to postal code: "));
}

TEST_CASE("return and tote labels") {
  const auto r = return_label_fields({"RMA-2026-0042", "PO-1", "2026-11-27", "Jacket, blue, M", "09506000134352", "SN77", "B",
                                      "refurbish", "", "zip broken", "Jonas", "BENCH-7"});
  REQUIRE(r.fields);
  CHECK(r.fields->at("item_text") == "(01)09506000134352(21)SN77");
  CHECK(text_from_field_data(r.fields->at("rma_barcode")) == "RMA-2026-0042");
  const auto bad_gtin = return_label_fields({"RMA-1", "", "2026-11-27", "x", "09506000134353", "", "A", "restock", "", "", "J", "S"});
  CHECK(bad_gtin.error.starts_with("returned item: "));
  const auto t = tote_label_fields({"TOTE", "T-0042", ""});
  REQUIRE(t.fields);
  CHECK(text_from_field_data(t.fields->at("code_barcode")) == "T-0042");
  CHECK(tote_label_fields({"TOTE", "", ""}).error == "a tote or location label needs a code");
  CHECK(tote_label_fields({"TOTE", "TÖ-1", ""}).error ==
        "code \"TÖ-1\": byte 2 (0xC3) is not printable ASCII, which Code 128 encodes");
}

TEST_CASE("the built-in templates render, and their barcodes read back as the data that went in") {
  const auto lib = built_in_templates();
  SUBCASE("gs1-logistic") {
    const auto* t = lib.find("gs1-logistic");
    REQUIRE(t);
    const auto out = t->render(*logistic_label_fields(example_logistic()).fields);
    REQUIRE(out.zpl);
    CHECK(gs1_barcodes(*out.zpl) ==
          std::vector<std::string>{"(420)41301", "(3302)001255(400)PO-98765", "(00)106141411234567897"});
    const auto fields = read_fields(*out.zpl);
    CHECK(std::any_of(fields.begin(), fields.end(), [](const zpl_field& f) { return f.data == "TO: Åsa Öberg"; }));
    CHECK(std::any_of(fields.begin(), fields.end(), [](const zpl_field& f) { return f.data == "FROM: Lager Nord, Dock 2"; }));
  }
  SUBCASE("return-disposition") {
    const auto* t = lib.find("return-disposition");
    REQUIRE(t);
    const auto out = t->render(*return_label_fields({"RMA-2026-0042", "", "2026-11-27", "Jacket", "09506000134352", "", "A",
                                                     "restock", "A-01-02", "", "Jonas", "BENCH-7"})
                                    .fields);
    REQUIRE(out.zpl);
    CHECK(gs1_barcodes(*out.zpl) == std::vector<std::string>{"(01)09506000134352"});
  }
  SUBCASE("tote-location") {
    const auto* t = lib.find("tote-location");
    REQUIRE(t);
    const auto out = t->render(*tote_label_fields({"LOCATION", "A-01-02", "Aisle A"}).fields);
    REQUIRE(out.zpl);
    const auto fields = read_fields(*out.zpl);
    CHECK(std::any_of(fields.begin(), fields.end(),
                      [](const zpl_field& f) { return f.barcode == "BC" && text_from_field_data(f.data) == "A-01-02"; }));
  }
}

TEST_CASE("each built-in label names the fields its template may use") {
  const auto lib = built_in_templates();
  for (const auto* name : {"gs1-logistic", "return-disposition", "tote-location"}) {
    CAPTURE(name);
    const auto provided = built_in_fields(name);
    REQUIRE(provided);
    for (const auto& field : lib.find(name)->fields()) {
      CAPTURE(field.name);
      CHECK(std::find(provided->begin(), provided->end(), field.name) != provided->end());
    }
  }
  CHECK_FALSE(built_in_fields("my-own-label"));
}
