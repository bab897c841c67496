#pragma once

#include <boost/asio/awaitable.hpp>

#include <exception>
#include <optional>
#include <type_traits>

namespace stationd::util {

// Boost.Asio's awaitable `a || b` completes with the first branch that
// *succeeds*: a branch that throws is set aside until the other one ends, so a
// failing operation raced against a timer would look like a timeout, and a
// failing task raced against a never-ending one would never surface. Wrapped in
// caught(), a branch that throws completes normally, carrying its exception;
// `||` then stops at it and the caller rethrows.
template <typename T>
struct caught_result {
  std::exception_ptr error;
  std::optional<T> value;
  T get() && {
    if (error) std::rethrow_exception(error);
    return std::move(*value);
  }
};

template <>
struct caught_result<void> {
  std::exception_ptr error;
  void get() && {
    if (error) std::rethrow_exception(error);
  }
};

template <typename T>
boost::asio::awaitable<caught_result<T>> caught(boost::asio::awaitable<T> operation) {
  caught_result<T> result;
  try {
    if constexpr (std::is_void_v<T>) {
      co_await std::move(operation);
    } else {
      result.value.emplace(co_await std::move(operation));
    }
  } catch (...) {
    result.error = std::current_exception();
  }
  co_return result;
}

} // namespace stationd::util
