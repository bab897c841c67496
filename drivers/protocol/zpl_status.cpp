#include "protocol/zpl_status.hpp"

#include "protocol/text_escape.hpp"

#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <span>

namespace stationd::drivers::zpl {

namespace {

constexpr char stx = 0x02;
constexpr char etx = 0x03;
constexpr char cr = 0x0D;
constexpr char lf = 0x0A;

// A reply is a handful of short lines; anything longer is not a printer answering us.
constexpr std::size_t max_reply_bytes = 1024;

bool is_line_end(char ch) noexcept { return ch == cr || ch == lf; }
bool is_digit(char ch) noexcept { return ch >= '0' && ch <= '9'; }
bool is_hex(char ch) noexcept { return is_digit(ch) || (ch >= 'A' && ch <= 'F') || (ch >= 'a' && ch <= 'f'); }

std::string quoted(std::string_view bytes) { return fmt::format("\"{}\"", escape_bytes(bytes)); }

template <typename T>
parsed<T> failure(std::string text) {
  parsed<T> result;
  result.error = std::move(text);
  return result;
}

std::size_t skip_line_ends(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_line_end(text[pos])) ++pos;
  return pos;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

// The ~HQES and ~HI replies: one <STX> … <ETX> block; the <CR><LF> a printer may
// put after it is accepted, anything else there is not.
struct block {
  std::string_view body;
  std::optional<std::string> error;
};

block one_block(std::string_view reply, std::string_view what) {
  if (reply.empty()) return {{}, fmt::format("{} reply is empty", what)};
  if (reply.front() != stx) return {{}, fmt::format("{} reply does not start with <STX>: {}", what, quoted(reply))};
  const auto end = reply.find(etx);
  if (end == std::string_view::npos) return {{}, fmt::format("{} reply has no <ETX>: {}", what, quoted(reply))};
  const auto after = skip_line_ends(reply, end + 1);
  if (after != reply.size())
    return {{}, fmt::format("{} reply has bytes after <ETX>: {}", what, quoted(reply.substr(end + 1)))};
  return {reply.substr(1, end - 1), std::nullopt};
}

// ---- ~HS ----------------------------------------------------------------------------

enum class field_kind {
  number, // decimal digits, at most `width` of them (printers zero-pad to the width)
  flag,   // exactly "0" or "1"
};

struct field_spec {
  std::string_view code; // the letters of the manual's layout, "dddd"
  std::string_view name;
  field_kind kind;
};

// Indexes into these tables are the positions in each string; fill_* below read them
// by position, so the order here is the order on the wire.
constexpr std::array<field_spec, 12> string1_fields{{
    {"aaa", "communication settings", field_kind::number},
    {"b", "paper out", field_kind::flag},
    {"c", "pause", field_kind::flag},
    {"dddd", "label length", field_kind::number},
    {"eee", "formats in buffer", field_kind::number},
    {"f", "buffer full", field_kind::flag},
    {"g", "diagnostic mode", field_kind::flag},
    {"h", "partial format", field_kind::flag},
    {"iii", "unused", field_kind::number},
    {"j", "corrupt RAM", field_kind::flag},
    {"k", "under temperature", field_kind::flag},
    {"l", "over temperature", field_kind::flag},
}};

constexpr std::array<field_spec, 11> string2_fields{{
    {"mmm", "function settings", field_kind::number},
    {"n", "unused", field_kind::number},
    {"o", "head open", field_kind::flag},
    {"p", "ribbon out", field_kind::flag},
    {"q", "thermal transfer", field_kind::flag},
    {"r", "print mode", field_kind::number},
    {"s", "print width mode", field_kind::number},
    {"t", "label waiting", field_kind::flag},
    {"uuuuuuuu", "labels remaining", field_kind::number},
    {"v", "format while printing", field_kind::number},
    {"www", "graphics stored", field_kind::number},
}};

// The password is kept as text (leading zeros matter), but it is digits like the rest.
constexpr std::array<field_spec, 2> string3_fields{{
    {"xxxx", "password", field_kind::number},
    {"y", "static RAM", field_kind::flag},
}};

// Checks every field of one string; the values are read afterwards, knowing they are
// well formed. At most 8 digits, so every value fits in 32 bits.
std::optional<std::string> check_fields(std::span<const field_spec> specs, std::span<const std::string_view> fields) {
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const auto& spec = specs[i];
    const auto text = fields[i];
    const auto label = fmt::format("~HS field {} ({})", spec.code, spec.name);
    if (spec.kind == field_kind::flag) {
      if (text != "0" && text != "1") return fmt::format("{} is {}, expected 0 or 1", label, quoted(text));
      continue;
    }
    if (text.empty()) return fmt::format("{} is empty", label);
    for (const char ch : text) {
      if (!is_digit(ch)) return fmt::format("{} {} is not a number", label, quoted(text));
    }
    if (text.size() > spec.code.size())
      return fmt::format("{} {} has {} digits, at most {}", label, quoted(text), text.size(), spec.code.size());
  }
  return std::nullopt;
}

std::uint32_t number(std::string_view digits) {
  std::uint32_t value = 0;
  for (const char ch : digits) value = value * 10U + static_cast<std::uint32_t>(ch - '0');
  return value;
}

bool flag(std::string_view text) { return text == "1"; }

} // namespace

