#pragma once
// How the soak's operator reaches the station: scans and actions alternately
// through the control socket (as `stationctl scan`) and the operator HTTP API
// (as the station UI), and every answer written to acks.jsonl before it is
// used. A call the station did not answer (it was killed, or is starting) is
// written too, as unanswered: it may or may not have been recorded, and the
// reconciler holds the station only to what it answered.

#include <boost/json/object.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <random>
#include <string>

namespace stationd::soak {

struct decision {
  std::string verdict; // accepted, refused, ignored
  std::string message; // message id
  std::int64_t seq = 0; // the journal event that recorded the input; 0: not recorded
};

class station_link {
public:
  station_link(std::string socket_path, std::uint16_t http_port, std::string operator_token,
               const std::filesystem::path& ack_log, std::uint64_t seed);

  std::optional<decision> scan(const std::string& code);
  std::optional<decision> action(const std::string& name, const boost::json::object& args);
  // A control-socket command; its `arguments`, or nullopt when the station did not
  // answer or answered with an error (its text in `last_error()`).
  std::optional<boost::json::object> control(const std::string& command, const boost::json::object& arguments = {});
  const std::string& last_error() const noexcept { return last_error_; }
  std::uint64_t answered() const noexcept { return answered_; }
  std::uint64_t unanswered() const noexcept { return unanswered_; }

private:
  std::optional<decision> submit(const std::string& kind, const boost::json::object& input);
  std::optional<decision> via_control(const std::string& kind, const boost::json::object& input);
  std::optional<decision> via_http(const std::string& kind, const boost::json::object& input);
  void record(const std::string& via, const std::string& kind, const boost::json::object& input,
              const std::optional<decision>& d);

  std::string socket_path_;
  std::uint16_t http_port_;
  std::string token_;
  std::ofstream acks_;
  std::mt19937_64 random_;
  std::string last_error_;
  std::uint64_t answered_ = 0;
  std::uint64_t unanswered_ = 0;
};

} // namespace stationd::soak
