#pragma once
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Requests and responses as the API's handlers see them: no Beast here, so the
// handlers are tested without sockets. daemon/http/ translates to and from the wire.
namespace stationd::api {

struct http_request {
  std::string method;   // GET, POST, ...
  std::string target;   // as sent: path and query
  std::string path;     // percent-decoded
  std::vector<std::pair<std::string, std::string>> query; // decoded, in order
  std::optional<std::string> authorization;
  std::optional<std::string> if_none_match;
  std::string content_type;
  std::string body;
  std::string remote;   // the client's address
  std::optional<std::string> query_value(std::string_view name) const;
};

struct http_response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Splits a request target into its decoded path and query; nothing when the
// target is malformed (bad percent escapes, a NUL, not starting with '/').
struct parsed_target {
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
};
std::optional<parsed_target> parse_target(std::string_view target);

// Whether an If-None-Match header value names `etag` (a list, weak or strong, or "*").
bool etag_matches(std::string_view if_none_match, std::string_view etag);

// {"error": code, "message": text} with `status`.
http_response error_response(unsigned status, std::string_view code, std::string_view message);
http_response json_response(unsigned status, const boost::json::value& body);

} // namespace stationd::api