parsed<host_status> parse_host_status(std::string_view reply) {
  if (reply.empty()) return failure<host_status>("~HS reply is empty");

  // Framing first: three <STX> … <ETX> strings, <CR><LF> (or nothing) between them.
  std::array<std::string_view, 3> bodies{};
  std::size_t pos = 0;
  for (std::size_t n = 0; n < bodies.size(); ++n) {
    if (pos >= reply.size()) return failure<host_status>(fmt::format("~HS reply has {} strings, expected 3", n));
    if (reply[pos] != stx)
      return failure<host_status>(
          fmt::format("~HS string {} does not start with <STX>: {}", n + 1, quoted(reply.substr(pos))));
    const auto end = reply.find(etx, pos + 1);
    const auto next_stx = reply.find(stx, pos + 1);
    if (end == std::string_view::npos && next_stx == std::string_view::npos)
      return failure<host_status>(fmt::format("~HS string {} has no <ETX>: {}", n + 1, quoted(reply.substr(pos + 1))));
    if (next_stx < end) {
      return failure<host_status>(fmt::format("~HS string {} has no <ETX> before the next <STX>: {}", n + 1,
                                              quoted(reply.substr(pos + 1, next_stx - pos - 1))));
    }
    bodies[n] = reply.substr(pos + 1, end - pos - 1);
    pos = skip_line_ends(reply, end + 1);
  }
  if (pos != reply.size())
    return failure<host_status>(fmt::format("~HS reply has bytes after string 3: {}", quoted(reply.substr(pos))));

  const std::array<std::span<const field_spec>, 3> specs{string1_fields, string2_fields, string3_fields};
  std::array<std::vector<std::string_view>, 3> fields;
  for (std::size_t n = 0; n < bodies.size(); ++n) {
    fields[n] = split(bodies[n], ',');
    if (fields[n].size() != specs[n].size()) {
      return failure<host_status>(fmt::format("~HS string {} has {} fields, expected {}: {}", n + 1, fields[n].size(),
                                              specs[n].size(), quoted(bodies[n])));
    }
    if (auto problem = check_fields(specs[n], fields[n])) return failure<host_status>(std::move(*problem));
  }

  host_status hs;
  const auto& s1 = fields[0];
  hs.comm_settings = number(s1[0]);
  hs.paper_out = flag(s1[1]);
  hs.paused = flag(s1[2]);
  hs.label_length = number(s1[3]);
  hs.formats_in_buffer = number(s1[4]);
  hs.buffer_full = flag(s1[5]);
  hs.diagnostic_mode = flag(s1[6]);
  hs.partial_format = flag(s1[7]);
  // s1[8]: iii, unused
  hs.corrupt_ram = flag(s1[9]);
  hs.under_temperature = flag(s1[10]);
  hs.over_temperature = flag(s1[11]);
  const auto& s2 = fields[1];
  hs.function_settings = number(s2[0]);
  // s2[1]: n, unused
  hs.head_open = flag(s2[2]);
  hs.ribbon_out = flag(s2[3]);
  hs.thermal_transfer = flag(s2[4]);
  hs.print_mode = number(s2[5]);
  hs.print_width_mode = number(s2[6]);
  hs.label_waiting = flag(s2[7]);
  hs.labels_remaining = number(s2[8]);
  // s2[9]: v, "format while printing", always 1
  hs.graphics_stored = number(s2[10]);
  const auto& s3 = fields[2];
  hs.password = std::string{s3[0]};
  hs.static_ram = flag(s3[1]);

  parsed<host_status> result;
  result.value = std::move(hs);
  return result;
}

