#pragma once

// Toledo 8213 "demand" protocol (device protocol reference, section 4.2): the host
// sends one character ('W' weight, 'H' weight x10 resolution, 'Z' zero); the scale
// answers <STX>weight<CR> or, when it has no valid weight (motion, over/under
// load), or always after 'Z', the status record <STX>?<status byte><CR>. Links run
// 7 data bits + even parity, so bit 7 of every received byte is dropped.

#include "protocol/decimal_weight.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::drivers::toledo8213 {

inline constexpr char weigh = 'W';
inline constexpr char weigh_high_resolution = 'H';
inline constexpr char zero = 'Z';

struct status {
  bool motion = false;               // bit 0
  bool over_capacity = false;        // bit 1
  bool under_zero = false;           // bit 2
  bool outside_zero_capture = false; // bit 3
  bool center_of_zero = false;       // bit 4
  friend bool operator==(const status&, const status&) = default;
};

struct record {
  std::optional<decimal_weight> weight; // a weight record ("012.34", or "012345" grams)
  std::optional<toledo8213::status> status; // a status record
};

struct frame {
  std::optional<toledo8213::record> record;
  std::optional<std::string> error; // exact English text, e.g. "8213 status byte 0x21 lacks bits 5 and 6"
  std::string raw;                  // the bytes of the frame, parity stripped, for logs
};

// Cuts <STX> ... <CR> frames out of the byte stream; bytes outside a frame are
// reported as garbage (one frame with an error per run of garbage), and a frame
// longer than 16 bytes is refused.
//
// Garbage is reported at the end of each feed() (so a run split across two reads
// is two reports), a frame in progress is kept for the next feed(). A new STX
// inside a frame reports the cut frame as an error and starts over; after a
// refused frame, its bytes up to CR are dropped. `raw` holds the bytes between
// STX and CR, or the garbage.
class frame_parser {
public:
  static constexpr std::size_t max_frame_bytes = 16; // between STX and CR

  std::vector<frame> feed(std::string_view bytes);
  void reset();

private:
  void flush_garbage(std::vector<frame>& out);

  std::string buffer_;
  bool in_frame_ = false;
  bool skipping_ = false; // the rest of a refused, too long frame, up to its CR
  std::string garbage_;
};

// One record between STX and CR (bit 7 is stripped here too): a weight record
// of 6 or 7 characters, digits with at most one decimal point, taken where the
// scale put it ("012.34", "01.234", "012345" grams, "0012.34" high resolution);
// or '?' and one status byte with bits 5 and 6 set.
frame parse_record(std::string_view body);

} // namespace stationd::drivers::toledo8213
