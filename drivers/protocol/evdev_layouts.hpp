#pragma once

// What each key types in the layouts a scanner can be set to (US English,
// Swedish). Tables only; the decoder in evdev_keys.cpp applies modifiers.

#include "protocol/evdev_keys.hpp"

#include <cstdint>
#include <string_view>

namespace stationd::drivers::evdev {

// One shift level of a key: the UTF-8 text it types, or a dead key whose text
// is typed by the following Space (Swedish ´ ` ¨ ^ ~).
struct key_level {
  std::string_view text;
  bool dead = false;
};

struct key_map {
  std::uint16_t code = 0;
  key_level plain;
  key_level shifted;
  key_level altgr; // empty: AltGr+key types nothing
  bool letter = false; // CapsLock applies
};

// nullptr when the key types no character in the layout.
const key_map* find_key(layout which, std::uint16_t code) noexcept;

std::string_view layout_name(layout which) noexcept;

} // namespace stationd::drivers::evdev
