#pragma once

// How a scanner frames what it decoded: with or without its AIM symbology identifier
// (`]C1`, `]d2`, …) and with which end-of-scan suffix (device-protocols.md §1.1, §1.3).

#include <optional>
#include <string>
#include <string_view>

namespace stationd::sim {

enum class terminator { none, cr, lf, crlf };

struct scan_format {
  bool aim_ids = true;
  terminator suffix = terminator::cr;
};

std::string_view suffix_bytes(terminator suffix);
std::optional<terminator> parse_terminator(std::string_view name); // none, cr, lf, crlf
std::string_view terminator_name(terminator suffix);

// The bytes a scanner sends for `scan`, which is given with its AIM identifier. With
// identifiers off the leading `]cm` is dropped, as the scanner would never have added it;
// a scan without an identifier is sent as is. GS (0x1D) inside the data passes through.
std::string frame_scan(std::string_view scan, const scan_format& format);

} // namespace stationd::sim
