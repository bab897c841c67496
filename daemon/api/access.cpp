#include "api/access.hpp"
#include <algorithm>
#include <cmath>

namespace stationd::api {

namespace {

// Equal without an early exit, so the time taken says nothing about how much of
// a guess was right.
bool same_secret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
    const auto y = static_cast<unsigned char>(i < b.size() ? b[i] : 0);
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const char a = text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
    if (a != prefix[i]) return false;
  }
  return true;
}

} // namespace

auth_result token_table::authenticate_secret(std::string_view secret) const {
  const api_token* found = nullptr;
  for (const auto& t : tokens_) {
    if (same_secret(t.secret, secret) && !found) found = &t;
  }
  if (!found) return {nullptr, auth_failure::unknown};
  return {found, std::nullopt};
}

auth_result token_table::authenticate(std::optional<std::string_view> authorization) const {
  if (!authorization || authorization->empty()) return {nullptr, auth_failure::missing};
  auto value = *authorization;
  if (!iequals_prefix(value, "bearer ")) return {nullptr, auth_failure::malformed};
  value.remove_prefix(7);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return {nullptr, auth_failure::malformed};
  return authenticate_secret(value);
}

rate_limiter::verdict rate_limiter::take(const std::string& key, double rate_per_minute, double burst,
                                         clock::time_point now) {
  if (buckets_.size() >= max_buckets && !buckets_.contains(key)) {
    // Many keys (addresses) at once: forget the full ones first, then everyone.
    forget_idle(now, true);
    if (buckets_.size() >= max_buckets) buckets_.clear();
  }
  auto [it, fresh] = buckets_.try_emplace(key);
  auto& b = it->second;
  if (fresh || b.rate_per_minute != rate_per_minute || b.burst != burst) {
    // New, or its limits were changed by a reload: it starts full.
    b = bucket{burst, rate_per_minute, burst, now};
  }
  const double per_second = rate_per_minute / 60.0;
  const double elapsed = std::chrono::duration<double>(now - b.updated).count();
  if (elapsed > 0) b.tokens = std::min(burst, b.tokens + elapsed * per_second);
  b.updated = now;
  verdict v;
  v.limit = static_cast<long>(burst);
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    v.allowed = true;
  } else {
    v.allowed = false;
    v.retry_after_s = std::max(1L, static_cast<long>(std::ceil((1.0 - b.tokens) / per_second)));
  }
  v.remaining = static_cast<long>(std::floor(b.tokens));
  v.reset_s = static_cast<long>(std::ceil((burst - b.tokens) / per_second));
  return v;
}

void rate_limiter::forget_idle(clock::time_point now, bool any_full) {
  std::erase_if(buckets_, [now, any_full](const auto& entry) {
    const auto& b = entry.second;
    const double per_second = b.rate_per_minute / 60.0;
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    return b.tokens + elapsed * per_second >= b.burst && (any_full || elapsed > 60.0);
  });
}

} // namespace stationd::api
