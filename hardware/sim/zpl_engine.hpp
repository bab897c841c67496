#pragma once

// The inside of a simulated Zebra ZPL printer (device-protocols.md §3): it cuts the byte
// stream of each connection into formats (^XA … ^XZ), answers the queries (~HS, ~HQES,
// ~HI, SGD `! U1 getvar "device.host_status"`), runs ~JA (cancel all) and ~PS (resume),
// keeps every complete format, and "prints" buffered formats one label at a time.
//
// No I/O and no clock of its own: the caller passes `now` to every call, and printing
// progress is worked out from it (lazily), so tests can drive time by hand. Not
// thread-safe; zpl_printer serialises access.
//
// Model (where the reference is silent, the choices are ours and marked so):
// - Formats wait in the receive buffer (~HS eee) until the engine takes the next one;
//   its ^PQ quantity then becomes the batch (~HS uuuuuuuu, the label in progress
//   included). So a printer printing its only format shows eee=000 and uuuuuuuu>0.
// - A label takes `label_time`; faults stop printing *between* labels: a label cut by
//   pause, head open or paper out is started again from scratch afterwards (assumed).
// - Paper out after N labels: the N-th label completes, the next cannot start; the rest
//   of the batch and the waiting formats stay in the buffer, and paper-in resumes with
//   them (assumed: a real printer may want a FEED press or reprint the cut label).
// - ^PQq: q labels (1–99,999,999); missing or 0 counts as 1; pause-and-cut and
//   replicates (^PQq,p,r,o) are not modelled. The last ^PQ in a format wins.
// - A format holding no ^ command besides ^XA/^XZ (e.g. `^XA~HS^XZ`, the reference's way
//   to ask for status inside a format) is not a label: not stored, not printed, and not
//   a partial format (~HS h) while it arrives (assumed). From its first real ^ command
//   on, an unfinished format is partial.
// - Tilde commands act at once, inside a format too, and stay in the stored text.
// - ~JA drops the waiting formats, the batch in progress and the partial format of the
//   stream it came on. A stream that closes mid-format loses that partial format
//   (assumed; the reference does not say).
// - No-reply condition (§3.4): with `silent_in_error`, no answer to ~HS nor to
//   device.host_status while media out, ribbon out or head open. ~HQES and ~HI are still
//   answered (assumed: the reference names only ~HS and device.host_status).
// - Buffer full: while set (or with `buffer_capacity` formats waiting), formats that
//   complete are dropped and counted (a real printer would stop reading instead).
// - Command and control prefixes are always ^ and ~ (^CC/~CT are not interpreted);
//   command letters are matched case-insensitively.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::sim {

// What ~HI reports: "ZT410-203dpi,V75.20.01Z,8,8192KB,X".
struct zpl_identity {
  std::string model = "ZT410-203dpi";
  std::string firmware = "V75.20.01Z";
  unsigned dots_per_mm = 8;
  std::string memory = "8192KB";
  std::string options = "X";
};

// The parse state of one byte stream into the printer (a TCP connection, the serial
// line). Owned by the transport, handed to every zpl_engine::feed() for that stream.
class zpl_stream {
public:
  bool in_format() const noexcept { return in_format_; } // since ^XA, not yet ^XZ

private:
  friend class zpl_engine;
  std::string format_;  // since ^XA, while in_format_
  bool in_format_ = false;
  bool has_content_ = false; // a ^ command other than ^XA/^XZ in this format
  std::string token_;   // a command being read: "~", "~H", "~HQE", "^X", …
  std::string sgd_;     // an SGD command line being read, from its '!'
  bool in_sgd_ = false;
};

struct zpl_state {
  std::size_t formats_received = 0;   // complete formats stored (labels())
  std::uint64_t labels_printed = 0;
  std::size_t formats_waiting = 0;    // ~HS eee
  std::uint32_t labels_remaining = 0; // ~HS uuuuuuuu: the batch in progress
  bool partial_format = false;        // some stream is inside a format with content
  bool paper_out = false;
  std::optional<std::uint64_t> paper_left; // labels until paper out, when scripted
  bool paused = false;
  bool head_open = false;
  bool ribbon_out = false;
  bool buffer_full = false;           // as ~HS f shows it
  std::size_t formats_dropped = 0;    // completed while the buffer was full
  std::chrono::milliseconds label_time{};
  bool silent_in_error = true;
  bool silent = false;
};

