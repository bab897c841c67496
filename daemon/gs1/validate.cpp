// Checks common to every written form: one value against its AI (length,
// characters, content), then the AIs of one code against each other.

#include "gs1/validate.hpp"

#include "gs1/linters.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace stationd::gs1::detail {

std::size_t value_origin::input_position(std::size_t index) const noexcept {
  if (escape == 0) return position + index;
  // Walk the raw text: an escape stands for one value character.
  std::size_t raw_index = 0;
  for (std::size_t k = 0; k < index && raw_index < raw.size(); ++k) {
    if (escape == '%' && raw[raw_index] == '%' && raw_index + 2 < raw.size()) raw_index += 3;
    else if (escape == '\\' && raw[raw_index] == '\\' && raw_index + 1 < raw.size() && raw[raw_index + 1] == '(') raw_index += 2;
    else raw_index += 1;
  }
  return position + raw_index;
}

error make_error(errc code, std::string_view ai, std::string_view value, std::size_t position, std::string message) {
  error e;
  e.code = code;
  e.ai = std::string(ai);
  e.value = std::string(value);
  e.position = position;
  e.message = std::move(message);
  return e;
}

namespace {

bool in_cset82(char c) {
  // GS1 AI encodable character set 82: the printable ASCII characters except
  // space # $ @ [ \ ] ^ ` { | } ~
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= 'a' && c <= 'z') return true;
  if (c >= '0' && c <= '9') return true;
  return std::string_view("!\"%&'()*+,-./:;<=>?_").find(c) != std::string_view::npos;
}

bool in_cset39(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '#' || c == '-' || c == '/'; }

bool in_cset64(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'; }

// "digits" for a numeric AI, unless the value itself holds other characters.
const char* unit(const format& f, std::string_view value, std::size_t n) {
  if (f.numeric && value.find_first_not_of("0123456789") == std::string_view::npos) return n == 1 ? "digit" : "digits";
  return n == 1 ? "character" : "characters";
}

bool variable_length(const format& f) {
  const component& last = f.parts[f.count - 1];
  return last.min != last.max;
}

// "14", "6 or 12", "8, 10 or 12", "4 to 12"
std::string expected_lengths(const format& f) {
  if (variable_length(f)) return fmt::format("{} to {}", f.min_length, f.max_length);
  std::array<unsigned, 6> lengths{};
  std::size_t n = 0;
  unsigned total = 0;
  for (std::size_t i = 0; i < f.count; ++i) {
    const component& c = f.parts[i];
    if (c.optional && total > 0) lengths[n++] = total;
    total += c.max;
  }
  lengths[n++] = total;
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) out += i + 1 == n ? " or " : ", ";
    out += std::to_string(lengths[i]);
  }
  return out;
}

std::optional<error> length_error(const ai_entry& entry, std::string_view value, const value_origin& origin, const check_context& context) {
  const format& f = *entry.fmt;
  const std::string_view ai = entry.def.ai;
  const bool too_long = value.size() > f.max_length;
  // A value that runs on to the next AI is the usual sign of a missing separator.
  const char* hint = too_long && context.where == form::element_string && entry.def.fnc1_required ? " (missing GS separator?)" : "";
  std::string message;
  if (too_long && variable_length(f))
    message = fmt::format("AI ({}) {}: the value is longer than {} {}{}", ai, value, f.max_length, unit(f, value, f.max_length), hint);
  else
    message = fmt::format("AI ({}) {}: the value has {} {}, expected {}{}", ai, value, value.size(), unit(f, value, value.size()),
                          expected_lengths(f), hint);
  return make_error(too_long ? errc::too_long : errc::too_short, ai, value, origin.position, std::move(message));
}

std::optional<error> character_error(const ai_entry& entry, const component& part, std::string_view value, std::size_t offset,
                                     const value_origin& origin) {
  const std::string_view ai = entry.def.ai;
  const std::string_view text = value.substr(offset, part.max);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char* rule = nullptr;
    switch (part.cset) {
    case char_set::numeric:
      if (c < '0' || c > '9') rule = "is not a digit";
      break;
    case char_set::cset82:
      if (!in_cset82(c)) rule = "is not in the GS1 character set";
      break;
    case char_set::cset39:
      if (!in_cset39(c)) rule = "is not allowed here (digits, capital letters, '#', '-' and '/' only)";
      break;
    case char_set::cset64:
      if (c == '=') {
        // Base64 padding: at most two, only at the end, making a multiple of three.
        const std::size_t pads = text.size() - i;
        if (text.find_first_not_of('=', i) == std::string_view::npos && pads <= 2 && text.size() % 3 == 0) return std::nullopt;
        rule = "is not valid padding here";
      } else if (!in_cset64(c)) {
        rule = "is not allowed here (letters, digits, '-' and '_' only)";
      }
      break;
    }
    if (rule) {
      const std::size_t at = origin.input_position(offset + i);
      return make_error(errc::bad_character, ai, value, at, fmt::format("AI ({}) {}: '{}' at position {} {}", ai, value, c, at, rule));
    }
  }
  return std::nullopt;
}

} // namespace

