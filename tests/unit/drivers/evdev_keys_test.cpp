#include "evdev_typist.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace evdev_test;

namespace {

ev::decoder_options us(ev::gs_method gs = ev::gs_method::ctrl_right_bracket, std::uint16_t gs_key = 0) {
  return ev::decoder_options{ev::layout::us, gs, gs_key};
}
ev::decoder_options sv(ev::gs_method gs = ev::gs_method::ctrl_right_bracket, std::uint16_t gs_key = 0) {
  return ev::decoder_options{ev::layout::sv, gs, gs_key};
}

struct row {
  const char* what;
  ev::decoder_options options;
  std::string words;
  std::vector<std::string> expected;
};

constexpr auto alt_numpad = ev::gs_method::alt_numpad;
constexpr auto gs_key = ev::gs_method::key;

} // namespace

TEST_CASE("key decoder: modifiers, control characters, GS, errors") {
  const std::vector<row> rows = {
      // plain typing and Shift
      {"letters", us(), "a b c enter", {"scan abc"}},
      {"keypad Enter ends a scan", us(), "a kpenter", {"scan a"}},
      {"Enter alone is an empty scan", us(), "enter", {"scan "}},
      {"two scans", us(), "a enter b enter", {"scan a", "scan b"}},
      {"left Shift", us(), "+lshift a -lshift b enter", {"scan Ab"}},
      {"right Shift", us(), "+rshift 1 -rshift 1 enter", {"scan !1"}},
      {"Shift held over several keys", us(), "+lshift l o t -lshift minus a 1 enter", {"scan LOT-a1"}},
      {"space", us(), "a space b enter", {"scan a b"}},
      // CapsLock: letters only; Shift+letter with CapsLock is lower case
      {"CapsLock letters", us(), "caps a b caps c enter", {"scan ABc"}},
      {"CapsLock and Shift", us(), "caps +lshift a -lshift b caps enter", {"scan aB"}},
      {"CapsLock leaves digits", us(), "caps 1 +lshift 1 -lshift caps enter", {"scan 1!"}},
      {"CapsLock held and repeated toggles once", us(), "+caps *caps -caps a caps enter", {"scan A"}},
      // autorepeat and stray releases
      {"autorepeat is ignored", us(), "+a *a *a -a enter", {"scan a"}},
      {"a release without a press types nothing", us(), "-a -enter b enter", {"scan b"}},
      // keypad without Alt types digits, NumLock or not
      {"keypad digits", us(), "kp1 kp2 kpdot kp3 kpenter", {"scan 12.3"}},
      {"keypad operators", us(), "kpslash kpasterisk kpminus kpplus enter", {"scan /*-+"}},
      {"NumLock changes nothing", us(), "numlock kp1 numlock kp2 enter", {"scan 12"}},
      {"keypad with Shift", us(), "+lshift kp7 -lshift enter", {"scan 7"}},
      // Ctrl+letter: 0x01..0x1A
      {"Ctrl+A", us(), "+lctrl a -lctrl enter", {"scan \\x01"}},
      {"Ctrl+M", us(), "+lctrl m -lctrl enter", {"scan \\x0D"}},
      {"Ctrl+Z with right Ctrl", us(), "+rctrl z -rctrl enter", {"scan \\x1A"}},
      {"Ctrl+Shift+A", us(), "+lshift +lctrl a -lctrl -lshift enter", {"scan \\x01"}},
      {"Ctrl+A on Swedish", sv(), "+lctrl a -lctrl enter", {"scan \\x01"}},
      {"Ctrl+1", us(), "+lctrl 1 -lctrl enter", {"error Ctrl+key 2 has no character | partial "}},
      {"Ctrl+å", sv(), "+lctrl lbrace -lctrl enter", {"error Ctrl+key 26 has no character | partial "}},
      // GS by Ctrl+]
      {"Ctrl+] is GS", us(), "a +lctrl rbrace -lctrl b enter", {"scan a\\x1Db"}},
      {"right Ctrl+] is GS", us(), "+rctrl rbrace -rctrl enter", {"scan \\x1D"}},
      {"Ctrl + key 27 is GS on Swedish", sv(), "+lctrl rbrace -lctrl enter", {"scan \\x1D"}},
      {"Ctrl+] with the Alt method", us(alt_numpad), "a +lctrl rbrace -lctrl b enter",
       {"error Ctrl+] (key 27) typed, but the scanner is set up to send GS as Alt+029 | partial ab"}},
      {"Ctrl+] with the key method", sv(gs_key, KEY_F11), "+lctrl rbrace -lctrl enter",
       {"error Ctrl+] (key 27) typed, but the scanner is set up to send GS as key 87 | partial "}},
      // Alt + keypad digits, on Alt release, with any GS method
      {"Alt+029 is GS", us(alt_numpad), "a +lalt kp0 kp2 kp9 -lalt b enter", {"scan a\\x1Db"}},
      {"Alt+0029 is GS", us(alt_numpad), "+lalt kp0 kp0 kp2 kp9 -lalt enter", {"scan \\x1D"}},
      {"Alt+29 is GS", sv(alt_numpad), "+lalt kp2 kp9 -lalt enter", {"scan \\x1D"}},
      {"Alt+029 with the Ctrl method", us(), "+lalt kp0 kp2 kp9 -lalt enter", {"scan \\x1D"}},
      {"Alt+065 is A", us(), "+lalt kp0 kp6 kp5 -lalt enter", {"scan A"}},
      {"Alt+64 is @ on Swedish", sv(), "+lalt kp6 kp4 -lalt enter", {"scan @"}},
      {"right Alt is Alt on US", us(), "+ralt kp6 kp5 -ralt enter", {"scan A"}},
      {"Alt+255 is Latin-1 in UTF-8", us(), "+lalt kp2 kp5 kp5 -lalt enter", {"scan \\xC3\\xBF"}},
      {"Alt+0 is NUL", us(), "+lalt kp0 -lalt enter", {"scan \\x00"}},
      {"Alt+256", us(), "+lalt kp2 kp5 kp6 -lalt a enter", {"error Alt+256 is not a character code (0 to 255) | partial a"}},
      {"Alt+99999", us(), "+lalt kp9 kp9 kp9 kp9 kp9 -lalt enter",
       {"error Alt+99999 is not a character code (0 to 255) | partial "}},
      {"Alt code over 8 digits", us(), "+lalt kp0 kp0 kp0 kp0 kp0 kp0 kp0 kp0 kp0 -lalt enter",
       {"error Alt code with more than 8 digits | partial \\x00"}},
      {"Alt + a letter", us(), "+lalt a -lalt b enter", {"error Alt+key 30 is not an Alt code (keypad digits) | partial b"}},
      {"Alt pressed and released alone", us(), "+lalt -lalt a enter", {"scan a"}},
      {"Alt+digits finished by Enter", us(), "+lalt kp6 kp5 enter -lalt", {"error Alt+65 not finished by releasing Alt | partial "}},
      // a dedicated GS key
      {"F11 as GS key", us(gs_key, KEY_F11), "a f11 b enter", {"scan a\\x1Db"}},
      {"F11 without the key method", us(), "a f11 b enter", {"error key 87 has no character in the us layout | partial ab"}},
      {"Tab as GS key", sv(gs_key, KEY_TAB), "a tab b enter", {"scan a\\x1Db"}},
      {"GS key with Shift held", us(gs_key, KEY_F11), "+lshift f11 -lshift enter", {"scan \\x1D"}},
      {"gs_key 0 is no key", us(gs_key, 0), "#0 enter", {"error key 0 has no character in the us layout | partial "}},
      // errors: the scan still ends at Enter, the first error wins, the next scan is clean
      {"Tab inside a scan", us(), "a tab b enter", {"error key Tab inside a scan | partial ab"}},
      {"unknown key code", us(), "a #183 b enter", {"error key 183 has no character in the us layout | partial ab"}},
      {"Backspace", us(), "a backspace enter", {"error key 14 has no character in the us layout | partial a"}},
      {"first error wins", us(), "#183 tab a enter", {"error key 183 has no character in the us layout | partial a"}},
      {"the next scan is clean", us(), "#183 enter a enter",
       {"error key 183 has no character in the us layout | partial ", "scan a"}},
      {"no 102nd key on US", us(), "102nd enter", {"error key 86 has no character in the us layout | partial "}},
      // SYN_DROPPED: events up to the next SYN_REPORT are lost, the scan ends with an error
      {"dropped events", us(), "a b DROP c SYN d enter", {"error input events were lost (SYN_DROPPED) | partial abd"}},
      {"modifiers are released after a drop", us(), "+lshift a DROP SYN b enter",
       {"error input events were lost (SYN_DROPPED) | partial Ab"}},
      {"the scan after a drop is clean", us(), "a DROP SYN b enter c enter",
       {"error input events were lost (SYN_DROPPED) | partial ab", "scan c"}},
      {"Enter lost in a drop", us(), "a DROP enter SYN b enter",
       {"error input events were lost (SYN_DROPPED) | partial ab"}},
      {"an Alt code cut by a drop", us(), "+lalt kp6 DROP SYN kp5 -lalt enter",
       {"error input events were lost (SYN_DROPPED) | partial 5"}},
      {"CapsLock survives a drop", us(), "caps DROP SYN a caps enter", {"error input events were lost (SYN_DROPPED) | partial A"}},
  };
  for (const auto& r : rows) {
    CAPTURE(std::string{r.what});
    CAPTURE(r.words);
    CHECK(decode_words(r.options, r.words) == r.expected);
  }
}

