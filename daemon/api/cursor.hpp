#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Changes-feed cursors: "c1.<journal epoch>.<sequence>". Opaque to clients; the
// epoch tells a cursor of this journal from one of a replaced or restored one.
namespace stationd::api {

struct feed_cursor {
  std::string epoch;
  std::uint64_t seq = 0;
};

std::string encode_cursor(const feed_cursor& c);
// Nothing when the text is not a cursor at all (400, not 410).
std::optional<feed_cursor> decode_cursor(std::string_view text);

} // namespace stationd::api
