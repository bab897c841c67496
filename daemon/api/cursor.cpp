#include "api/cursor.hpp"
#include <fmt/format.h>
#include <charconv>

namespace stationd::api {

namespace {

// A sequence as encode_*() writes it: digits, no leading zero (but "0").
std::optional<std::uint64_t> canonical_number(std::string_view digits) {
  if (digits.empty() || (digits.size() > 1 && digits.front() == '0')) return std::nullopt;
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return n;
}

} // namespace

std::string encode_cursor(const feed_cursor& c) { return fmt::format("c1.{}.{}.{}", c.epoch, c.seq, c.tag); }

std::optional<feed_cursor> decode_cursor(std::string_view text) {
  if (!text.starts_with("c1.")) return std::nullopt;
  text.remove_prefix(3);
  const auto tag_dot = text.rfind('.');
  if (tag_dot == std::string_view::npos) return std::nullopt;
  const auto tag = text.substr(tag_dot + 1);
  text = text.substr(0, tag_dot);
  const bool hex = tag.size() == 8 && tag.find_first_not_of("0123456789abcdef") == std::string_view::npos;
  if (tag != "0" && !hex) return std::nullopt;
  const auto dot = text.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == text.size()) return std::nullopt;
  const auto epoch = text.substr(0, dot);
  for (char c : epoch) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
    if (!ok) return std::nullopt;
  }
  const auto number = canonical_number(text.substr(dot + 1));
  if (!number) return std::nullopt;
  const auto seq = *number;
  if ((seq == 0) != (tag == "0")) return std::nullopt;
  return feed_cursor{std::string{epoch}, seq, std::string{tag}};
}

std::string encode_page(const page_token& p) {
  std::string hex;
  for (unsigned char c : p.id) hex += fmt::format("{:02x}", c);
  return fmt::format("p1.{}.{}.{}.{}", p.seq, p.tag, p.kind, hex);
}

std::optional<page_token> decode_page(std::string_view text) {
  if (!text.starts_with("p1.")) return std::nullopt;
  text.remove_prefix(3);
  std::string_view parts[4];
  for (int i = 0; i < 3; ++i) {
    const auto dot = text.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    parts[i] = text.substr(0, dot);
    text.remove_prefix(dot + 1);
  }
  parts[3] = text;
  page_token p;
  const auto number = canonical_number(parts[0]);
  if (!number) return std::nullopt;
  p.seq = *number;
  const bool hex_tag = parts[1].size() == 8 && parts[1].find_first_not_of("0123456789abcdef") == std::string_view::npos;
  if ((p.seq == 0) != (parts[1] == "0") || (p.seq != 0 && !hex_tag)) return std::nullopt;
  p.tag = parts[1];
  if (parts[2] != "order" && parts[2] != "package" && parts[2] != "return") return std::nullopt;
  p.kind = parts[2];
  // Lower-case hex only, as encode_page() writes it: one token per position.
  if (parts[3].empty() || parts[3].size() % 2 != 0 ||
      parts[3].find_first_not_of("0123456789abcdef") != std::string_view::npos) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < parts[3].size(); i += 2) {
    unsigned value = 0;
    const auto [e, err] = std::from_chars(parts[3].data() + i, parts[3].data() + i + 2, value, 16);
    if (err != std::errc{} || e != parts[3].data() + i + 2) return std::nullopt;
    p.id += static_cast<char>(value);
  }
  return p;
}

} // namespace stationd::api
