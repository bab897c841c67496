#pragma once

// Base of every simulated serial device: a pty endpoint served by its own thread, with
// the faults every serial device can show (unplug, silence, garbage, a reply cut short).
// Derived classes implement the protocol in on_input() and answer through reply().
//
// Public methods are thread-safe: they run on the device thread. Derived classes must
// call stop() in their own destructor, before their members go away.

#include "sim/io_worker.hpp"
#include "sim/pty_endpoint.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace stationd::sim {

enum class traffic { from_host, to_host };

// Sees every byte crossing the link (on the device thread): devsim's --verbose log.
using traffic_observer = std::function<void(traffic, std::string_view)>;

class serial_device {
public:
  using clock = std::chrono::steady_clock;

  explicit serial_device(std::filesystem::path link);
  virtual ~serial_device();
  serial_device(const serial_device&) = delete;
  serial_device& operator=(const serial_device&) = delete;

  // Creates the pty and the link and starts serving. Throws std::system_error.
  void start();
  // Unplugs, stops serving and joins the thread.
  void stop();
  bool running() const noexcept { return worker_.running(); }

  // USB cable pulled / plugged back: the link disappears, then points at a new pty.
  void unplug();
  void replug();
  bool plugged();
  const std::filesystem::path& link_path() const noexcept { return link_; }
  // The current /dev/pts/N (empty while unplugged).
  std::filesystem::path device_path();

  // Sends bytes now, bypassing the protocol and any silence: line noise, a scanner
  // misconfigured into sending junk.
  void send_raw(std::string data);
  // Ignores input and sends no replies for `duration` (zero: until talk()).
  void go_silent(std::chrono::milliseconds duration = {});
  void talk();
  bool silent();
  // The next reply stops after `keep` bytes; then the device is silent for `silence`
  // (zero: until talk()).
  void cut_next_reply(std::size_t keep, std::chrono::milliseconds silence = {});
  // Line noise: `noise` goes out just before the next reply.
  void garble_next_reply(std::string noise);

  // Everything the host sent since start (the last 64 KiB).
  std::string received();
  void clear_received();
  void set_observer(traffic_observer observer);

protected:
  // All hooks run on the device thread.
  virtual void on_input(std::string_view data) = 0;
  // After the pty is (re)created and before input is read.
  virtual void on_plugged() {}
  // Before the pty closes (unplug or stop): drop half-read input, stop link timers.
  virtual void on_unplugged() {}
  // When the device stops: cancel every remaining timer so the thread can finish.
  virtual void on_stopping() {}

  // A protocol reply: dropped while silent, shortened by cut_next_reply().
  void reply(std::string data);
  // Device output that is not an answer (scanner data): sent even while silent;
  // `char_delay` spaces the bytes out like a slow device.
  void emit(std::string data, std::chrono::milliseconds char_delay = {});
  bool silent_now() const;
  // Output is queued or being written to the pty.
  bool sending() const noexcept { return writing_ || !output_.empty(); }
  bool link_up() const noexcept { return pty_.plugged(); }
  int master_fd() const noexcept { return pty_.master_fd(); }

  // Mutable: const queries (read_model) still hop onto the device thread.
  io_worker& worker() const noexcept { return worker_; }
  boost::asio::io_context& io() const noexcept { return worker_.context(); }

private:
  struct chunk {
    std::string data;
    std::chrono::milliseconds char_delay{};
    std::size_t offset = 0;
  };

  void open_link();
  void close_link();
  void read_next();
  void pump();

  std::filesystem::path link_;
  mutable io_worker worker_;
  pty_endpoint pty_;
  std::optional<boost::asio::posix::stream_descriptor> stream_;
  // Bumped whenever the link closes, so completions of the old link are ignored.
  std::uint64_t generation_ = 0;
  std::array<char, 1024> input_{};
  std::deque<chunk> output_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  boost::asio::steady_timer pace_timer_;
  bool silent_forever_ = false;
  clock::time_point silent_until_{};
  std::optional<std::pair<std::size_t, std::chrono::milliseconds>> cut_;
  std::string noise_; // sent before the next reply
  std::string received_;
  traffic_observer observer_;
};

} // namespace stationd::sim
