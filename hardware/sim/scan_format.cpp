#include "sim/scan_format.hpp"

namespace stationd::sim {

std::string_view suffix_bytes(terminator suffix) {
  switch (suffix) {
  case terminator::none: return "";
  case terminator::cr: return "\r";
  case terminator::lf: return "\n";
  case terminator::crlf: return "\r\n";
  }
  return "";
}

std::optional<terminator> parse_terminator(std::string_view name) {
  if (name == "none") return terminator::none;
  if (name == "cr" || name == "CR") return terminator::cr;
  if (name == "lf" || name == "LF") return terminator::lf;
  if (name == "crlf" || name == "CRLF") return terminator::crlf;
  return std::nullopt;
}

std::string_view terminator_name(terminator suffix) {
  switch (suffix) {
  case terminator::none: return "none";
  case terminator::cr: return "cr";
  case terminator::lf: return "lf";
  case terminator::crlf: return "crlf";
  }
  return "none";
}

std::string frame_scan(std::string_view scan, const scan_format& format) {
  const bool has_id = scan.size() >= 3 && scan[0] == ']';
  std::string bytes{(!format.aim_ids && has_id) ? scan.substr(3) : scan};
  bytes += suffix_bytes(format.suffix);
  return bytes;
}

} // namespace stationd::sim