std::optional<error> check_value(const ai_entry& entry, std::string_view value, const value_origin& origin, const check_context& context) {
  const std::string_view ai = entry.def.ai;
  if (value.empty()) return make_error(errc::too_short, ai, value, origin.position, fmt::format("AI ({}) has no value", ai));

  // Bytes no AI allows, named by position and code since they cannot be shown.
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto byte = static_cast<unsigned char>(value[i]);
    if (byte < 0x20 || byte >= 0x7F) {
      const std::size_t at = origin.input_position(i);
      return make_error(errc::not_ascii, ai, value, at, fmt::format("AI ({}): byte 0x{:02X} at position {} is not printable ASCII", ai, byte, at));
    }
    if (byte == '^' && context.where == form::element_string) {
      const std::size_t at = origin.input_position(i);
      return make_error(errc::bad_character, ai, value, at,
                        fmt::format("AI ({}) {}: '^' at position {} is not allowed (fields are separated by GS, not '^')", ai, value, at));
    }
  }

  const format& f = *entry.fmt;
  if (value.size() > f.max_length || value.size() < f.min_length) return length_error(entry, value, origin, context);

  std::size_t offset = 0;
  for (std::size_t p = 0; p < f.count; ++p) {
    const component& part = f.parts[p];
    const std::size_t length = std::min<std::size_t>(value.size() - offset, part.max);
    if (part.optional && length == 0) break; // the optional tail is left out
    if (length < part.min) return length_error(entry, value, origin, context);
    if (auto e = character_error(entry, part, value, offset, origin)) return e;
    const std::string_view text = value.substr(offset, length);
    const lint_context lint{context.current_year, &origin, offset};
    for (linter l : part.linters) {
      if (l == linter::none) break;
      if (auto problem = run_linter(l, text, lint))
        return make_error(problem->code, ai, value, origin.input_position(offset + problem->offset),
                          fmt::format("AI ({}) {}: {}", ai, value, problem->detail));
    }
    offset += length;
  }
  return std::nullopt;
}

// ------------------------------------------------------------------ the collector

element_collector::element_collector(parsed& out, const check_context& context) : out_(out), context_(context) {}

bool element_collector::fail(error e) {
  out_.failure = std::move(e);
  return false;
}

bool element_collector::add(const ai_entry& entry, std::string_view value, std::size_t ai_position, const value_origin& origin) {
  if (out_.failure) return false;
  if (auto e = check_value(entry, value, origin, context_)) return fail(std::move(*e));
  const std::string_view ai = entry.def.ai;
  for (std::size_t i = 0; i < count_; ++i) {
    if (entries_[i] != &entry) continue;
    const std::string& earlier = out_.elements[i].value;
    if (context_.where == form::digital_link)
      return fail(make_error(errc::duplicate_ai, ai, value, ai_position, fmt::format("AI ({}) appears twice in the URI", ai)));
    if (earlier == value) return true;
    return fail(make_error(errc::duplicate_ai, ai, value, ai_position,
                           fmt::format("AI ({}) appears twice with different values: {} and {}", ai, earlier, value)));
  }
  if (count_ == max_elements)
    return fail(make_error(errc::bad_syntax, ai, value, ai_position, fmt::format("More than {} AIs in one code", max_elements)));
  entries_[count_] = &entry;
  positions_[count_] = ai_position;
  ++count_;
  out_.elements.push_back(element{std::string(ai), std::string(value)});
  return true;
}

bool element_collector::present(std::string_view pattern, std::size_t except) const noexcept {
  for (std::size_t j = 0; j < count_; ++j)
    if (j != except && entries_[j] != entries_[except] && ai_matches(pattern, entries_[j]->def.ai)) return true;
  return false;
}

