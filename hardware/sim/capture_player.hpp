#pragma once

// Serves a capture on a pty as if the recorded device were attached: waits for each
// host→device record (the bytes must match), then sends the following device→host
// records with their recorded spacing divided by `speed`, and performs `!` events
// (unplug, replug). Bytes the host sends beyond what the capture expects are kept for
// the next host record; bytes that differ from it end the replay with an error.

#include "sim/capture.hpp"
#include "sim/serial_device.hpp"

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

namespace stationd::sim {

class capture_player final : public serial_device {
public:
  struct options {
    std::filesystem::path link{};
    double speed = 1.0; // 2.0 replays twice as fast
    // How long to wait for the host to send what a host→device record expects.
    std::chrono::milliseconds match_timeout{10'000};
    bool loop = false; // start over at the end (demo use)
  };

  struct result {
    bool finished = false;
    bool ok = false;
    std::string error; // "line 12: expected \"S\\r\\n\", host sent \"SI\\r\\n\""
    std::size_t records_done = 0;
  };

  capture_player(capture recording, options opts);
  ~capture_player() override;

  // Begins the replay; start() first creates the link, so a client can open it before.
  void play();
  // Blocks until the replay finished (or failed), up to `timeout`.
  std::optional<result> wait(std::chrono::milliseconds timeout);
  result progress();

protected:
  void on_input(std::string_view data) override;
  void on_unplugged() override;
  void on_stopping() override;

private:
  void advance();
  void perform(const capture_record& record);
  void fail(std::string error);
  void publish(bool finished, bool ok, std::string error);

  capture recording_;
  options options_;
  bool playing_ = false;
  std::size_t index_ = 0;
  std::int64_t last_time_ = 0;
  std::string pending_input_;
  bool waiting_for_timer_ = false;
  bool waiting_for_host_ = false;
  std::uint64_t serial_ = 0;
  boost::asio::steady_timer record_timer_;
  boost::asio::steady_timer match_timer_;

  std::mutex result_mutex_;
  std::condition_variable result_changed_;
  result result_;
};

} // namespace stationd::sim
