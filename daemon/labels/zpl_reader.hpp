#pragma once

// Reads back the fields of a ZPL format: what each ^FD holds (hex escapes of
// ^FH undone) and which barcode command, if any, it feeds. For checking labels
// (tests, the label checks) and for showing what a queued label says. Pure.

#include <string>
#include <string_view>
#include <vector>

namespace stationd::labels {

struct zpl_field {
  std::string barcode; // "BC", "BQ", ...: the ^B command this data feeds; empty for text
  std::string data;    // UTF-8 after ^CI28; ^FH escapes decoded
};

std::vector<zpl_field> read_fields(std::string_view zpl);

} // namespace stationd::labels
