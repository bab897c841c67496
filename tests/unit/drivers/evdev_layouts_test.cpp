// Every printable ASCII character typed the way a scanner set to each layout
// types it, and the GS1 example with each GS method on both layouts.

#include "evdev_typist.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

using namespace evdev_test;

namespace {

// How to type one character: modifiers held around a key, and for a dead key
// the Space after it.
struct stroke {
  std::vector<std::uint16_t> modifiers;
  std::uint16_t key = 0;
  bool dead = false;
};

// A keyboard row as printed on the keycaps: one character per key and level,
// '\0' where the level types no ASCII character.
struct keycap_row {
  std::vector<std::uint16_t> codes;
  std::string plain;
  std::string shifted;
  std::string altgr;
};

std::map<char, stroke> strokes_from(const std::vector<keycap_row>& rows) {
  std::map<char, stroke> out;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.codes.size(); ++i) {
      const auto add = [&](const std::string& level, std::vector<std::uint16_t> modifiers) {
        if (i < level.size() && level[i] != '\0') {
          out.emplace(level[i], stroke{std::move(modifiers), row.codes[i], false});
        }
      };
      add(row.plain, {});
      add(row.shifted, {KEY_LEFTSHIFT});
      add(row.altgr, {KEY_RIGHTALT});
    }
  }
  return out;
}

const std::map<char, stroke>& us_strokes() {
  static const auto strokes = strokes_from({
      {{KEY_GRAVE, KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8, KEY_9, KEY_0, KEY_MINUS, KEY_EQUAL},
       "`1234567890-=", "~!@#$%^&*()_+", ""},
      {{KEY_Q, KEY_W, KEY_E, KEY_R, KEY_T, KEY_Y, KEY_U, KEY_I, KEY_O, KEY_P, KEY_LEFTBRACE, KEY_RIGHTBRACE},
       "qwertyuiop[]", "QWERTYUIOP{}", ""},
      {{KEY_A, KEY_S, KEY_D, KEY_F, KEY_G, KEY_H, KEY_J, KEY_K, KEY_L, KEY_SEMICOLON, KEY_APOSTROPHE, KEY_BACKSLASH},
       "asdfghjkl;'\\", "ASDFGHJKL:\"|", ""},
      {{KEY_Z, KEY_X, KEY_C, KEY_V, KEY_B, KEY_N, KEY_M, KEY_COMMA, KEY_DOT, KEY_SLASH}, "zxcvbnm,./", "ZXCVBNM<>?", ""},
      {{KEY_SPACE}, " ", "", ""},
  });
  return strokes;
}

const std::map<char, stroke>& sv_strokes() {
  static const auto strokes = [] {
    using namespace std::string_literals;
    auto s = strokes_from({
        {{KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8, KEY_9, KEY_0, KEY_MINUS},
         "1234567890+", "!\"#\0%&/()=?"s, "\0@\0$\0\0{[]}\\"s},
        {{KEY_Q, KEY_W, KEY_E, KEY_R, KEY_T, KEY_Y, KEY_U, KEY_I, KEY_O, KEY_P}, "qwertyuiop", "QWERTYUIOP", ""},
        {{KEY_A, KEY_S, KEY_D, KEY_F, KEY_G, KEY_H, KEY_J, KEY_K, KEY_L, KEY_BACKSLASH}, "asdfghjkl'", "ASDFGHJKL*", ""},
        {{KEY_102ND, KEY_Z, KEY_X, KEY_C, KEY_V, KEY_B, KEY_N, KEY_M, KEY_COMMA, KEY_DOT, KEY_SLASH},
         "<zxcvbnm,.-", ">ZXCVBNM;:_", "|"},
        {{KEY_SPACE}, " ", "", ""},
    });
    s.emplace('`', stroke{{KEY_LEFTSHIFT}, KEY_EQUAL, true});
    s.emplace('^', stroke{{KEY_LEFTSHIFT}, KEY_RIGHTBRACE, true});
    s.emplace('~', stroke{{KEY_RIGHTALT}, KEY_RIGHTBRACE, true});
    return s;
  }();
  return strokes;
}

