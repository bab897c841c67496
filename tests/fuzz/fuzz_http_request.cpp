// libFuzzer: what stationd reads from an HTTP request before any handler runs:
// the target (path and query, percent-decoded), cursors and snapshot page
// tokens, If-None-Match and the Authorization header. Invariants: no crash; a
// decoded cursor or page token encodes back to the same text.

#include "api/access.hpp"
#include "api/cursor.hpp"
#include "api/http_message.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace stationd::api;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  if (const auto t = parse_target(text)) {
    for (const auto& [key, value] : t->query) (void)key.size(), (void)value.size();
    if (t->path.find('\0') != std::string::npos) std::abort();
  }
  if (const auto c = decode_cursor(text); c && encode_cursor(*c) != text) std::abort();
  if (const auto p = decode_page(text); p && encode_page(*p) != text) std::abort();
  (void)etag_matches(text, "\"7\"");
  static const token_table tokens{{{"a", "secret-0123456789abcdefghij", {"3pl:read"}, {}, 60, 5}}};
  const auto a = tokens.authenticate(text);
  if ((a.token == nullptr) == !a.failure.has_value()) std::abort();
  return 0;
}
