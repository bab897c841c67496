#include "labels/zpl_barcodes.hpp"

#include <fmt/format.h>

#include <cctype>

namespace stationd::labels {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Appends `text` to `out`, starting in subset C (`in_c` true), switching subsets
// as the characters need: pairs of digits in C, anything else in B.
void append_code128(std::string& out, std::string_view text, bool& in_c) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t run = 0;
    while (i + run < text.size() && is_digit(text[i + run])) ++run;
    if (in_c) {
      if (run >= 2) {
        const auto pairs = run / 2 * 2;
        out.append(text.substr(i, pairs));
        i += pairs;
        continue;
      }
      out += ">6"; // an odd digit or a letter: subset B
      in_c = false;
      continue;
    }
    // In subset B: go back to C only for a run worth it (4+ digits, even).
    if (run >= 4) {
      const auto pairs = run / 2 * 2;
      if (run % 2 == 1) { // the odd digit first, in B
        out.push_back(text[i]);
        ++i;
      }
      out += ">5";
      in_c = true;
      out.append(text.substr(i, pairs));
      i += pairs;
      continue;
    }
    // '>' starts an invocation code: the character itself is "><".
    if (text[i] == '>') out += "><";
    else out.push_back(text[i]);
    ++i;
  }
}

} // namespace

std::string gs1_128_field_data(const std::vector<gs1::element>& elements) {
  std::string out = ">;>8";
  bool in_c = true;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const auto& e = elements[i];
    append_code128(out, e.ai + e.value, in_c);
    const auto* def = gs1::find_ai(e.ai);
    const bool separator = (def == nullptr || def->fnc1_required) && i + 1 < elements.size();
    if (separator) out += ">8";
  }
  return out;
}

std::string code128_field_data(std::string_view text) {
  // Start in B (">:"); long digit runs still switch to C.
  std::string out = ">:";
  bool in_c = false;
  append_code128(out, text, in_c);
  return out;
}

std::optional<std::string> code128_problem(std::string_view text) {
  if (text.empty()) return "empty";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c > 0x7e) {
      return fmt::format("byte {} (0x{:02X}) is not printable ASCII, which Code 128 encodes", i + 1, c);
    }
  }
  return std::nullopt;
}

std::optional<std::string> text_from_field_data(std::string_view data) {
  bool in_c = false;
  if (data.starts_with(">;")) in_c = true;
  else if (!data.starts_with(">:")) return std::nullopt;
  std::string out;
  std::size_t i = 2;
  while (i < data.size()) {
    if (data[i] == '>') {
      if (i + 1 >= data.size()) return std::nullopt;
      const char code = data[i + 1];
      i += 2;
      if (code == '8') out.push_back('\x1d');
      else if (code == '5') in_c = true;
      else if (code == '6') in_c = false;
      else if (code == '<' && !in_c) out.push_back('>');
      else return std::nullopt;
      continue;
    }
    if (in_c) {
      if (i + 1 >= data.size() || !is_digit(data[i]) || !is_digit(data[i + 1])) return std::nullopt;
      out.append(data.substr(i, 2));
      i += 2;
    } else {
      out.push_back(data[i]);
      ++i;
    }
  }
  return out;
}

std::optional<std::string> element_string_from_field_data(std::string_view data) {
  auto text = text_from_field_data(data);
  if (!text || !text->starts_with('\x1d')) return std::nullopt; // no leading FNC1: not GS1-128
  return text->substr(1);
}

std::string sscc_text(std::string_view sscc, std::size_t prefix_length) {
  if (sscc.size() != 18 || prefix_length < 1 || prefix_length > 15) return fmt::format("(00) {}", sscc);
  return fmt::format("(00) {} {} {} {}", sscc.substr(0, 1), sscc.substr(1, prefix_length),
                     sscc.substr(1 + prefix_length, 16 - prefix_length), sscc.substr(17, 1));
}

} // namespace stationd::labels
