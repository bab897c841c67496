#include "protocol/evdev_layouts.hpp"

#include <linux/input.h>

#include <algorithm>
#include <array>
#include <cstddef>

namespace stationd::drivers::evdev {

namespace {

constexpr key_map letter(std::uint16_t code, std::string_view lower, std::string_view upper,
                         std::string_view altgr = {}) {
  return key_map{code, {lower}, {upper}, {altgr}, true};
}

constexpr key_map symbol(std::uint16_t code, std::string_view plain, std::string_view shifted,
                         std::string_view altgr = {}) {
  return key_map{code, {plain}, {shifted}, {altgr}, false};
}

// A key with at least one dead level ({"^", true}).
constexpr key_map dead(std::uint16_t code, key_level plain, key_level shifted, key_level altgr = {}) {
  return key_map{code, plain, shifted, altgr, false};
}

template <std::size_t... N>
constexpr auto concat(const std::array<key_map, N>&... parts) {
  std::array<key_map, (N + ...)> out{};
  std::size_t at = 0;
  ((std::copy(parts.begin(), parts.end(), out.begin() + static_cast<std::ptrdiff_t>(at)), at += N), ...);
  return out;
}

// The same on both layouts, except E and Q (AltGr+E is €, AltGr+Q @ on the
// Swedish one).
constexpr auto latin_letters = std::to_array<key_map>({
    letter(KEY_W, "w", "W"), letter(KEY_R, "r", "R"), letter(KEY_T, "t", "T"),
    letter(KEY_Y, "y", "Y"), letter(KEY_U, "u", "U"), letter(KEY_I, "i", "I"), letter(KEY_O, "o", "O"),
    letter(KEY_P, "p", "P"), letter(KEY_A, "a", "A"), letter(KEY_S, "s", "S"), letter(KEY_D, "d", "D"),
    letter(KEY_F, "f", "F"), letter(KEY_G, "g", "G"), letter(KEY_H, "h", "H"), letter(KEY_J, "j", "J"),
    letter(KEY_K, "k", "K"), letter(KEY_L, "l", "L"), letter(KEY_Z, "z", "Z"), letter(KEY_X, "x", "X"),
    letter(KEY_C, "c", "C"), letter(KEY_V, "v", "V"), letter(KEY_B, "b", "B"), letter(KEY_N, "n", "N"),
    letter(KEY_M, "m", "M"),
});

// Keypad keys type the same with and without Shift: a scanner uses them for
// digits (NumLock on) or Alt codes, never for navigation.
constexpr auto keypad(std::string_view decimal) {
  return std::to_array<key_map>({
      symbol(KEY_KP0, "0", "0"), symbol(KEY_KP1, "1", "1"), symbol(KEY_KP2, "2", "2"), symbol(KEY_KP3, "3", "3"),
      symbol(KEY_KP4, "4", "4"), symbol(KEY_KP5, "5", "5"), symbol(KEY_KP6, "6", "6"), symbol(KEY_KP7, "7", "7"),
      symbol(KEY_KP8, "8", "8"), symbol(KEY_KP9, "9", "9"), symbol(KEY_KPDOT, decimal, decimal),
      symbol(KEY_KPSLASH, "/", "/"), symbol(KEY_KPASTERISK, "*", "*"), symbol(KEY_KPMINUS, "-", "-"),
      symbol(KEY_KPPLUS, "+", "+"),
  });
}

// US English (ANSI): the 102nd key (86) does not exist on it.
constexpr auto us_keys = concat(std::to_array<key_map>({
                                    letter(KEY_Q, "q", "Q"),
                                    symbol(KEY_GRAVE, "`", "~"),
                                    symbol(KEY_1, "1", "!"),
                                    symbol(KEY_2, "2", "@"),
                                    symbol(KEY_3, "3", "#"),
                                    symbol(KEY_4, "4", "$"),
                                    symbol(KEY_5, "5", "%"),
                                    symbol(KEY_6, "6", "^"),
                                    symbol(KEY_7, "7", "&"),
                                    symbol(KEY_8, "8", "*"),
                                    symbol(KEY_9, "9", "("),
                                    symbol(KEY_0, "0", ")"),
                                    symbol(KEY_MINUS, "-", "_"),
                                    symbol(KEY_EQUAL, "=", "+"),
                                    letter(KEY_E, "e", "E"),
                                    symbol(KEY_LEFTBRACE, "[", "{"),
                                    symbol(KEY_RIGHTBRACE, "]", "}"),
                                    symbol(KEY_SEMICOLON, ";", ":"),
                                    symbol(KEY_APOSTROPHE, "'", "\""),
                                    symbol(KEY_BACKSLASH, "\\", "|"),
                                    symbol(KEY_COMMA, ",", "<"),
                                    symbol(KEY_DOT, ".", ">"),
                                    symbol(KEY_SLASH, "/", "?"),
                                    symbol(KEY_SPACE, " ", " "),
                                }),
                                latin_letters, keypad("."));

// Swedish (ISO, as Linux xkb "se" and Windows Swedish): ASCII punctuation moves
// to Shift+digits and AltGr; ` ^ ~ are dead keys a scanner types followed by
// Space; å ä ö are letters of their own and the keypad decimal key types ','.
// Of the AltGr levels all that type ASCII are listed, of the others only € £:
// the rest would be refused as scans anyway.
constexpr auto sv_keys = concat(std::to_array<key_map>({
                                    symbol(KEY_GRAVE, "\u00a7", "\u00bd"), // § ½
                                    symbol(KEY_1, "1", "!"),
                                    symbol(KEY_2, "2", "\"", "@"),
                                    symbol(KEY_3, "3", "#", "\u00a3"),      // £
                                    symbol(KEY_4, "4", "\u00a4", "$"),      // ¤
                                    symbol(KEY_5, "5", "%", "\u20ac"),      // €
                                    symbol(KEY_6, "6", "&"),
                                    symbol(KEY_7, "7", "/", "{"),
                                    symbol(KEY_8, "8", "(", "["),
                                    symbol(KEY_9, "9", ")", "]"),
                                    symbol(KEY_0, "0", "=", "}"),
                                    symbol(KEY_MINUS, "+", "?", "\\"),
                                    dead(KEY_EQUAL, {"\u00b4", true}, {"`", true}),                 // ´ `
                                    letter(KEY_Q, "q", "Q", "@"),                                     // Linux xkb
                                    letter(KEY_E, "e", "E", "\u20ac"),                               // €
                                    letter(KEY_LEFTBRACE, "\u00e5", "\u00c5"),                      // å Å
                                    dead(KEY_RIGHTBRACE, {"\u00a8", true}, {"^", true}, {"~", true}), // ¨ ^ ~
                                    letter(KEY_SEMICOLON, "\u00f6", "\u00d6"),                      // ö Ö
                                    letter(KEY_APOSTROPHE, "\u00e4", "\u00c4"),                     // ä Ä
                                    symbol(KEY_BACKSLASH, "'", "*"),
                                    symbol(KEY_102ND, "<", ">", "|"),
                                    symbol(KEY_COMMA, ",", ";"),
                                    symbol(KEY_DOT, ".", ":"),
                                    symbol(KEY_SLASH, "-", "_"),
                                    symbol(KEY_SPACE, " ", " "),
                                }),
                                latin_letters, keypad(","));

template <std::size_t N>
const key_map* find_in(const std::array<key_map, N>& keys, std::uint16_t code) noexcept {
  for (const auto& key : keys) {
    if (key.code == code) {
      return &key;
    }
  }
  return nullptr;
}

} // namespace

const key_map* find_key(layout which, std::uint16_t code) noexcept {
  return which == layout::sv ? find_in(sv_keys, code) : find_in(us_keys, code);
}

std::string_view layout_name(layout which) noexcept { return which == layout::sv ? "sv" : "us"; }

} // namespace stationd::drivers::evdev
