#pragma once

// Helpers for the GS1 tests: parse in any of the three forms and render the
// outcome as one readable line, so a table row compares with a single CHECK
// and a mismatch prints both lines.

#include "gs1/gs1.hpp"

#include <string>
#include <string_view>

namespace gs1_test {

using namespace stationd::gs1;

enum class written { element_string, bracketed, digital_link };

inline const char* name(written w) {
  switch (w) {
  case written::element_string: return "element string";
  case written::bracketed: return "bracketed";
  case written::digital_link: return "Digital Link";
  }
  return "?";
}

inline parsed parse(written w, std::string_view text, int current_year = 2026) {
  parse_options options;
  options.current_year = current_year;
  switch (w) {
  case written::element_string: return parse_element_string(text, options);
  case written::bracketed: return parse_bracketed(text, options);
  case written::digital_link: return parse_digital_link(text, options);
  }
  return {};
}

inline std::string render(written w, const std::vector<element>& elements) {
  switch (w) {
  case written::element_string: return to_element_string(elements);
  case written::bracketed: return to_bracketed(elements);
  case written::digital_link: return to_digital_link(elements);
  }
  return {};
}

inline const char* code_name(errc code) {
  switch (code) {
  case errc::empty: return "empty";
  case errc::not_ascii: return "not_ascii";
  case errc::bad_character: return "bad_character";
  case errc::unknown_ai: return "unknown_ai";
  case errc::too_short: return "too_short";
  case errc::too_long: return "too_long";
  case errc::bad_check_digit: return "bad_check_digit";
  case errc::bad_date: return "bad_date";
  case errc::bad_time: return "bad_time";
  case errc::bad_value: return "bad_value";
  case errc::duplicate_ai: return "duplicate_ai";
  case errc::missing_required_ai: return "missing_required_ai";
  case errc::excluded_ai_pair: return "excluded_ai_pair";
  case errc::bad_syntax: return "bad_syntax";
  case errc::bad_uri: return "bad_uri";
  case errc::bad_path: return "bad_path";
  case errc::bad_query: return "bad_query";
  }
  return "?";
}

// Input made printable for test names and captures: GS as <GS>, other
// unprintable bytes as \xNN.
inline std::string visible(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == 0x1D) out += "<GS>";
    else if (byte < 0x20 || byte >= 0x7F) {
      out += "\\x";
      out += hex[byte >> 4];
      out += hex[byte & 0x0F];
    } else out += c;
  }
  return out;
}

// "ok (01)...(10)..." or "too_short at 2: AI (01) ...".
inline std::string outcome(const parsed& p) {
  if (p.failure) return std::string(code_name(p.failure->code)) + " at " + std::to_string(p.failure->position) + ": " + p.failure->message;
  return "ok " + to_bracketed(p.elements);
}

} // namespace gs1_test
