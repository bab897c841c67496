#include "api/http_message.hpp"
#include "util/hex_digit.hpp"
#include <boost/json/serialize.hpp>

namespace stationd::api {

namespace {

std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return std::nullopt;
      const int hi = util::hex_value(in[i + 1]);
      const int lo = util::hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return std::nullopt;
    out += c;
  }
  return out;
}

} // namespace

std::optional<std::string> http_request::query_value(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::optional<parsed_target> parse_target(std::string_view target) {
  if (target.empty() || target.front() != '/') return std::nullopt;
  const auto q = target.find('?');
  parsed_target out;
  auto path = percent_decode(target.substr(0, q), false);
  if (!path) return std::nullopt;
  out.path = std::move(*path);
  if (q == std::string_view::npos) return out;
  auto rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto part = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (part.empty()) continue;
    const auto eq = part.find('=');
    auto key = percent_decode(part.substr(0, eq), true);
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1), true);
    if (!key || !value) return std::nullopt;
    out.query.emplace_back(std::move(*key), std::move(*value));
  }
  return out;
}

bool etag_matches(std::string_view header, std::string_view etag) {
  // Weak comparison (RFC 9110, 13.1.2): W/ is ignored on both sides.
  auto opaque = [](std::string_view tag) {
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    return tag;
  };
  const auto wanted = opaque(etag);
  while (!header.empty()) {
    const auto comma = header.find(',');
    const auto tag = opaque(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    if (tag == "*" || (!tag.empty() && tag == wanted)) return true;
  }
  return false;
}

http_response error_response(unsigned status, std::string_view code, std::string_view message) {
  return json_response(status, boost::json::object{{"error", code}, {"message", message}});
}

http_response json_response(unsigned status, const boost::json::value& body) {
  http_response r;
  r.status = status;
  r.body = boost::json::serialize(body);
  return r;
}

} // namespace stationd::api
