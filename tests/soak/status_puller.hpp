#pragma once
// The 3PL client of a soak run: pulls the changes feed (docs/api.md) with
// long-polls from its own thread, through every restart of the station, and
// writes every event it receives to feed.jsonl as received (duplicates
// included: the feed is at-least-once). It keeps its cursor only in memory,
// like a client that never restarts; a 410 is written down and ends the run
// badly, because a cursor of this journal must never expire.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace stationd::soak {

class status_puller {
public:
  status_puller(std::uint16_t http_port, std::string token, const std::filesystem::path& feed_log);
  ~status_puller();
  status_puller(const status_puller&) = delete;
  status_puller& operator=(const status_puller&) = delete;

  void start();
  // Reads on until the feed has nothing more, then stops. False when it could
  // not catch up within `timeout`.
  bool finish(std::chrono::seconds timeout);

  std::uint64_t answers() const noexcept { return answers_; }
  std::uint64_t events() const noexcept { return events_; }
  std::uint64_t failures() const noexcept { return failures_; }

private:
  void run();

  std::uint16_t port_;
  std::string token_;
  std::ofstream feed_;
  std::thread thread_;
  std::atomic<bool> finishing_{false};
  std::atomic<bool> caught_up_{false};
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> answers_{0};
  std::atomic<std::uint64_t> events_{0};
  std::atomic<std::uint64_t> failures_{0};
};

} // namespace stationd::soak
