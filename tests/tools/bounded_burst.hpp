#pragma once

#include <cstddef>
#include <functional>
#include <memory>

namespace stationd::test {

// Keeps up to `in_flight` asynchronous operations going until `count` were
// started: `start(n, done)` starts operation n and must call `done()` from its
// completion. The caller then runs its io_context.
inline void bounded_burst(std::size_t count, std::size_t in_flight,
                          std::function<void(std::size_t n, std::function<void()> done)> start) {
  auto issued = std::make_shared<std::size_t>(0);
  auto next = std::make_shared<std::function<void()>>();
  *next = [=] {
    if (*issued >= count) return;
    start((*issued)++, [next] { (*next)(); });
  };
  for (std::size_t i = 0; i < in_flight; ++i) (*next)();
}

} // namespace stationd::test