TEST_CASE("key decoder: Swedish punctuation, AltGr and dead keys") {
  const std::vector<row> rows = {
      {"@ is AltGr+2", sv(), "+ralt 2 -ralt enter", {"scan @"}},
      {"braces and brackets on AltGr+7 8 9 0", sv(), "+ralt 7 8 9 0 -ralt enter", {"scan {[]}"}},
      {"backslash is AltGr + key 12", sv(), "+ralt minus -ralt enter", {"scan \\x5C"}},
      {"bar is AltGr + key 86", sv(), "+ralt 102nd -ralt enter", {"scan |"}},
      {"< > on key 86", sv(), "102nd +lshift 102nd -lshift enter", {"scan <>"}},
      {"- _ on key 53", sv(), "slash +lshift slash -lshift enter", {"scan -_"}},
      {"+ ? on key 12", sv(), "minus +lshift minus -lshift enter", {"scan +?"}},
      {"$ is AltGr+4", sv(), "+ralt 4 -ralt enter", {"scan $"}},
      {"@ is also AltGr+Q (Linux)", sv(), "+ralt q -ralt enter", {"scan @"}},
      {"right Alt+Q on US is Alt+Q", us(), "+ralt q -ralt enter",
       {"error Alt+key 16 is not an Alt code (keypad digits) | partial "}},
      {"AltGr + key 13 is not ASCII", sv(), "+ralt equal -ralt enter",
       {"error AltGr+key 13 types no ASCII character in the sv layout | partial "}},
      {"' * on key 43", sv(), "backslash +lshift backslash -lshift enter", {"scan '*"}},
      {"Shift+digits", sv(), "+lshift 1 2 3 5 6 7 8 9 0 -lshift enter", {"scan !\"#%&/()="}},
      {"; : on keys 51 52", sv(), "+lshift comma dot -lshift enter", {"scan ;:"}},
      {"keypad decimal is a comma", sv(), "kp1 kpdot kp5 enter", {"scan 1,5"}},
      // non-ASCII letters come out as UTF-8; the scan decoder refuses them
      {"å ä ö", sv(), "lbrace apostrophe semicolon enter", {"scan \\xC3\\xA5\\xC3\\xA4\\xC3\\xB6"}},
      {"Å Ä Ö with Shift", sv(), "+lshift lbrace apostrophe semicolon -lshift enter", {"scan \\xC3\\x85\\xC3\\x84\\xC3\\x96"}},
      {"Å with CapsLock, å with CapsLock and Shift", sv(), "caps lbrace +lshift lbrace -lshift caps enter",
       {"scan \\xC3\\x85\\xC3\\xA5"}},
      {"§ and ½", sv(), "grave +lshift grave -lshift enter", {"scan \\xC2\\xA7\\xC2\\xBD"}},
      {"€ £ ¤", sv(), "+ralt 5 e 3 -ralt +lshift 4 -lshift enter", {"scan \\xE2\\x82\\xAC\\xE2\\x82\\xAC\\xC2\\xA3\\xC2\\xA4"}},
      // dead keys: the scanner follows them with Space
      {"^ is Shift + dead key 27, Space", sv(), "+lshift rbrace -lshift space enter", {"scan ^"}},
      {"~ is AltGr + dead key 27, Space", sv(), "+ralt rbrace -ralt space enter", {"scan ~"}},
      {"` is Shift + dead key 13, Space", sv(), "+lshift equal -lshift space enter", {"scan `"}},
      {"´ is dead key 13, Space", sv(), "equal space enter", {"scan \\xC2\\xB4"}},
      {"¨ is dead key 27, Space", sv(), "rbrace space enter", {"scan \\xC2\\xA8"}},
      {"dead key and Shift+Space", sv(), "+lshift rbrace space -lshift enter", {"scan ^"}},
      {"a dead key before a letter", sv(), "a +lshift rbrace -lshift e enter",
       {"error dead key ^ (key 27) not followed by Space | partial ae"}},
      {"two dead keys", sv(), "rbrace rbrace space enter", {"error dead key \xC2\xA8 (key 27) not followed by Space | partial \\xC2\\xA8"}},
      {"a dead key before Enter", sv(), "a +lshift equal -lshift enter", {"error dead key ` (key 13) not followed by Space | partial a"}},
      // what Swedish does not have
      {"AltGr+1", sv(), "+ralt 1 -ralt enter", {"error AltGr+key 2 types no ASCII character in the sv layout | partial "}},
      {"AltGr + keypad is no Alt code", sv(), "+ralt kp6 kp5 -ralt enter", {"error AltGr+key 77 types no ASCII character in the sv layout | partial "}},
      {"unknown key on Swedish", sv(), "#183 enter", {"error key 183 has no character in the sv layout | partial "}},
  };
  for (const auto& r : rows) {
    CAPTURE(std::string{r.what});
    CAPTURE(r.words);
    CHECK(decode_words(r.options, r.words) == r.expected);
  }
}

