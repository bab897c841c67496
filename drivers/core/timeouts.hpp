#pragma once

#include "core/device_error.hpp"
#include "util/caught.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <fmt/format.h>

#include <chrono>
#include <string_view>

namespace stationd::drivers {

// Awaits `operation`, or throws device_error("<what>: no answer within N ms")
// when it takes longer than `timeout`. The operation is cancelled then.
// An operation that fails fails at once with its own error (util::caught).
template <typename T>
boost::asio::awaitable<T> within(std::chrono::milliseconds timeout, std::string_view what,
                                 boost::asio::awaitable<T> operation) {
  using namespace boost::asio::experimental::awaitable_operators;
  boost::asio::steady_timer timer{co_await boost::asio::this_coro::executor, timeout};
  auto outcome = co_await (util::caught(std::move(operation)) ||
                           timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable)));
  if (outcome.index() == 1) throw device_error(fmt::format("{}: no answer within {} ms", what, timeout.count()));
  co_return std::get<0>(std::move(outcome)).get();
}

inline boost::asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
  boost::asio::steady_timer timer{co_await boost::asio::this_coro::executor, d};
  co_await timer.async_wait(boost::asio::use_awaitable);
}

} // namespace stationd::drivers