namespace {

// "ERRORS:         1 00000000 00010004" after the label: flag, then two groups of
// 8 hex digits; the bits are in the second group.
struct status_line {
  bool flag = false;
  std::uint32_t bits = 0;
};

std::optional<std::string> read_status_line(std::string_view label, std::string_view values, status_line& out) {
  std::vector<std::string_view> words;
  for (const auto word : split(values, ' ')) {
    if (!word.empty()) words.push_back(word);
  }
  if (words.size() != 3) {
    return fmt::format("~HQES {} line has {} values, expected 3 (flag and two 8-digit hex groups): {}", label,
                       words.size(), quoted(values));
  }
  if (words[0] != "0" && words[0] != "1")
    return fmt::format("~HQES {} flag is {}, expected 0 or 1", label, quoted(words[0]));
  for (std::size_t g = 1; g <= 2; ++g) {
    const auto group = words[g];
    bool ok = group.size() == 8;
    for (const char ch : group) ok = ok && is_hex(ch);
    if (!ok) return fmt::format("~HQES {} group {} {} is not 8 hex digits", label, g, quoted(group));
  }
  // Hex, not decimal: one public parser reads \d+ and loses A-F (reference §3.5).
  std::uint32_t bits = 0;
  for (const char ch : words[2]) {
    const auto nibble = is_digit(ch) ? ch - '0' : (ch >= 'a' ? ch - 'a' + 10 : ch - 'A' + 10);
    bits = (bits << 4U) | static_cast<std::uint32_t>(nibble);
  }
  out.flag = words[0] == "1";
  out.bits = bits;
  return std::nullopt;
}

} // namespace

