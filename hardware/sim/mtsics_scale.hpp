#pragma once

// A Mettler Toledo MT-SICS balance or indicator on a serial line (device-protocols.md
// §4.1): commands are ASCII lines ending in CR LF, answers are `ID Status …` lines with
// the weight right-aligned in a 10-character field (`S S      0.256 kg`).
//
// Implemented: S, SI, SIR, Z, ZI, T, TI, TA (query and preset), TAC, @, C, I0–I4; any
// other command answers ES. Commands run one at a time; S, Z and T wait for stability
// up to the stability timeout, then answer `S I` / `Z I` / `T I`. `@` cancels whatever is
// pending or queued and stops SIR streaming.

#include "sim/scale_model.hpp"
#include "sim/serial_device.hpp"

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace stationd::sim {

class mtsics_scale final : public serial_device, public weighing_controls {
public:
  struct options {
    std::filesystem::path link{};
    std::string serial_number = "0123456789";
    std::string model = "stationd-sim MT-SICS";
    std::string capacity = "30.000"; // in `unit`, for I2
    std::string software = "1.00";
    std::string unit = "kg";
    int decimals = 3;
    // How long S, Z and T wait for a stable weight (the OHAUS terminal waits ~3 s).
    std::chrono::milliseconds stability_timeout{3000};
    // SIR sends about four values a second on the documented indicator.
    std::chrono::milliseconds repeat_interval{250};
    std::optional<decimal> zero_range{};
  };

  explicit mtsics_scale(options opts);
  ~mtsics_scale() override;

  // The next `count` commands are answered with `error` ("ET" transmission error, "EL"
  // logical error, "ES" syntax error) instead of being executed.
  void answer_next_with(std::string error, unsigned count = 1);
  // While set, weight replies read `S S    Error <code>` (e.g. "10b": EEPROM error in the
  // electronics, "12t": hot plug out at the terminal).
  void set_hardware_error(std::optional<std::string> code);
  bool streaming();

protected:
  void on_input(std::string_view data) override;
  void on_unplugged() override;
  void on_stopping() override;
  void modify_model(const std::function<void(scale_model&)>& change) override;
  scale_model read_model() const override;

private:
  enum class waiting { weight, zero, tare };

  void submit(std::string line);
  void run_queue();
  void execute(const std::string& line);
  void wait_for_stability(waiting what);
  void settle_pending(bool timed_out);
  void finish_pending();
  void start_stream();
  void stop_stream();
  void stream_tick();
  void reset();
  void send_line(const std::string& text);
  std::string weight_line(std::string_view id, bool allow_dynamic) const;
  std::string value_field(decimal value) const;

  options options_;
  scale_model model_;
  std::string line_;
  std::deque<std::string> queue_;
  std::optional<waiting> pending_;
  // Distinguishes a timer that fired for an earlier wait or stream from the current one.
  std::uint64_t pending_serial_ = 0;
  std::uint64_t stream_serial_ = 0;
  boost::asio::steady_timer stability_timer_;
  boost::asio::steady_timer stream_timer_;
  bool streaming_ = false;
  std::string error_reply_;
  unsigned error_count_ = 0;
  std::optional<std::string> hardware_error_;
};

} // namespace stationd::sim
