#pragma once

// Zebra ZPL printer status (device protocol reference, sections 3.4-3.8): the
// three-string ~HS host status, the ~HQES error/warning report, ~HI identity,
// and the station's status tokens. Pure: the driver sends the query and feeds
// the reply bytes in here.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::drivers::zpl {

// ~HS: <STX>aaa,b,c,dddd,eee,f,g,h,iii,j,k,l<ETX><CR><LF>
//      <STX>mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www<ETX><CR><LF>
//      <STX>xxxx,y<ETX><CR><LF>
struct host_status {
  // string 1
  unsigned comm_settings = 0;    // aaa, the 9-bit value
  bool paper_out = false;        // b
  bool paused = false;           // c
  unsigned label_length = 0;     // dddd, dots
  unsigned formats_in_buffer = 0; // eee
  bool buffer_full = false;      // f
  bool diagnostic_mode = false;  // g
  bool partial_format = false;   // h
  bool corrupt_ram = false;      // j
  bool under_temperature = false; // k
  bool over_temperature = false;  // l
  // string 2
  unsigned function_settings = 0; // mmm
  bool head_open = false;         // o
  bool ribbon_out = false;        // p
  bool thermal_transfer = false;  // q
  unsigned print_mode = 0;        // r
  unsigned print_width_mode = 0;  // s
  bool label_waiting = false;     // t (peel-off)
  std::uint32_t labels_remaining = 0; // uuuuuuuu
  unsigned graphics_stored = 0;   // www
  // string 3
  std::string password;           // xxxx
  bool static_ram = false;        // y

  friend bool operator==(const host_status&, const host_status&) = default;
};

// ~HQES: "ERRORS: 1 00000000 00010004" / "WARNINGS: 0 00000000 00000000"; the
// bits are in the second 8-hex-digit group.
struct error_status {
  bool errors = false;
  std::uint32_t error_bits = 0;
  bool warnings = false;
  std::uint32_t warning_bits = 0;
  friend bool operator==(const error_status&, const error_status&) = default;
};

// ~HI: "ZT410-203dpi,V75.20.01Z,8,8192KB,X" (model, firmware, dots/mm, memory, options).
struct identity {
  std::string model;
  std::string firmware;
  unsigned dots_per_mm = 0;
  std::string memory;
  std::string options;
};

template <typename T>
struct parsed {
  std::optional<T> value;
  std::optional<std::string> error; // exact English text, naming the field and what arrived
  explicit operator bool() const noexcept { return value.has_value(); }
};

// The three strings, as bytes (STX/ETX/CR/LF included).
parsed<host_status> parse_host_status(std::string_view reply);
parsed<error_status> parse_error_status(std::string_view reply);
parsed<identity> parse_identity(std::string_view reply);

// Collects a reply from a byte stream: ~HS is complete at the third <ETX> (its
// CR LF may follow), ~HQES and ~HI at the first <ETX>. Bytes before the first
// <STX> are dropped (and counted), a reply over 1 KiB is refused.
class reply_collector {
public:
  enum class kind { host_status, error_status, identity };
  explicit reply_collector(kind k) : kind_{k} {}
  // Returns the complete reply once it is complete; nullopt while incomplete.
  std::optional<std::string> feed(std::string_view bytes);
  bool overflowed() const noexcept { return overflowed_; }
  std::size_t dropped() const noexcept { return dropped_; }
  void reset();

private:
  kind kind_;
  std::string buffer_;
  std::size_t dropped_ = 0;
  bool overflowed_ = false;
};

// printer.status tokens, in a fixed order: READY when nothing is wrong and
// nothing pending; otherwise any of MEDIA-OUT, RIBBON-OUT, HEAD-OPEN, PAUSED,
// BUFFER-FULL, OVER-TEMPERATURE, UNDER-TEMPERATURE, CORRUPT-RAM, CUTTER-FAULT
// (from ~HQES), PRINTER-ERROR (any other ~HQES error), LABEL-WAITING, PRINTING
// (formats or labels remaining).
std::vector<std::string> status_tokens(const host_status& hs, const std::optional<error_status>& es = std::nullopt);

// True when the printer can take a new format: no error condition (paused counts
// as one). Formats or labels still pending do not block.
bool can_print(const host_status& hs, const std::optional<error_status>& es = std::nullopt);

// True when everything sent has been printed: no formats in the buffer, no
// partial format, no labels remaining, and no error condition.
bool all_printed(const host_status& hs, const std::optional<error_status>& es = std::nullopt);

} // namespace stationd::drivers::zpl
