#include "api/access.hpp"
#include <doctest/doctest.h>

using namespace stationd::api;
using namespace std::chrono_literals;

namespace {
token_table table() {
  return token_table{{
      {"kiosk", "kiosk-secret-0123456789abcdef", {"operator"}, {}, 600, 60},
      {"acme", "acme-secret-0123456789abcdefgh", {"3pl:read"}, {"acme"}, 60, 5},
      {"root", "root-secret-0123456789abcdefgh", {"admin"}, {}, 600, 60},
  }};
}
} // namespace

TEST_CASE("bearer tokens: missing, malformed, unknown, known") {
  const auto t = table();
  struct row {
    std::optional<std::string> header;
    const char* token; // "" : refused
    std::optional<auth_failure> failure;
  };
  const row rows[] = {
      {std::nullopt, "", auth_failure::missing},
      {"", "", auth_failure::missing},
      {"Basic a2lvc2s6eA==", "", auth_failure::malformed},
      {"Bearer", "", auth_failure::malformed},
      {"Bearer    ", "", auth_failure::malformed},
      {"Bearer wrong-secret-0123456789abcdef", "", auth_failure::unknown},
      {"Bearer kiosk-secret-0123456789abcde", "", auth_failure::unknown},  // a prefix
      {"Bearer kiosk-secret-0123456789abcdefX", "", auth_failure::unknown}, // longer
      {"Bearer kiosk-secret-0123456789abcdef", "kiosk", std::nullopt},
      {"bearer kiosk-secret-0123456789abcdef", "kiosk", std::nullopt},
      {"BEARER  acme-secret-0123456789abcdefgh ", "acme", std::nullopt},
  };
  for (const auto& r : rows) {
    CAPTURE(r.header.value_or("(none)"));
    const auto a = t.authenticate(r.header);
    if (std::string_view{r.token}.empty()) {
      CHECK(a.token == nullptr);
      CHECK(a.failure == r.failure);
    } else {
      REQUIRE(a.token != nullptr);
      CHECK(a.token->name == r.token);
      CHECK_FALSE(a.failure.has_value());
    }
  }
}

TEST_CASE("scopes: admin may do everything, others only what they were given") {
  const auto t = table();
  const auto& kiosk = t.tokens()[0];
  const auto& acme = t.tokens()[1];
  const auto& root = t.tokens()[2];
  CHECK(kiosk.allows(scope_operator));
  CHECK_FALSE(kiosk.allows(scope_3pl_read));
  CHECK_FALSE(kiosk.allows(scope_admin));
  CHECK(acme.allows(scope_3pl_read));
  CHECK_FALSE(acme.allows(scope_operator));
  CHECK(root.allows(scope_operator));
  CHECK(root.allows(scope_3pl_read));
  CHECK(root.allows(scope_admin));
}

TEST_CASE("token bucket: a burst, then the rate, with Retry-After and reset") {
  rate_limiter limits;
  const auto t0 = rate_limiter::clock::time_point{} + 1000s;
  // 60 a minute = 1 a second, 5 at once.
  for (int i = 0; i < 5; ++i) {
    const auto v = limits.take("token:acme", 60, 5, t0);
    CHECK(v.allowed);
    CHECK(v.limit == 5);
    CHECK(v.remaining == 4 - i);
  }
  auto refused = limits.take("token:acme", 60, 5, t0);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after_s == 1);
  CHECK(refused.reset_s == 5);
  // Half a second later: still nothing; one second later: one more.
  CHECK_FALSE(limits.take("token:acme", 60, 5, t0 + 500ms).allowed);
  CHECK(limits.take("token:acme", 60, 5, t0 + 1000ms).allowed);
  CHECK_FALSE(limits.take("token:acme", 60, 5, t0 + 1000ms).allowed);
  // Another key has its own bucket.
  CHECK(limits.take("token:other", 60, 5, t0).allowed);
  // A slow rate: 6 a minute means 10 s until the next one.
  for (int i = 0; i < 2; ++i) CHECK(limits.take("addr:1.2.3.4", 6, 2, t0).allowed);
  const auto slow = limits.take("addr:1.2.3.4", 6, 2, t0);
  CHECK_FALSE(slow.allowed);
  CHECK(slow.retry_after_s == 10);
  // A long pause fills the bucket, never beyond its size.
  const auto later = limits.take("token:acme", 60, 5, t0 + 3600s);
  CHECK(later.allowed);
  CHECK(later.remaining == 4);
  // Changed limits (a reload) start a full bucket.
  CHECK(limits.take("token:acme", 120, 10, t0 + 3600s).remaining == 9);
  // Idle, full buckets are forgotten.
  CHECK(limits.size() == 3);
  limits.forget_idle(t0 + 7200s);
  CHECK(limits.size() == 0);
}
