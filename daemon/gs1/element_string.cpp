// Element strings: what a scanner sends after ]C1, ]d2, ]Q3 or ]e0. AIs and
// values back to back; a GS (0x1D) ends a value whose length is not fixed by
// its AI's first two digits.

#include "gs1/ai_table.hpp"
#include "gs1/validate.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace stationd::gs1 {

namespace {

constexpr char group_separator = '\x1d';

bool printable(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= 0x20 && byte < 0x7F;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Why no AI could be read at `pos`.
error no_ai_error(std::string_view data, std::size_t pos) {
  using detail::make_error;
  const std::size_t length = pos + 1 < data.size() ? detail::ai_length_for_prefix(data[pos], data[pos + 1]) : 0;
  const std::size_t span = length != 0 ? length : 2;
  for (std::size_t i = pos; i < data.size() && i < pos + span; ++i) {
    const char c = data[i];
    if (c == group_separator) {
      if (i == pos) return make_error(errc::bad_syntax, "", "", i, fmt::format("Two GS separators in a row at position {}", i));
      return make_error(errc::bad_syntax, "", "", i, fmt::format("GS separator inside an AI at position {}", i));
    }
    if (!printable(c))
      return make_error(errc::not_ascii, "", "", i,
                        fmt::format("Byte 0x{:02X} at position {} is not printable ASCII", static_cast<unsigned char>(c), i));
    if (c == '^')
      return make_error(errc::bad_character, "", "", i,
                        fmt::format("'^' at position {} is not allowed (fields are separated by GS, not '^')", i));
    if (!is_digit(c))
      return make_error(errc::unknown_ai, "", "", pos, fmt::format("No AI at position {}: an AI is made of digits, found '{}'", pos, c));
  }
  if (pos + span > data.size())
    return make_error(errc::too_short, "", "", pos, fmt::format("The data ends inside an AI at position {}: {}", pos, data.substr(pos)));
  const std::string_view ai = data.substr(pos, span);
  if (length == 0)
    return make_error(errc::unknown_ai, ai, "", pos, fmt::format("Unknown AI at position {}: no GS1 AI starts with {}", pos, ai));
  return make_error(errc::unknown_ai, ai, "", pos, fmt::format("Unknown AI ({}) at position {}", ai, pos));
}

} // namespace

parsed parse_element_string(std::string_view data, const parse_options& options) {
  parsed out;
  if (data.empty()) {
    out.failure = detail::make_error(errc::empty, "", "", 0, "The scan holds no data");
    return out;
  }
  std::size_t pos = 0;
  if (data.front() == group_separator) ++pos; // some scanners send the leading FNC1 as GS
  if (pos == data.size()) {
    out.failure = detail::make_error(errc::empty, "", "", 0, "The scan holds only a GS separator");
    return out;
  }
  out.elements.reserve(8);
  detail::element_collector collector(out, {detail::form::element_string, options.current_year, options.require_companions});

  while (pos < data.size()) {
    const std::size_t ai_position = pos;
    const std::size_t length = pos + 1 < data.size() ? detail::ai_length_for_prefix(data[pos], data[pos + 1]) : 0;
    const detail::ai_entry* entry = length != 0 && pos + length <= data.size() ? detail::lookup(data.substr(pos, length)) : nullptr;
    if (!entry) {
      collector.fail(no_ai_error(data, pos));
      return out;
    }
    pos += length;

    // A pre-defined length AI takes exactly its length (cut short by a GS or
    // the end of data, it is reported as too short); any other value runs to
    // the next GS or the end.
    const std::size_t value_position = pos;
    std::size_t end = data.find(group_separator, pos);
    if (end == std::string_view::npos) end = data.size();
    if (!entry->def.fnc1_required) end = std::min(end, pos + entry->def.max_length);
    const std::string_view value = data.substr(value_position, end - value_position);
    pos = end;
    // A GS after any value is skipped, even after a fixed-length one or at the
    // very end: harmless, and some encoders write it.
    if (pos < data.size() && data[pos] == group_separator) ++pos;

    if (!collector.add(*entry, value, ai_position, detail::value_origin{value_position, {}, 0})) return out;
  }
  collector.finish();
  return out;
}

std::string to_element_string(const std::vector<element>& elements) {
  std::size_t size = 0;
  for (const auto& e : elements) size += e.ai.size() + e.value.size() + 1;
  std::string out;
  out.reserve(size);
  for (std::size_t i = 0; i < elements.size(); ++i) {
    out += elements[i].ai;
    out += elements[i].value;
    if (i + 1 == elements.size()) break;
    // Only a value whose length is not fixed by its AI needs a separator.
    const auto* entry = detail::lookup(elements[i].ai);
    if (!entry || entry->def.fnc1_required) out += group_separator;
  }
  return out;
}

} // namespace stationd::gs1
