#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Changes-feed cursors: "c1.<journal epoch>.<sequence>.<tag>". Opaque to clients.
// The epoch tells a cursor of this journal from one of a replaced journal; the tag
// (the first 8 hex digits of the UUID of the event at that sequence, "0" at 0)
// tells it from one of an older copy of this journal restored from a backup,
// whose sequences were given again to other events.
namespace stationd::api {

struct feed_cursor {
  std::string epoch;
  std::uint64_t seq = 0;
  std::string tag = "0";
};

std::string encode_cursor(const feed_cursor& c);

// Snapshot page tokens: where the next page starts (after an entity) and the
// first page's position in the feed, "p1.<sequence>.<tag>.<kind>.<hex of id>".
struct page_token {
  std::uint64_t seq = 0;
  std::string tag = "0";
  std::string kind;
  std::string id;
};
std::string encode_page(const page_token& p);
std::optional<page_token> decode_page(std::string_view text);
// Nothing when the text is not a cursor at all (400, not 410).
std::optional<feed_cursor> decode_cursor(std::string_view text);

} // namespace stationd::api