TEST_CASE("key decoder: the idle timeout flushes a scan without Enter") {
  struct flush_row {
    const char* what;
    ev::decoder_options options;
    std::string words;
    std::string expected; // "nothing" when flush() returns nullopt
  };
  const std::vector<flush_row> rows = {
      {"nothing typed", us(), "", "nothing"},
      {"only modifiers", us(), "+lshift -lshift caps", "nothing"},
      {"a scan without Enter", us(), "a b c", "scan abc"},
      {"after a complete scan", us(), "a enter", "nothing"},
      {"an error without Enter", us(), "a tab", "error key Tab inside a scan | partial a"},
      {"a drop and nothing else", us(), "DROP SYN", "error input events were lost (SYN_DROPPED) | partial "},
      {"an open Alt code", us(), "+lalt kp6", "error Alt+6 not finished by releasing Alt | partial "},
      {"an open dead key", sv(), "a rbrace", "error dead key \xC2\xA8 (key 27) not followed by Space | partial a"},
  };
  for (const auto& r : rows) {
    CAPTURE(std::string{r.what});
    typist t;
    t.play(r.words);
    ev::key_decoder decoder{r.options};
    decode_all(decoder, t.events());
    const auto flushed = decoder.flush();
    CHECK((flushed ? show(*flushed) : std::string{"nothing"}) == r.expected);
    CHECK_FALSE(decoder.flush().has_value());
  }
}

TEST_CASE("key decoder: a scan without Enter is bounded") {
  typist t;
  for (std::size_t i = 0; i < ev::key_decoder::max_scan_bytes + 10; ++i) {
    t.tap(KEY_1);
  }
  t.tap(KEY_ENTER);
  t.play("a enter");
  ev::key_decoder decoder{us()};
  const auto results = decode_all(decoder, t.events());
  REQUIRE(results.size() == 2);
  CHECK(results[0] == "error scan longer than 4096 bytes without Enter | partial " + std::string(4096, '1'));
  CHECK(results[1] == "scan a");
}
