#pragma once
#include "api/api_service.hpp"
#include "log/logger.hpp"
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

// The HTTP/1.1 and WebSocket listener (Boost.Beast), kept to this one file:
// it reads requests within the limits of [http], hands them to api_service
// and writes the answers; WebSocket clients get their own reader and writer.
namespace stationd::http {

class http_server {
public:
  http_server(boost::asio::any_io_executor executor, api::api_service& api, log::logger& log);
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  // Binds and listens; throws std::runtime_error naming the address when it cannot.
  void open(const std::string& address, unsigned short port);
  unsigned short port() const;
  // Accepts until cancelled, then closes every connection.
  boost::asio::awaitable<void> run();
  void close();
  // Closes every connection and waits (at most `at_most`) until their
  // coroutines have ended, so nothing they use is destroyed under them.
  boost::asio::awaitable<void> drain(std::chrono::milliseconds at_most);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace stationd::http
