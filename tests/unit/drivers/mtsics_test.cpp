#include "protocol/mtsics.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace stationd::drivers;
using namespace stationd::drivers::mtsics;

namespace {

const char* kind_name(reply_kind kind) {
  switch (kind) {
  case reply_kind::weight: return "weight";
  case reply_kind::not_executable: return "not_executable";
  case reply_kind::overload: return "overload";
  case reply_kind::underload: return "underload";
  case reply_kind::done: return "done";
  case reply_kind::more: return "more";
  case reply_kind::syntax_error: return "syntax_error";
  case reply_kind::transmission_error: return "transmission_error";
  case reply_kind::logical_error: return "logical_error";
  case reply_kind::device_error: return "device_error";
  case reply_kind::parameter_error: return "parameter_error";
  }
  return "?";
}

// One line per outcome so that a table row is one comparison:
// "<id> <kind> [stable|dynamic] [weight=<w> <unit>] [text=<text>]".
std::string render(const parse_result& result) {
  if (!result) {
    return result.failure ? "failure: " + result.failure->message : "neither reply nor failure";
  }
  const reply& r = *result.reply;
  std::string out = r.id + " " + kind_name(r.kind);
  if (r.stable) {
    out += " stable";
  }
  if (r.weight) {
    out += " weight=" + r.weight->to_string() + " " + r.unit;
  } else if (!r.unit.empty()) {
    out += " unit=" + r.unit;
  }
  if (!r.text.empty()) {
    out += " text=" + r.text;
  }
  return out;
}

struct row {
  std::string line;
  std::string expected;
};

} // namespace

TEST_CASE("MT-SICS command lines") {
  CHECK(command("SI") == "SI\r\n");
  CHECK(command("S") == "S\r\n");
  CHECK(command("Z") == "Z\r\n");
  CHECK(command("@") == "@\r\n");
  CHECK(command("TA 0.500 kg") == "TA 0.500 kg\r\n");
}

TEST_CASE("MT-SICS replies") {
  const std::vector<row> rows = {
      // weights, byte-exact from the reference (_ = space)
      {"S S      0.256 kg", "S weight stable weight=0.256 kg"},
      {"S S     129.09 kg", "S weight stable weight=129.09 kg"},
      {"S D     114.87 kg", "S weight weight=114.87 kg"},
      {"S S     100.00 g", "S weight stable weight=100.00 g"},
      {"S S     -0.256 kg", "S weight stable weight=-0.256 kg"},
      {"S D      0.000 lb", "S weight weight=0.000 lb"},
      {"S S 0.256 kg", "S weight stable weight=0.256 kg"},
      {"  S   S   0.256   kg  ", "S weight stable weight=0.256 kg"},
      {"SI S 1.5 kg", "SI weight stable weight=1.5 kg"},
      {"SIR D 1.5 kg", "SIR weight weight=1.5 kg"},
      {"SU S 12 ozt", "SU weight stable weight=12 ozt"},
      // not executable, overload, underload
      {"S I", "S not_executable"},
      {"S +", "S overload"},
      {"S -", "S underload"},
      {"SI I", "SI not_executable"},
      {"S L", "S parameter_error"},
      // zero
      {"Z A", "Z done"},
      {"Z I", "Z not_executable"},
      {"Z +", "Z overload"},
      {"Z -", "Z underload"},
      {"ZI S", "ZI done stable"},
      {"ZI D", "ZI done"},
      // tare
      {"T S      0.500 kg", "T done stable weight=0.500 kg"},
      {"T I", "T not_executable"},
      {"T +", "T overload"},
      {"T -", "T underload"},
      {"TI D 0.498 kg", "TI done weight=0.498 kg"},
      {"TA A      0.500 kg", "TA done weight=0.500 kg"},
      {"TA A", "TA done"},
      {"TAC A", "TAC done"},
      // identification; @ is answered by I4
      {"I4 A \"B207696838\"", "I4 done text=B207696838"},
      {"I4 A B207696838", "I4 done text=B207696838"},
      {"I2 A \"WXS205SDU WXA-Bridge 220.00900 g\"", "I2 done text=WXS205SDU WXA-Bridge 220.00900 g"},
      {"I3 A \"1.10 18.6.4.1361.772\"", "I3 done text=1.10 18.6.4.1361.772"},
      {"I1 A \"01\" \"2.20\" \"2.20\" \"\" \"\"", "I1 done text=\"01\" \"2.20\" \"2.20\" \"\" \"\""},
      {"I4 A \"\"", "I4 done"},
      {"I0 B 0 I0", "I0 more text=0 I0"},
      {"I0 B 1 TAC", "I0 more text=1 TAC"}, // a level and a command, not a weight in unit TAC
      {"I0 B   0 \"I0\"  ", "I0 more text=0 \"I0\""},
      {"I0 A", "I0 done"},
      // cancel
      {"C B", "C more"},
      {"C A", "C done"},
      // general errors
      {"ES", "ES syntax_error"},
      {"ET", "ET transmission_error"},
      {"EL", "EL logical_error"},
      {"  ES ", "ES syntax_error"},
      // hardware errors in a weight reply
      {"S S    Error 2t", "S device_error stable text=2t"},
      {"S S Error 10e", "S device_error stable text=10e"},
      {"SI D Error 3t", "SI device_error text=3t"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.line);
    const auto result = parse_reply(r.line);
    CHECK(render(result) == r.expected);
    CHECK(result.reply.has_value() != result.failure.has_value());
  }
}