parsed<error_status> parse_error_status(std::string_view reply) {
  const auto framed = one_block(reply, "~HQES");
  if (framed.error) return failure<error_status>(*framed.error);

  // Lines end in <CR><LF>; Zebra pads them with spaces, OKI does not. Other lines
  // ("PRINTER STATUS", blank ones) carry nothing we need.
  std::optional<status_line> errors;
  std::optional<status_line> warnings;
  for (auto line : split(framed.body, lf)) {
    while (!line.empty() && (line.back() == cr || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    for (const auto& [label, slot] : {std::pair{std::string_view{"ERRORS"}, &errors},
                                      std::pair{std::string_view{"WARNINGS"}, &warnings}}) {
      if (!line.starts_with(label) || line.substr(label.size(), 1) != ":") continue;
      if (slot->has_value()) return failure<error_status>(fmt::format("~HQES reply has two {} lines", label));
      status_line parsed_line;
      if (auto problem = read_status_line(label, line.substr(label.size() + 1), parsed_line))
        return failure<error_status>(std::move(*problem));
      *slot = parsed_line;
    }
  }
  if (!errors) return failure<error_status>("~HQES reply has no ERRORS line");
  if (!warnings) return failure<error_status>("~HQES reply has no WARNINGS line");

  parsed<error_status> result;
  result.value = error_status{errors->flag, errors->bits, warnings->flag, warnings->bits};
  return result;
}

parsed<identity> parse_identity(std::string_view reply) {
  const auto framed = one_block(reply, "~HI");
  if (framed.error) return failure<identity>(*framed.error);

  // "ZT410-203dpi,V75.20.01Z,8,8192KB,X"; the options may be missing. Whatever follows
  // the fourth comma is the options text: what a printer lists there is not documented.
  const auto fields = split(framed.body, ',');
  if (fields.size() < 4) {
    return failure<identity>(
        fmt::format("~HI reply has {} fields, expected 4 or 5: {}", fields.size(), quoted(framed.body)));
  }
  if (fields[0].empty()) return failure<identity>("~HI model is empty");
  if (fields[1].empty()) return failure<identity>("~HI firmware is empty");
  const auto dpm = fields[2];
  if (dpm != "6" && dpm != "8" && dpm != "12" && dpm != "24")
    return failure<identity>(fmt::format("~HI dots per mm {} is not 6, 8, 12 or 24", quoted(dpm)));
  if (fields[3].empty()) return failure<identity>("~HI memory is empty");

  identity id;
  id.model = std::string{fields[0]};
  id.firmware = std::string{fields[1]};
  id.dots_per_mm = number(dpm);
  id.memory = std::string{fields[3]};
  if (fields.size() > 4) {
    const auto options_start = static_cast<std::size_t>(fields[4].data() - framed.body.data());
    id.options = std::string{framed.body.substr(options_start)};
  }
  parsed<identity> result;
  result.value = std::move(id);
  return result;
}

// Bytes after a complete reply stay buffered and start the next one (a later feed(),
// even an empty one, returns it). <CR> and <LF> before an <STX> are the line end of an
// earlier reply, arriving in a later read than its <ETX>: skipped, not counted.
std::optional<std::string> reply_collector::feed(std::string_view bytes) {
  if (overflowed_) return std::nullopt; // refused until reset(): the stream is out of step
  buffer_.append(bytes);

  const auto start = buffer_.find(stx);
  const auto lead = start == std::string::npos ? buffer_.size() : start;
  for (std::size_t i = 0; i < lead; ++i) {
    if (!is_line_end(buffer_[i])) ++dropped_;
  }
  buffer_.erase(0, lead);
  if (buffer_.empty()) return std::nullopt;

  const std::size_t etx_needed = kind_ == kind::host_status ? 3 : 1;
  std::size_t seen = 0;
  std::size_t end = std::string::npos;
  for (std::size_t i = 0; i < buffer_.size(); ++i) {
    if (buffer_[i] == etx && ++seen == etx_needed) {
      end = i + 1;
      break;
    }
  }
  // Judged on the reply's length, not on how far it has arrived, so the outcome does
  // not depend on how the bytes were split into reads.
  if ((end == std::string::npos && buffer_.size() > max_reply_bytes) ||
      (end != std::string::npos && end > max_reply_bytes)) {
    overflowed_ = true;
    buffer_.clear();
    return std::nullopt;
  }
  if (end == std::string::npos) return std::nullopt;
  std::string reply = buffer_.substr(0, end);
  buffer_.erase(0, end);
  return reply;
}

void reply_collector::reset() {
  buffer_.clear();
  dropped_ = 0;
  overflowed_ = false;
}

namespace {

// The ~HQES error bits the station names (reference §3.5, second group).
constexpr std::uint32_t bit_media_out = 0x00000001;
constexpr std::uint32_t bit_ribbon_out = 0x00000002;
constexpr std::uint32_t bit_head_open = 0x00000004;
constexpr std::uint32_t bit_cutter_fault = 0x00000008;
constexpr std::uint32_t bit_head_over_temperature = 0x00000010;
constexpr std::uint32_t bit_motor_over_temperature = 0x00000020;
constexpr std::uint32_t bit_paused = 0x00010000;
constexpr std::uint32_t named_bits = bit_media_out | bit_ribbon_out | bit_head_open | bit_cutter_fault |
                                     bit_head_over_temperature | bit_motor_over_temperature | bit_paused;

// Every token but LABEL-WAITING and PRINTING is an error condition.
std::vector<std::string> error_tokens(const host_status& hs, const std::optional<error_status>& es) {
  const std::uint32_t bits = es ? es->error_bits : 0;
  std::vector<std::string> tokens;
  const auto add = [&tokens](bool on, const char* token) {
    if (on) tokens.emplace_back(token);
  };
  add(hs.paper_out || (bits & bit_media_out) != 0, "MEDIA-OUT");
  add(hs.ribbon_out || (bits & bit_ribbon_out) != 0, "RIBBON-OUT");
  add(hs.head_open || (bits & bit_head_open) != 0, "HEAD-OPEN");
  add(hs.paused || (bits & bit_paused) != 0, "PAUSED");
  add(hs.buffer_full, "BUFFER-FULL");
  add(hs.over_temperature || (bits & (bit_head_over_temperature | bit_motor_over_temperature)) != 0,
      "OVER-TEMPERATURE");
  add(hs.under_temperature, "UNDER-TEMPERATURE");
  add(hs.corrupt_ram, "CORRUPT-RAM");
  add((bits & bit_cutter_fault) != 0, "CUTTER-FAULT");
  // ~HQES reports an error the list has no name for (bad printhead element, paper feed
  // error, …), or raises its flag with no bit: still an error, never READY.
  add(es && ((bits & ~named_bits) != 0 || (es->errors && bits == 0)), "PRINTER-ERROR");
  return tokens;
}

bool pending(const host_status& hs) {
  // A partial format is a format on its way in: the job is not done yet.
  return hs.formats_in_buffer > 0 || hs.labels_remaining > 0 || hs.partial_format;
}

} // namespace

std::vector<std::string> status_tokens(const host_status& hs, const std::optional<error_status>& es) {
  auto tokens = error_tokens(hs, es);
  if (hs.label_waiting) tokens.emplace_back("LABEL-WAITING");
  if (pending(hs)) tokens.emplace_back("PRINTING");
  if (tokens.empty()) tokens.emplace_back("READY");
  return tokens;
}

bool can_print(const host_status& hs, const std::optional<error_status>& es) { return error_tokens(hs, es).empty(); }

bool all_printed(const host_status& hs, const std::optional<error_status>& es) {
  return !pending(hs) && error_tokens(hs, es).empty();
}

} // namespace stationd::drivers::zpl
