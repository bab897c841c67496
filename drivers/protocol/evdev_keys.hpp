#pragma once

// USB keyboard-wedge scanners read through Linux evdev (device protocol reference,
// section 1.6): 24-byte struct input_event records, key codes turned back into
// characters with a keyboard layout. Pure: the driver reads records from the
// device (or a pipe in tests) and feeds them in here.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::drivers::evdev {

// The fields of struct input_event that matter (time is ignored).
struct input_event {
  std::uint16_t type = 0;
  std::uint16_t code = 0;
  std::int32_t value = 0;
};

// Decodes raw records (sizeof(struct input_event) bytes each on this machine) and
// keeps a partial record between calls.
class record_reader {
public:
  std::vector<input_event> feed(std::string_view bytes);

private:
  std::string partial_;
};

enum class layout { us, sv }; // the layout the scanner was set to type in (US English, Swedish)

// How the scanner types the GS separator, which has no key of its own.
enum class gs_method {
  ctrl_right_bracket, // Ctrl + the key that types ']' on a US layout (ASCII 0x1D = Ctrl+])
  alt_numpad,         // Alt held, keypad 0 2 9 (Alt+029), released: the decimal code becomes a character
  key,                // a dedicated key code, see decoder_options::gs_key
};

struct decoder_options {
  evdev::layout layout = layout::us;
  evdev::gs_method gs = gs_method::ctrl_right_bracket;
  std::uint16_t gs_key = 0; // gs_method::key: this key code types GS (e.g. 87 = F11)
};

// One decoded scan, or a problem with it. Characters are UTF-8 as the layout
// types them (Swedish å ä ö too): refusing what is not printable ASCII is the
// scan decoder's job, which names the byte.
struct decoded {
  std::optional<std::string> scan; // complete, on Enter / keypad Enter
  std::optional<std::string> error; // e.g. "key 183 has no character in the us layout"
  std::string partial; // with an error: what was decoded of that scan, for logs only
};

// Turns key events into characters: tracks Shift, Ctrl, Alt, AltGr (right Alt),
// CapsLock (letters only); ignores autorepeat (value 2) and releases except of
// modifiers; Enter (28) and keypad Enter (96) end a scan; SYN_DROPPED (EV_SYN
// code 3) means events were lost: the scan in progress is discarded with an error
// and state resynchronised at the next SYN_REPORT.
//
// Details: a key that types nothing, Tab (unless it is the gs_key), Ctrl or Alt
// with a key they do not combine with, or an Alt code above 255 make the scan
// end with an error instead of a scan (at Enter, or at flush()); the error is the
// first problem in that scan. Ctrl+letter types 0x01..0x1A; Ctrl + key 27 types
// GS only with gs_method::ctrl_right_bracket (key 27 is not ']' on every layout,
// so it means GS only by that scanner setting). Alt + keypad digits type the
// decimal code on Alt release with every gs_method (the code names the
// character): 0..127 ASCII, 128..255 Latin-1 as UTF-8. On the US layout right
// Alt is Alt. A dead key (Swedish ´ ` ¨ ^ ~) types its character with the
// following Space; any other key after it is an error. After SYN_DROPPED the
// modifiers are taken as released (a scanner holds them for one character at
// most) and the damaged scan ends with an error at the next Enter or flush(),
// so its tail is never taken for a scan of its own.
class key_decoder {
public:
  // A scanner that never sends Enter must not grow the buffer without bound.
  static constexpr std::size_t max_scan_bytes = 4096;

  explicit key_decoder(decoder_options options);
  std::vector<decoded> feed(const input_event& event);
  // The idle timeout passed: a scan without Enter is returned as it is (with an
  // error if the scan had one, or a dead key or an Alt code was left open).
  std::optional<decoded> flush();

private:
  void on_key_down(std::uint16_t code, std::vector<decoded>& out);
  void on_modifier(std::uint16_t code, bool down);
  void type_character(std::uint16_t code);
  void append(std::string_view text);
  void finish_alt_code();
  void fail(std::string text);
  decoded finish_scan();
  bool alt_held() const noexcept;

  decoder_options options_;
  std::string buffer_;
  bool shift_ = false;
  bool ctrl_ = false;
  bool alt_ = false;
  bool altgr_ = false;
  bool caps_ = false;
  bool dropping_ = false;
  std::string alt_digits_;
  bool error_in_scan_ = false;
  std::string first_error_;
  std::string_view pending_dead_; // the text of a dead key waiting for Space (static table storage)
  std::uint16_t pending_dead_code_ = 0;
};

} // namespace stationd::drivers::evdev