TEST_CASE("unreadable MT-SICS replies name the line and the reason") {
  const std::vector<row> rows = {
      {"", "unreadable MT-SICS reply \"\": empty line"},
      {"   ", "unreadable MT-SICS reply \"   \": no reply ID"},
      {"S X 1", "unreadable MT-SICS reply \"S X 1\": unknown status 'X'"},
      {"S SS 0.256 kg", "unreadable MT-SICS reply \"S SS 0.256 kg\": unknown status 'SS'"},
      {"S s 0.256 kg", "unreadable MT-SICS reply \"S s 0.256 kg\": unknown status 's'"},
      {"S \"S\" 0.256 kg", "unreadable MT-SICS reply \"S \"S\" 0.256 kg\": unknown status 'S'"},
      {"S", "unreadable MT-SICS reply \"S\": no status after the ID"},
      {"Z", "unreadable MT-SICS reply \"Z\": no status after the ID"},
      {"s S 0.256 kg", "unreadable MT-SICS reply \"s S 0.256 kg\": \"s\" is not a reply ID"},
      {"1 S 0.256 kg", "unreadable MT-SICS reply \"1 S 0.256 kg\": \"1\" is not a reply ID"},
      {"?? garbage", "unreadable MT-SICS reply \"?? garbage\": \"??\" is not a reply ID"},
      {"\"S\" S 0.2 kg", "unreadable MT-SICS reply \"\"S\" S 0.2 kg\": \"S\" is not a reply ID"},
      {"S S", "unreadable MT-SICS reply \"S S\": no weight value"},
      {"S S 0.256", "unreadable MT-SICS reply \"S S 0.256\": weight without unit"},
      {"S S 0.2x6 kg", "unreadable MT-SICS reply \"S S 0.2x6 kg\": \"0.2x6\" is not a weight value"},
      {"S S - 0.256 kg", "unreadable MT-SICS reply \"S S - 0.256 kg\": \"-\" is not a weight value"},
      {"S S \"0.256\" kg", "unreadable MT-SICS reply \"S S \"0.256\" kg\": \"0.256\" is not a weight value"},
      {"S S 1e3 kg", "unreadable MT-SICS reply \"S S 1e3 kg\": \"1e3\" is not a weight value"},
      {"S S 0.256 k9", "unreadable MT-SICS reply \"S S 0.256 k9\": \"k9\" is not a unit"},
      {"S S 0.256 kg N", "unreadable MT-SICS reply \"S S 0.256 kg N\": unexpected \"N\" after the unit"},
      {"S D 0.256 kg kg", "unreadable MT-SICS reply \"S D 0.256 kg kg\": unexpected \"kg\" after the unit"},
      {"T S", "unreadable MT-SICS reply \"T S\": no weight value"},
      {"S S Error", "unreadable MT-SICS reply \"S S Error\": Error without a code"},
      {"S S Error 2t x", "unreadable MT-SICS reply \"S S Error 2t x\": unexpected \"x\" after the error code"},
      {"S I 5", "unreadable MT-SICS reply \"S I 5\": unexpected \"5\" after status 'I'"},
      {"S + 5.000 kg", "unreadable MT-SICS reply \"S + 5.000 kg\": unexpected \"5.000\" after status '+'"},
      {"ZI S 0.0 kg", "unreadable MT-SICS reply \"ZI S 0.0 kg\": unexpected \"0.0\" after status 'S'"},
      {"I4 S 1 kg", "unreadable MT-SICS reply \"I4 S 1 kg\": status 'S' does not belong to a reply to I4"},
      {"C D", "unreadable MT-SICS reply \"C D\": status 'D' does not belong to a reply to C"},
      {"ES 1", "unreadable MT-SICS reply \"ES 1\": unexpected \"1\" after ES"},
      {"EL A", "unreadable MT-SICS reply \"EL A\": unexpected \"A\" after EL"},
      {"I4 A \"B2076", "unreadable MT-SICS reply \"I4 A \"B2076\": unterminated quoted text"},
      {"I4 A \"B20\"76", "unreadable MT-SICS reply \"I4 A \"B20\"76\": no space after quoted text"},
      // non-printable bytes are shown escaped
      {"S S 0.256 kg\r", "unreadable MT-SICS reply \"S S 0.256 kg\\x0D\": byte 0x0D at position 12 is not printable ASCII"},
      {"S\tS 0.256 kg", "unreadable MT-SICS reply \"S\\x09S 0.256 kg\": byte 0x09 at position 1 is not printable ASCII"},
      {std::string{"S S\0", 4}, "unreadable MT-SICS reply \"S S\\x00\": byte 0x00 at position 3 is not printable ASCII"},
      {"I4 A \"B\xb5g\"", "unreadable MT-SICS reply \"I4 A \"B\\xB5g\"\": byte 0xB5 at position 7 is not printable ASCII"},
      {"S S 0.\\56 kg", "unreadable MT-SICS reply \"S S 0.\\\\56 kg\": \"0.\\56\" is not a weight value"},
      // a long line is cut in the message
      {"S S 0.256 kg " + std::string(80, 'x'),
       "unreadable MT-SICS reply \"S S 0.256 kg " + std::string(51, 'x') + "... (93 bytes)\": "
       "unexpected \"" + std::string(80, 'x') + "\" after the unit"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.line);
    const auto result = parse_reply(r.line);
    CHECK_FALSE(result);
    CHECK(render(result) == "failure: " + r.expected);
  }
}

TEST_CASE("an MT-SICS weight keeps the decimals the scale shows") {
  const auto result = parse_reply("S S      0.250 kg");
  REQUIRE(result);
  CHECK(result.reply->weight == decimal_weight{250, 3});
  CHECK(result.reply->weight->to_double() == 0.25);
}
