#pragma once
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

// Who may do what over HTTP (docs/api.md, "Authentication"): bearer tokens from
// [[http.token]] with scopes and merchants, and a token bucket per token. Pure:
// time comes in as an argument.
namespace stationd::api {

inline constexpr std::string_view scope_3pl_read = "3pl:read";
inline constexpr std::string_view scope_operator = "operator";
inline constexpr std::string_view scope_admin = "admin";

struct api_token {
  std::string name;   // for logs and metrics; the secret is never logged
  std::string secret;
  std::set<std::string, std::less<>> scopes;
  std::set<std::string, std::less<>> clients; // empty: every merchant
  double rate_per_minute = 600;
  double burst = 60;
  bool allows(std::string_view scope) const { return scopes.contains(scope) || scopes.contains(scope_admin); }
};

enum class auth_failure { missing, malformed, unknown };

struct auth_result {
  const api_token* token = nullptr; // set when authenticated
  std::optional<auth_failure> failure;
};

class token_table {
public:
  token_table() = default;
  explicit token_table(std::vector<api_token> tokens) : tokens_{std::move(tokens)} {}
  // From an Authorization header value (or a WebSocket "bearer.<token>" subprotocol
  // with `bearer_only` false). Compares every token in constant time.
  auth_result authenticate(std::optional<std::string_view> authorization) const;
  auth_result authenticate_secret(std::string_view secret) const;
  const std::vector<api_token>& tokens() const noexcept { return tokens_; }

private:
  std::vector<api_token> tokens_;
};

// A token bucket per key ("token:<name>", "addr:<ip>").
class rate_limiter {
public:
  using clock = std::chrono::steady_clock;
  struct verdict {
    bool allowed = true;
    long limit = 0;          // the bucket's size
    long remaining = 0;      // whole requests left now
    long reset_s = 0;        // seconds until the bucket is full again
    long retry_after_s = 0;  // when refused: seconds until one request is allowed
  };
  verdict take(const std::string& key, double rate_per_minute, double burst, clock::time_point now);
  // Forgets buckets that have been full for a minute (with `any_full`: every
  // full one), so memory stays bounded; at most `max_buckets` are kept.
  void forget_idle(clock::time_point now, bool any_full = false);
  static constexpr std::size_t max_buckets = 10000;
  std::size_t size() const noexcept { return buckets_.size(); }

private:
  struct bucket {
    double tokens = 0;
    double rate_per_minute = 0;
    double burst = 0;
    clock::time_point updated;
  };
  std::map<std::string, bucket, std::less<>> buckets_;
};

} // namespace stationd::api
