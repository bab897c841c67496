#include "protocol/evdev_keys.hpp"

#include "protocol/evdev_layouts.hpp"

#include <fmt/format.h>

#include <linux/input.h>

#include <algorithm>
#include <cstring>
#include <utility>

namespace stationd::drivers::evdev {

namespace {

constexpr char gs = 0x1D;
constexpr std::size_t max_alt_digits = 8;

// Keypad digit keys in the order of their digit: KP0 .. KP9.
constexpr std::uint16_t keypad_digits[] = {KEY_KP0, KEY_KP1, KEY_KP2, KEY_KP3, KEY_KP4,
                                           KEY_KP5, KEY_KP6, KEY_KP7, KEY_KP8, KEY_KP9};

std::optional<char> keypad_digit(std::uint16_t code) noexcept {
  for (int digit = 0; digit < 10; ++digit) {
    if (keypad_digits[digit] == code) {
      return static_cast<char>('0' + digit);
    }
  }
  return std::nullopt;
}

bool is_modifier(std::uint16_t code) noexcept {
  switch (code) {
  case KEY_LEFTSHIFT:
  case KEY_RIGHTSHIFT:
  case KEY_LEFTCTRL:
  case KEY_RIGHTCTRL:
  case KEY_LEFTALT:
  case KEY_RIGHTALT:
  case KEY_CAPSLOCK:
  case KEY_NUMLOCK: return true;
  default: return false;
  }
}

// A code point up to 0xFF in UTF-8.
std::string latin1(unsigned value) {
  if (value < 0x80) {
    return std::string(1, static_cast<char>(value));
  }
  return {static_cast<char>(0xC0 | (value >> 6)), static_cast<char>(0x80 | (value & 0x3F))};
}

} // namespace

std::vector<input_event> record_reader::feed(std::string_view bytes) {
  constexpr std::size_t record_size = sizeof(::input_event);
  partial_.append(bytes);
  std::vector<input_event> events;
  events.reserve(partial_.size() / record_size);
  std::size_t at = 0;
  for (; partial_.size() - at >= record_size; at += record_size) {
    ::input_event record{};
    std::memcpy(&record, partial_.data() + at, record_size);
    events.push_back(input_event{record.type, record.code, record.value});
  }
  partial_.erase(0, at);
  return events;
}

key_decoder::key_decoder(decoder_options options) : options_{options} {}

std::vector<decoded> key_decoder::feed(const input_event& event) {
  std::vector<decoded> out;
  if (event.type == EV_SYN) {
    if (event.code == SYN_DROPPED) {
      dropping_ = true;
      fail("input events were lost (SYN_DROPPED)");
    } else if (event.code == SYN_REPORT && dropping_) {
      dropping_ = false;
      shift_ = ctrl_ = alt_ = altgr_ = false;
      alt_digits_.clear();
      pending_dead_ = {};
    }
    return out;
  }
  // EV_MSC (the HID usage of each key), LEDs and the rest carry no characters.
  if (event.type != EV_KEY || dropping_ || event.value == 2) {
    return out;
  }
  const bool down = event.value == 1;
  if (is_modifier(event.code)) {
    on_modifier(event.code, down);
  } else if (down) {
    on_key_down(event.code, out);
  }
  return out;
}

std::optional<decoded> key_decoder::flush() {
  if (buffer_.empty() && !error_in_scan_ && alt_digits_.empty() && pending_dead_.empty()) {
    return std::nullopt;
  }
  return finish_scan();
}

void key_decoder::on_modifier(std::uint16_t code, bool down) {
  switch (code) {
  case KEY_LEFTSHIFT:
  case KEY_RIGHTSHIFT: shift_ = down; break;
  case KEY_LEFTCTRL:
  case KEY_RIGHTCTRL: ctrl_ = down; break;
  case KEY_LEFTALT:
  case KEY_RIGHTALT:
    (code == KEY_LEFTALT ? alt_ : altgr_) = down;
    if (!down && !alt_held()) {
      finish_alt_code();
    }
    break;
  case KEY_CAPSLOCK:
    if (down) {
      caps_ = !caps_;
    }
    break;
  default: break; // NumLock: keypad keys type digits either way
  }
}

bool key_decoder::alt_held() const noexcept { return alt_ || (altgr_ && options_.layout == layout::us); }

void key_decoder::on_key_down(std::uint16_t code, std::vector<decoded>& out) {
  if (code == KEY_ENTER || code == KEY_KPENTER) {
    out.push_back(finish_scan());
    return;
  }
  if (options_.gs == gs_method::key && code == options_.gs_key && code != 0) {
    append(std::string_view{&gs, 1});
    return;
  }
  if (alt_held()) {
    if (auto digit = keypad_digit(code)) {
      if (alt_digits_.size() < max_alt_digits) {
        alt_digits_ += *digit;
      } else {
        fail(fmt::format("Alt code with more than {} digits", max_alt_digits));
      }
    } else {
      fail(fmt::format("Alt+key {} is not an Alt code (keypad digits)", code));
    }
    return;
  }
  if (ctrl_) {
    const key_map* key = find_key(options_.layout, code);
    if (code == KEY_RIGHTBRACE) {
      if (options_.gs == gs_method::ctrl_right_bracket) {
        append(std::string_view{&gs, 1});
      } else {
        fail(fmt::format("Ctrl+] (key 27) typed, but the scanner is set up to send GS as {}",
                         options_.gs == gs_method::alt_numpad ? std::string{"Alt+029"}
                                                              : fmt::format("key {}", options_.gs_key)));
      }
    } else if (key && key->letter && key->plain.text.size() == 1) {
      const char control = static_cast<char>(key->plain.text[0] - 'a' + 1);
      append(std::string_view{&control, 1});
    } else {
      fail(fmt::format("Ctrl+key {} has no character", code));
    }
    return;
  }
  if (code == KEY_TAB) {
    fail("key Tab inside a scan");
    return;
  }
  type_character(code);
}

void key_decoder::type_character(std::uint16_t code) {
  const key_map* key = find_key(options_.layout, code);
  const bool altgr = altgr_ && options_.layout != layout::us;
  const key_level* level = nullptr;
  if (key) {
    const bool upper = key->letter ? shift_ != caps_ : shift_;
    level = altgr ? &key->altgr : upper ? &key->shifted : &key->plain;
  }
  if (!pending_dead_.empty()) {
    const std::string_view dead_text = pending_dead_;
    const std::uint16_t dead_code = pending_dead_code_;
    pending_dead_ = {};
    if (code == KEY_SPACE && !altgr) {
      append(dead_text);
      return;
    }
    fail(fmt::format("dead key {} (key {}) not followed by Space", dead_text, dead_code));
  }
  if (!level || level->text.empty()) {
    fail(altgr ? fmt::format("AltGr+key {} types no ASCII character in the {} layout", code,
                             layout_name(options_.layout))
               : fmt::format("key {} has no character in the {} layout", code, layout_name(options_.layout)));
    return;
  }
  if (level->dead) {
    pending_dead_ = level->text;
    pending_dead_code_ = code;
    return;
  }
  append(level->text);
}

void key_decoder::finish_alt_code() {
  if (alt_digits_.empty()) {
    return;
  }
  const std::string digits = std::exchange(alt_digits_, {});
  unsigned value = 0;
  for (const char digit : digits) {
    value = std::min(value * 10 + static_cast<unsigned>(digit - '0'), 1000U); // saturates: only "above 255" matters
  }
  if (value > 255) {
    fail(fmt::format("Alt+{} is not a character code (0 to 255)", digits));
    return;
  }
  append(latin1(value));
}

void key_decoder::append(std::string_view text) {
  if (buffer_.size() + text.size() > max_scan_bytes) {
    fail(fmt::format("scan longer than {} bytes without Enter", max_scan_bytes));
    return;
  }
  buffer_ += text;
}

void key_decoder::fail(std::string text) {
  if (!error_in_scan_) {
    error_in_scan_ = true;
    first_error_ = std::move(text);
  }
}

decoded key_decoder::finish_scan() {
  if (!pending_dead_.empty()) {
    fail(fmt::format("dead key {} (key {}) not followed by Space", pending_dead_, pending_dead_code_));
  }
  if (!alt_digits_.empty()) {
    fail(fmt::format("Alt+{} not finished by releasing Alt", alt_digits_));
  }
  decoded result;
  if (error_in_scan_) {
    result.error = std::move(first_error_);
    result.partial = std::move(buffer_);
  } else {
    result.scan = std::move(buffer_);
  }
  buffer_.clear();
  first_error_.clear();
  error_in_scan_ = false;
  alt_digits_.clear();
  pending_dead_ = {};
  return result;
}

} // namespace stationd::drivers::evdev
