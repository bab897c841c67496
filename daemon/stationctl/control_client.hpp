#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>

namespace stationd::ctl {

// Could not reach the daemon, or it went silent.
class unreachable : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A blocking client for the control socket: one JSON line out, one JSON line back.
class control_client {
public:
  control_client(const std::string& socket_path, std::chrono::milliseconds timeout);
  ~control_client();
  control_client(const control_client&) = delete;
  control_client& operator=(const control_client&) = delete;

  boost::json::object call(const std::string& command, const boost::json::object& arguments = {});
  // The next line the daemon sends (pushed events after `subscribe`); nullopt at end of stream.
  std::optional<boost::json::object> next(std::optional<std::chrono::milliseconds> timeout);

private:
  std::optional<std::string> read_line(std::optional<std::chrono::milliseconds> timeout);
  int fd_ = -1;
  std::string socket_path_;
  std::chrono::milliseconds timeout_;
  std::string buffer_;
};

} // namespace stationd::ctl