class zpl_engine {
public:
  using clock = std::chrono::steady_clock;

  struct settings {
    std::chrono::milliseconds label_time{20}; // per label; at least 1 ms
    bool silent_in_error = true;
    unsigned comm_settings = 30;   // ~HS aaa: 9600 8N1 Xon/Xoff (the reference's sample)
    unsigned label_length = 1218;  // ~HS dddd: 6 in at 203 dpi
    bool thermal_transfer = true;  // ~HS q and mmm bit 0; ribbon out matters only then
    unsigned print_mode = 2;       // ~HS r: tear-off
    unsigned print_width_mode = 6; // ~HS s, as in the reference's sample
    std::string password = "1234"; // ~HS xxxx
    std::size_t buffer_capacity = 999; // waiting formats before ~HS f; eee has 3 digits
    zpl_identity identity{};
  };

  zpl_engine(settings s, clock::time_point now);

  // Takes bytes from one stream; returns the replies to send back on it (may be empty).
  std::string feed(zpl_stream& stream, std::string_view bytes, clock::time_point now);
  // The stream is gone: its partial format is dropped.
  void close(zpl_stream& stream);

  // Faults and front-panel actions.
  void set_paper_out(bool out, clock::time_point now);
  // Out of paper after `labels` more labels (0: now). paper-in clears it.
  void paper_out_after(std::uint64_t labels, clock::time_point now);
  void set_head_open(bool open, clock::time_point now);
  void set_paused(bool paused, clock::time_point now);
  void set_ribbon_out(bool out, clock::time_point now);
  void set_buffer_full(bool full, clock::time_point now);
  void set_label_time(std::chrono::milliseconds per_label, clock::time_point now);
  void set_silent_in_error(bool silent);
  // No replies at all (queries are read and dropped) for `duration`, zero: until talk().
  void go_silent(std::chrono::milliseconds duration, clock::time_point now);
  void talk();
  // ~JA from the host side of the panel: waiting formats and the batch are dropped.
  void cancel_all(clock::time_point now);

  zpl_state state(clock::time_point now);
  // Every complete format received, in order, exactly as received (^XA … ^XZ).
  const std::vector<std::string>& formats() const noexcept { return formats_; }
  std::uint64_t labels_printed(clock::time_point now);

  // The replies as the printer sends them now (ignoring silence).
  std::string host_status_reply(clock::time_point now);
  std::string error_status_reply(clock::time_point now);
  std::string identity_reply() const;
  // device.host_status: the three ~HS strings without STX/ETX, quoted as SGD answers are.
  std::string sgd_host_status_reply(clock::time_point now);

  // ^PQ quantity of a format (1 when missing or 0).
  static std::uint32_t quantity_of(std::string_view format);

private:
  void advance(clock::time_point now);
  bool can_print() const noexcept;
  bool in_error() const noexcept;
  bool buffer_full() const noexcept;
  bool silent_now(clock::time_point now) const noexcept;
  void on_byte(zpl_stream& s, char c, std::string& replies, clock::time_point now);
  void on_tilde(zpl_stream& s, std::string_view command, std::string& replies, clock::time_point now);
  void on_caret(zpl_stream& s, std::string_view command, clock::time_point now);
  void on_sgd(std::string_view line, std::string& replies, clock::time_point now);
  void end_format(zpl_stream& s, clock::time_point now);
  void drop_partial(zpl_stream& s);
  std::vector<std::string> status_strings(clock::time_point now);

  settings settings_;
  std::vector<std::string> formats_;
  std::deque<std::uint32_t> waiting_; // quantities of the formats in the buffer
  std::uint32_t batch_left_ = 0;      // labels of the batch in progress, the current one included
  std::uint64_t printed_ = 0;
  std::size_t dropped_ = 0;
  std::size_t partial_streams_ = 0;
  // Printing is simulated up to here; while a label is in progress, this is its start.
  clock::time_point cursor_;
  bool paper_out_ = false;
  std::optional<std::uint64_t> paper_left_;
  bool head_open_ = false;
  bool paused_ = false;
  bool ribbon_out_ = false;
  bool forced_full_ = false;
  bool silent_forever_ = false;
  clock::time_point silent_until_{};
};

} // namespace stationd::sim
