#include "protocol/toledo8213.hpp"

#include "protocol/text_escape.hpp"

#include <fmt/format.h>

namespace stationd::drivers::toledo8213 {

namespace {

constexpr char stx = 0x02;
constexpr char cr = 0x0D;

// Bit 7 is the parity bit of the 7E1 link, never data.
char strip_parity(char ch) noexcept { return static_cast<char>(static_cast<unsigned char>(ch) & 0x7F); }

std::string strip_parity(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (const char ch : bytes) {
    out += strip_parity(ch);
  }
  return out;
}

frame error_frame(std::string text, std::string raw) {
  frame f;
  f.error = std::move(text);
  f.raw = std::move(raw);
  return f;
}

frame parse_status(std::string raw) {
  if (raw.size() != 2) {
    std::string text = raw.size() == 1
                           ? fmt::format("8213 status record \"{}\" has no status byte", escape_bytes(raw))
                           : fmt::format("8213 status record \"{}\" has {} status bytes, expected 1", escape_bytes(raw),
                                         raw.size() - 1);
    return error_frame(std::move(text), std::move(raw));
  }
  const auto byte = static_cast<unsigned char>(raw[1]);
  if ((byte & 0x60) != 0x60) {
    return error_frame(fmt::format("8213 status byte 0x{:02X} lacks bits 5 and 6", byte), std::move(raw));
  }
  status s;
  s.motion = (byte & 0x01) != 0;
  s.over_capacity = (byte & 0x02) != 0;
  s.under_zero = (byte & 0x04) != 0;
  s.outside_zero_capture = (byte & 0x08) != 0;
  s.center_of_zero = (byte & 0x10) != 0;
  frame f;
  f.record = record{std::nullopt, s};
  f.raw = std::move(raw);
  return f;
}

// "012.34" (W), "0012.34" (H), "012345" (grams); the decimal point stays where
// the scale put it.
frame parse_weight(std::string raw) {
  const bool length_ok = raw.size() == 6 || raw.size() == 7;
  bool chars_ok = true;
  for (const char ch : raw) {
    chars_ok = chars_ok && ((ch >= '0' && ch <= '9') || ch == '.');
  }
  const auto weight = length_ok && chars_ok ? decimal_weight::parse(raw) : std::nullopt;
  if (!weight) {
    std::string text = fmt::format("8213 weight record \"{}\": expected 6 or 7 digits with at most one decimal point",
                                   escape_bytes(raw));
    return error_frame(std::move(text), std::move(raw));
  }
  frame f;
  f.record = record{weight, std::nullopt};
  f.raw = std::move(raw);
  return f;
}

} // namespace

frame parse_record(std::string_view body) {
  std::string raw = strip_parity(body);
  if (raw.empty()) {
    return error_frame("8213 record is empty", std::move(raw));
  }
  if (raw[0] == '?') {
    return parse_status(std::move(raw));
  }
  return parse_weight(std::move(raw));
}

std::vector<frame> frame_parser::feed(std::string_view bytes) {
  std::vector<frame> out;
  for (const char received : bytes) {
    const char ch = strip_parity(received);
    if (ch == stx) {
      flush_garbage(out);
      if (in_frame_) {
        out.push_back(error_frame(fmt::format("8213: frame \"{}\" cut short by a new STX", escape_bytes(buffer_)),
                                  buffer_));
      }
      in_frame_ = true;
      skipping_ = false;
      buffer_.clear();
    } else if (skipping_) {
      skipping_ = ch != cr;
    } else if (!in_frame_) {
      garbage_ += ch;
    } else if (ch == cr) {
      out.push_back(parse_record(buffer_));
      in_frame_ = false;
      buffer_.clear();
    } else {
      buffer_ += ch;
      if (buffer_.size() > max_frame_bytes) {
        out.push_back(error_frame(fmt::format("8213: frame longer than {} bytes refused: \"{}\"", max_frame_bytes,
                                              escape_bytes(buffer_)),
                                  buffer_));
        in_frame_ = false;
        skipping_ = true;
        buffer_.clear();
      }
    }
  }
  flush_garbage(out);
  return out;
}

void frame_parser::flush_garbage(std::vector<frame>& out) {
  if (garbage_.empty()) {
    return;
  }
  out.push_back(error_frame(fmt::format("8213: {} {} of garbage outside a frame: {}", garbage_.size(),
                                        garbage_.size() == 1 ? "byte" : "bytes", hex_bytes(garbage_)),
                            garbage_));
  garbage_.clear();
}

void frame_parser::reset() {
  buffer_.clear();
  in_frame_ = false;
  skipping_ = false;
  garbage_.clear();
}

} // namespace stationd::drivers::toledo8213
