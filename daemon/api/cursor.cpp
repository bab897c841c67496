#include "api/cursor.hpp"
#include <fmt/format.h>
#include <charconv>

namespace stationd::api {

std::string encode_cursor(const feed_cursor& c) { return fmt::format("c1.{}.{}", c.epoch, c.seq); }

std::optional<feed_cursor> decode_cursor(std::string_view text) {
  if (!text.starts_with("c1.")) return std::nullopt;
  text.remove_prefix(3);
  const auto dot = text.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == text.size()) return std::nullopt;
  const auto epoch = text.substr(0, dot);
  for (char c : epoch) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
    if (!ok) return std::nullopt;
  }
  const auto digits = text.substr(dot + 1);
  std::uint64_t seq = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return feed_cursor{std::string{epoch}, seq};
}

} // namespace stationd::api
