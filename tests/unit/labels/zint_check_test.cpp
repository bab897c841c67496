// An independent encoder agrees: every barcode on the built-in labels, read back
// from the rendered ZPL, is accepted by zint (with its GS1 checks: AI lengths,
// character sets, check digits) and gives the same human-readable text.

#include "gs1/gs1.hpp"
#include "labels/label_fields.hpp"
#include "labels/label_library.hpp"
#include "labels/zpl_barcodes.hpp"
#include "labels/zpl_reader.hpp"

#include <doctest/doctest.h>
#include <zint.h>

#include <memory>
#include <string>

using namespace stationd;
using namespace stationd::labels;

namespace {

struct encoded {
  int rc = -1;
  std::string error;
  std::string text; // zint's human-readable text
};

encoded zint_encode(int symbology, int input_mode, const std::string& data) {
  std::unique_ptr<zint_symbol, void (*)(zint_symbol*)> symbol{ZBarcode_Create(), ZBarcode_Delete};
  symbol->symbology = symbology;
  symbol->input_mode = input_mode;
  encoded out;
  out.rc = ZBarcode_Encode(symbol.get(), reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
  out.error = symbol->errtxt;
  out.text = reinterpret_cast<const char*>(symbol->text);
  return out;
}

std::string square_bracketed(const std::vector<gs1::element>& elements) {
  std::string out;
  for (const auto& e : elements) out += "[" + e.ai + "]" + e.value;
  return out;
}

// Every ^BC barcode of a label: GS1-128 ones through zint's GS1 mode, others as Code 128.
void check_barcodes(const std::string& zpl, std::size_t expected) {
  std::size_t seen = 0;
  for (const auto& f : read_fields(zpl)) {
    if (f.barcode != "BC") continue;
    ++seen;
    CAPTURE(f.data);
    if (const auto es = element_string_from_field_data(f.data)) {
      gs1::parse_options one_of_several;
      one_of_several.require_companions = false;
      const auto parsed = gs1::parse_element_string(*es, one_of_several);
      REQUIRE(parsed);
      const auto z = zint_encode(BARCODE_GS1_128, GS1_MODE, square_bracketed(parsed.elements));
      CHECK_MESSAGE(z.rc == 0, z.error);
      std::string round = gs1::to_bracketed(parsed.elements);
      CHECK(z.text == round);
    } else {
      const auto text = text_from_field_data(f.data);
      REQUIRE(text);
      const auto z = zint_encode(BARCODE_CODE128, DATA_MODE, *text);
      CHECK_MESSAGE(z.rc == 0, z.error);
      CHECK(z.text == *text);
    }
  }
  CHECK(seen == expected);
}

library templates() {
  auto lib = load_library(std::filesystem::path{STATIOND_SOURCE_DIR} / "config" / "labels");
  REQUIRE(lib.errors.empty());
  return lib;
}

} // namespace

TEST_CASE("zint refuses what a GS1 check must refuse (the check below can fail)") {
  CHECK(zint_encode(BARCODE_GS1_128, GS1_MODE, "[00]106141411234567897").rc == 0);
  CHECK(zint_encode(BARCODE_GS1_128, GS1_MODE, "[3302]001255[400]PO-1").rc == 0); // companions are not zint's concern
  // Non-zero: an error, or ZINT_WARN_NONCOMPLIANT (what zint 2.11 says about a wrong check digit).
  CHECK(zint_encode(BARCODE_GS1_128, GS1_MODE, "[00]106141411234567890").rc != 0); // check digit
  CHECK(zint_encode(BARCODE_GS1_128, GS1_MODE, "[00]10614141123456789").rc != 0);  // length
  CHECK(zint_encode(BARCODE_GS1_128, GS1_MODE, "[3302]12.550").rc != 0);           // digits only
}

TEST_CASE("the barcodes of the built-in labels pass zint's GS1 checks") {
  const auto lib = templates();
  logistic_label l;
  l.sscc = "106141411234567897";
  l.ship_from = "Lager Nord";
  l.ship_to = {"Åsa Öberg", "Storgatan 1", "41301", "Göteborg", "SE"};
  l.order_number = "PO-98765/A>1";
  l.gross_weight_kg = "12.55";
  const auto logistic = lib.find("gs1-logistic")->render(*logistic_label_fields(l).fields);
  REQUIRE(logistic.zpl);
  check_barcodes(*logistic.zpl, 3);

  const auto ret = lib.find("return-disposition")
                       ->render(*return_label_fields({"RMA-2026-0042", "", "2026-11-27", "Jacket", "09506000134352", "SN-77_x", "C",
                                                      "quarantine", "", "", "Jonas", "BENCH-7"})
                                     .fields);
  REQUIRE(ret.zpl);
  check_barcodes(*ret.zpl, 2);

  const auto tote = lib.find("tote-location")->render(*tote_label_fields({"TOTE", "T-0042>B_1", ""}).fields);
  REQUIRE(tote.zpl);
  check_barcodes(*tote.zpl, 1);
}
