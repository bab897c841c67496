#pragma once

// Builds the events a keyboard-wedge scanner produces: for every key press or
// release an EV_MSC/MSC_SCAN record (the HID usage; the decoder ignores it),
// the EV_KEY record and a SYN_REPORT, as the kernel delivers them.
//
// Sequences are written as words: "a" taps a key, "+lshift"/"-lshift" press and
// release, "*a" is an autorepeat, "#183" taps a key by code, "DROP" is a
// SYN_DROPPED and "SYN" a lone SYN_REPORT.

#include "protocol/evdev_keys.hpp"

#include <linux/input.h>

#include <cstdint>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace evdev_test {

namespace ev = stationd::drivers::evdev;

inline const std::map<std::string, std::uint16_t>& key_names() {
  static const std::map<std::string, std::uint16_t> names = {
      {"a", KEY_A}, {"b", KEY_B}, {"c", KEY_C}, {"d", KEY_D}, {"e", KEY_E}, {"f", KEY_F}, {"g", KEY_G},
      {"h", KEY_H}, {"i", KEY_I}, {"j", KEY_J}, {"k", KEY_K}, {"l", KEY_L}, {"m", KEY_M}, {"n", KEY_N},
      {"o", KEY_O}, {"p", KEY_P}, {"q", KEY_Q}, {"r", KEY_R}, {"s", KEY_S}, {"t", KEY_T}, {"u", KEY_U},
      {"v", KEY_V}, {"w", KEY_W}, {"x", KEY_X}, {"y", KEY_Y}, {"z", KEY_Z},
      {"1", KEY_1}, {"2", KEY_2}, {"3", KEY_3}, {"4", KEY_4}, {"5", KEY_5}, {"6", KEY_6}, {"7", KEY_7},
      {"8", KEY_8}, {"9", KEY_9}, {"0", KEY_0},
      {"kp0", KEY_KP0}, {"kp1", KEY_KP1}, {"kp2", KEY_KP2}, {"kp3", KEY_KP3}, {"kp4", KEY_KP4},
      {"kp5", KEY_KP5}, {"kp6", KEY_KP6}, {"kp7", KEY_KP7}, {"kp8", KEY_KP8}, {"kp9", KEY_KP9},
      {"kpdot", KEY_KPDOT}, {"kpslash", KEY_KPSLASH}, {"kpasterisk", KEY_KPASTERISK}, {"kpminus", KEY_KPMINUS},
      {"kpplus", KEY_KPPLUS}, {"kpenter", KEY_KPENTER}, {"enter", KEY_ENTER},
      {"lshift", KEY_LEFTSHIFT}, {"rshift", KEY_RIGHTSHIFT}, {"lctrl", KEY_LEFTCTRL}, {"rctrl", KEY_RIGHTCTRL},
      {"lalt", KEY_LEFTALT}, {"ralt", KEY_RIGHTALT}, {"caps", KEY_CAPSLOCK}, {"numlock", KEY_NUMLOCK},
      {"tab", KEY_TAB}, {"space", KEY_SPACE}, {"minus", KEY_MINUS}, {"equal", KEY_EQUAL},
      {"lbrace", KEY_LEFTBRACE}, {"rbrace", KEY_RIGHTBRACE}, {"semicolon", KEY_SEMICOLON},
      {"apostrophe", KEY_APOSTROPHE}, {"grave", KEY_GRAVE}, {"backslash", KEY_BACKSLASH}, {"comma", KEY_COMMA},
      {"dot", KEY_DOT}, {"slash", KEY_SLASH}, {"102nd", KEY_102ND}, {"f11", KEY_F11}, {"backspace", KEY_BACKSPACE},
  };
  return names;
}

class typist {
public:
  void press(std::uint16_t code) { key(code, 1); }
  void release(std::uint16_t code) { key(code, 0); }
  void tap(std::uint16_t code) {
    press(code);
    release(code);
  }
  void repeat(std::uint16_t code) { key(code, 2); }
  void dropped() { events_.push_back({EV_SYN, SYN_DROPPED, 0}); }
  void report() { events_.push_back({EV_SYN, SYN_REPORT, 0}); }

  // Words as described at the top of this file.
  void play(const std::string& words) {
    std::istringstream in{words};
    std::string word;
    while (in >> word) {
      if (word == "DROP") {
        dropped();
      } else if (word == "SYN") {
        report();
      } else if (word[0] == '+') {
        press(code(word.substr(1)));
      } else if (word[0] == '-') {
        release(code(word.substr(1)));
      } else if (word[0] == '*') {
        repeat(code(word.substr(1)));
      } else {
        tap(code(word));
      }
    }
  }

  const std::vector<ev::input_event>& events() const { return events_; }

private:
  static std::uint16_t code(const std::string& name) {
    if (name.size() > 1 && name[0] == '#') {
      return static_cast<std::uint16_t>(std::stoi(name.substr(1)));
    }
    const auto found = key_names().find(name);
    if (found == key_names().end()) {
      throw std::invalid_argument{"no key named " + name};
    }
    return found->second;
  }

  void key(std::uint16_t code, std::int32_t value) {
    events_.push_back({EV_MSC, MSC_SCAN, 0x70000 + code});
    events_.push_back({EV_KEY, code, value});
    events_.push_back({EV_SYN, SYN_REPORT, 0});
  }

  std::vector<ev::input_event> events_;
};

// Every outcome as one line: "scan <text>" or "error <text> | partial <text>",
// with bytes outside printable ASCII as \xNN so that GS and UTF-8 are visible.
inline std::string show(std::string_view text) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte >= 0x20 && byte < 0x7F && ch != '\\') {
      out += ch;
    } else {
      out += "\\x";
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
    }
  }
  return out;
}

inline std::string show(const ev::decoded& d) {
  if (d.error) {
    return "error " + *d.error + " | partial " + show(d.partial);
  }
  if (d.scan) {
    return "scan " + show(*d.scan);
  }
  return "nothing";
}

inline std::vector<std::string> decode_all(ev::key_decoder& decoder, const std::vector<ev::input_event>& events) {
  std::vector<std::string> out;
  for (const auto& event : events) {
    for (const auto& d : decoder.feed(event)) {
      out.push_back(show(d));
    }
  }
  return out;
}

inline std::vector<std::string> decode_words(const ev::decoder_options& options, const std::string& words) {
  typist t;
  t.play(words);
  ev::key_decoder decoder{options};
  return decode_all(decoder, t.events());
}

} // namespace evdev_test