// Types `text` as a scanner set to `options` does, GS by its GS method, and Enter.
typist type_scan(const ev::decoder_options& options, const std::string& text) {
  const auto& strokes = options.layout == ev::layout::sv ? sv_strokes() : us_strokes();
  typist t;
  for (const char ch : text) {
    if (ch == '\x1d') {
      switch (options.gs) {
      case ev::gs_method::ctrl_right_bracket: t.play("+lctrl rbrace -lctrl"); break;
      case ev::gs_method::alt_numpad: t.play("+lalt kp0 kp2 kp9 -lalt"); break;
      case ev::gs_method::key: t.tap(options.gs_key); break;
      }
      continue;
    }
    const stroke& s = strokes.at(ch);
    for (const auto modifier : s.modifiers) {
      t.press(modifier);
    }
    t.tap(s.key);
    for (auto it = s.modifiers.rbegin(); it != s.modifiers.rend(); ++it) {
      t.release(*it);
    }
    if (s.dead) {
      t.tap(KEY_SPACE);
    }
  }
  t.tap(KEY_ENTER);
  return t;
}

std::vector<std::string> decode_scan(const ev::decoder_options& options, const std::string& text) {
  ev::key_decoder decoder{options};
  return decode_all(decoder, type_scan(options, text).events());
}

const char* name(ev::layout layout) { return layout == ev::layout::sv ? "sv" : "us"; }

const char* name(ev::gs_method gs) {
  switch (gs) {
  case ev::gs_method::ctrl_right_bracket: return "ctrl_right_bracket";
  case ev::gs_method::alt_numpad: return "alt_numpad";
  case ev::gs_method::key: return "key";
  }
  return "?";
}

} // namespace

TEST_CASE("every printable ASCII character on both layouts") {
  std::string all;
  for (char ch = 0x20; ch < 0x7F; ++ch) {
    all += ch;
  }
  for (const auto layout : {ev::layout::us, ev::layout::sv}) {
    CAPTURE(std::string{name(layout)});
    const ev::decoder_options options{layout, ev::gs_method::ctrl_right_bracket, 0};
    CHECK((layout == ev::layout::sv ? sv_strokes() : us_strokes()).size() == 95);
    for (const char ch : all) {
      const std::string text(1, ch);
      CAPTURE(text);
      CHECK(decode_scan(options, text) == std::vector<std::string>{"scan " + show(text)});
    }
    CHECK(decode_scan(options, all) == std::vector<std::string>{"scan " + show(all)});
  }
}

TEST_CASE("the GS1 example with each GS method on both layouts") {
  const std::string gs1 = "]d2011950110153000031030123451726123110LOT-A1\x1d" "21SN0001";
  struct row {
    ev::layout layout;
    ev::gs_method gs;
    std::uint16_t gs_key;
  };
  const std::vector<row> rows = {
      {ev::layout::us, ev::gs_method::ctrl_right_bracket, 0},
      {ev::layout::us, ev::gs_method::alt_numpad, 0},
      {ev::layout::us, ev::gs_method::key, KEY_F11},
      {ev::layout::sv, ev::gs_method::ctrl_right_bracket, 0},
      {ev::layout::sv, ev::gs_method::alt_numpad, 0},
      {ev::layout::sv, ev::gs_method::key, KEY_F11},
  };
  for (const auto& r : rows) {
    CAPTURE(std::string{name(r.layout)});
    CAPTURE(std::string{name(r.gs)});
    const ev::decoder_options options{r.layout, r.gs, r.gs_key};
    CHECK(decode_scan(options, gs1) ==
          std::vector<std::string>{"scan ]d2011950110153000031030123451726123110LOT-A1\\x1D21SN0001"});
  }
}

TEST_CASE("a scanner set to the other layout types other characters") {
  // The US scanner's ']' (key 27) is a dead key on Swedish; its '-' (key 12) is '+'.
  const ev::decoder_options us_scanner{ev::layout::us, ev::gs_method::ctrl_right_bracket, 0};
  const ev::decoder_options sv_host{ev::layout::sv, ev::gs_method::ctrl_right_bracket, 0};
  ev::key_decoder decoder{sv_host};
  CHECK(decode_all(decoder, type_scan(us_scanner, "LOT-A1").events()) == std::vector<std::string>{"scan LOT+A1"});
  CHECK(decode_all(decoder, type_scan(us_scanner, "]d2").events()) ==
        std::vector<std::string>{"error dead key \xC2\xA8 (key 27) not followed by Space | partial d2"});
}
