#pragma once

// GS1 data as ZPL barcode field data, and back. Pure.

#include "gs1/gs1.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::labels {

// ^BC (Code 128) field data for a GS1-128 symbol, with Zebra's invocation codes:
// ">;" start in subset C, ">8" FNC1, ">5"/">6" switch to subset C/B. The leading
// FNC1 marks the symbol as GS1-128; an FNC1 separates a variable-length AI from
// the next. Digit runs are packed in subset C, other characters go in subset B
// (where ">" itself is written "><").
// E.g. (00)106141411234567897 -> ">;>800106141411234567897".
std::string gs1_128_field_data(const std::vector<gs1::element>& elements);

// ^BC field data for plain Code 128 text (a tote or location code): printable
// ASCII only, which the caller checks (code128_problem).
std::string code128_field_data(std::string_view text);

// Why `text` cannot be a Code 128 symbol here (empty, or a character outside
// printable ASCII), or nullopt.
std::optional<std::string> code128_problem(std::string_view text);

// What ^BC field data encodes, for checking a label: the text, with GS for
// each FNC1; nullopt for data that does not start with >; or >:, or that uses an
// invocation code this project does not write.
std::optional<std::string> text_from_field_data(std::string_view field_data);

// The reverse of gs1_128_field_data, for checking what a label encodes: the
// element string (GS between fields), or nullopt when the data is not GS1-128
// or uses an invocation code this project does not write.
std::optional<std::string> element_string_from_field_data(std::string_view field_data);

// "(00) 1 0614141 123456789 7": an SSCC as printed under its barcode, grouped as
// extension digit, company prefix (of `prefix_length` digits), serial reference, check digit.
std::string sscc_text(std::string_view sscc, std::size_t prefix_length);

} // namespace stationd::labels
