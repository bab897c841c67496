#include "scan/scan_framer.hpp"

#include <fmt/format.h>

namespace stationd::scan {

scan_framer::scan_framer(framing_options options) : options_{std::move(options)} {}

std::vector<frame> scan_framer::feed(std::string_view bytes) {
  std::vector<frame> out;
  const bool terminated = options_.terminator != scan_terminator::none;
  for (const char c : bytes) {
    const bool cr = c == '\r';
    const bool lf = c == '\n';
    if (terminated && lf && after_cr_) { // the LF of a CRLF already ended the scan
      after_cr_ = false;
      continue;
    }
    after_cr_ = cr;
    if (terminated && (cr || lf)) {
      if (discarding_) {
        discarding_ = false;
        continue;
      }
      finish(out, false);
      continue;
    }
    if (discarding_) continue;
    buffer_.push_back(c);
    if (buffer_.size() > options_.max_length) {
      out.push_back({{},
                     scan_error{"scan.too_long",
                                fmt::format("scan discarded: more than {} bytes without an end of scan", options_.max_length),
                                {}, {}, options_.max_length},
                     false});
      buffer_.clear();
      discarding_ = true; // until the next terminator, or the next quiet gap
    }
  }
  return out;
}

std::vector<frame> scan_framer::idle() {
  std::vector<frame> out;
  discarding_ = false;
  after_cr_ = false;
  if (!buffer_.empty()) finish(out, true);
  return out;
}

void scan_framer::finish(std::vector<frame>& out, bool by_timeout) {
  if (buffer_.empty()) return; // blank lines and stray terminators are not scans
  std::string data = std::move(buffer_);
  buffer_.clear();
  if (!options_.prefix.empty()) {
    if (!data.starts_with(options_.prefix)) {
      out.push_back({data,
                     scan_error{"scan.missing_prefix", "scan refused: it does not start with the configured prefix", {}, {}, 0},
                     by_timeout});
      return;
    }
    data.erase(0, options_.prefix.size());
  }
  out.push_back({std::move(data), std::nullopt, by_timeout});
}

} // namespace stationd::scan