bool element_collector::check_exclusions() {
  for (std::size_t i = 0; i < count_; ++i) {
    const std::string_view list = entries_[i]->ex;
    for (std::size_t start = 0; start < list.size();) {
      std::size_t end = list.find(',', start);
      if (end == std::string_view::npos) end = list.size();
      const std::string_view pattern = list.substr(start, end - start);
      start = end + 1;
      for (std::size_t j = 0; j < count_; ++j) {
        if (j == i || entries_[j] == entries_[i] || !ai_matches(pattern, entries_[j]->def.ai)) continue;
        // Name the pair in the order they appear; point at the later one.
        const std::size_t first = std::min(i, j);
        const std::size_t second = std::max(i, j);
        const auto& later = out_.elements[second];
        return fail(make_error(errc::excluded_ai_pair, later.ai, later.value, positions_[second],
                               fmt::format("AIs ({}) and ({}) may not appear together", out_.elements[first].ai, later.ai)));
      }
    }
  }
  return true;
}

namespace {

// "01,02,8006" -> "AI (01), (02) or (8006)"; "00,01+21" -> "AI (00) or (01) with (21)"
std::string describe_requirement(std::string_view group) {
  std::string out = "AI ";
  std::size_t alternatives = static_cast<std::size_t>(std::count(group.begin(), group.end(), ',')) + 1;
  std::size_t n = 0;
  for (std::size_t start = 0; start <= group.size(); ++n) {
    std::size_t end = group.find(',', start);
    if (end == std::string_view::npos) end = group.size();
    const std::string_view alternative = group.substr(start, end - start);
    if (n > 0) out += n + 1 == alternatives ? " or " : ", ";
    for (std::size_t s = 0; s <= alternative.size();) {
      std::size_t e = alternative.find('+', s);
      if (e == std::string_view::npos) e = alternative.size();
      if (s > 0) out += " with ";
      out += fmt::format("({})", alternative.substr(s, e - s));
      s = e + 1;
    }
    start = end + 1;
  }
  return out;
}

} // namespace

bool element_collector::check_requirements() {
  for (std::size_t i = 0; i < count_; ++i) {
    const std::string_view groups = entries_[i]->req;
    for (std::size_t gstart = 0; gstart < groups.size();) {
      std::size_t gend = groups.find(' ', gstart);
      if (gend == std::string_view::npos) gend = groups.size();
      const std::string_view group = groups.substr(gstart, gend - gstart);
      gstart = gend + 1;

      bool satisfied = false;
      for (std::size_t start = 0; start <= group.size() && !satisfied;) {
        std::size_t end = group.find(',', start);
        if (end == std::string_view::npos) end = group.size();
        const std::string_view alternative = group.substr(start, end - start);
        start = end + 1;
        bool all = true;
        for (std::size_t s = 0; s <= alternative.size() && all;) {
          std::size_t e = alternative.find('+', s);
          if (e == std::string_view::npos) e = alternative.size();
          all = present(alternative.substr(s, e - s), i);
          s = e + 1;
        }
        satisfied = all;
      }
      if (!satisfied) {
        const auto& el = out_.elements[i];
        return fail(make_error(errc::missing_required_ai, el.ai, el.value, positions_[i],
                               fmt::format("AI ({}) needs {} in the same code", el.ai, describe_requirement(group))));
      }
    }
  }
  return true;
}

// A digital signature (8030) signs a serialised key: a GDTI, GCN or GRAI
// without its optional serial part cannot carry one.
bool element_collector::check_signature_serials() {
  bool signed_code = false;
  for (std::size_t i = 0; i < count_; ++i) signed_code = signed_code || entries_[i]->def.ai == "8030";
  if (!signed_code) return true;
  for (std::size_t i = 0; i < count_; ++i) {
    const auto& el = out_.elements[i];
    if ((el.ai == "253" || el.ai == "255" || el.ai == "8003") && el.value.size() == entries_[i]->fmt->min_length)
      return fail(make_error(errc::missing_required_ai, el.ai, el.value, positions_[i],
                             fmt::format("AI ({}) {}: the serial part is needed when AI (8030) signs the code", el.ai, el.value)));
  }
  return true;
}

bool element_collector::finish() {
  if (out_.failure) return false;
  return check_exclusions() && (!context_.require_companions || check_requirements()) && check_signature_serials();
}

} // namespace stationd::gs1::detail
