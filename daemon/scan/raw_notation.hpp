#pragma once

#include <string>
#include <string_view>

namespace stationd::scan {

// Lets a person type what a scanner sends: "<GS>", "<FNC1>" and "\x1d" (any
// case) become the GS byte 0x1D. Used by `stationctl decode` and `stationctl scan`.
std::string expand_notation(std::string_view typed);

// The reverse, for showing raw scans: GS as "<GS>", other control bytes as "\xNN".
std::string show_notation(std::string_view raw);

} // namespace stationd::scan
