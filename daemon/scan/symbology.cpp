#include "scan/symbology.hpp"

namespace stationd::scan {
namespace {

bool is_modifier(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); }
bool is_code(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

} // namespace

symbology_info describe(symbology_id id) {
  // Table from ISO/IEC 15424 as summarised in the device protocol reference, section 1.1.
  switch (id.code) {
  case 'C':
    if (id.modifier == '1') return {"GS1-128", payload_kind::gs1};
    return {"Code 128", payload_kind::plain};
  case 'e':
    if (id.modifier == '0') return {"GS1 DataBar", payload_kind::gs1};
    return {"GS1 DataBar", payload_kind::plain};
  case 'd':
    if (id.modifier == '2') return {"GS1 DataMatrix", payload_kind::gs1};
    return {"Data Matrix", payload_kind::plain};
  case 'Q':
    if (id.modifier == '3') return {"GS1 QR Code", payload_kind::gs1};
    return {"QR Code", payload_kind::plain};
  case 'J':
    if (id.modifier == '1') return {"GS1 DotCode", payload_kind::gs1};
    return {"DotCode", payload_kind::plain};
  case 'E':
    switch (id.modifier) {
    case '0': return {"EAN-13/UPC-A", payload_kind::gtin};
    case '3': return {"EAN/UPC with add-on", payload_kind::gtin};
    case '4': return {"EAN-8", payload_kind::gtin};
    default: return {"EAN/UPC add-on", payload_kind::plain};
    }
  case 'I':
    // ]I1: check digit verified and sent; ITF-14 on outer cases carries a GTIN-14.
    if (id.modifier == '1') return {"ITF (check digit verified)", payload_kind::gtin};
    return {"Interleaved 2 of 5", payload_kind::plain};
  case 'A': return {"Code 39", payload_kind::plain};
  case 'F': return {"Codabar", payload_kind::plain};
  case 'G': return {"Code 93", payload_kind::plain};
  case 'L': return {"PDF417", payload_kind::plain};
  case 'z': return {"Aztec", payload_kind::plain};
  default: return {"unknown symbology", payload_kind::plain};
  }
}

split_scan split_symbology(std::string_view raw) {
  if (raw.size() >= 3 && raw[0] == ']' && is_code(raw[1]) && is_modifier(raw[2])) {
    return {symbology_id{raw[1], raw[2]}, raw.substr(3)};
  }
  return {std::nullopt, raw};
}

} // namespace stationd::scan
