#include "sim/mtsics_scale.hpp"

#include <fmt/format.h>

#include <array>
#include <stdexcept>
#include <utility>
#include <vector>

namespace stationd::sim {
namespace {

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(' ');
  return std::string{text.substr(first, last - first + 1)};
}

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    const auto start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) words.emplace_back(text.substr(start, i - start));
  }
  return words;
}

struct listed_command {
  int level;
  std::string_view name;
};

// What I0 reports: exactly the commands this simulator implements.
constexpr std::array<listed_command, 16> implemented{{
    {0, "I0"}, {0, "I1"}, {0, "I2"}, {0, "I3"}, {0, "I4"}, {0, "S"}, {0, "SI"}, {1, "SIR"},
    {0, "Z"}, {0, "ZI"}, {0, "@"}, {1, "C"}, {1, "T"}, {1, "TI"}, {1, "TA"}, {1, "TAC"},
}};

} // namespace

mtsics_scale::mtsics_scale(options opts)
    : serial_device{opts.link}, options_{std::move(opts)}, stability_timer_{io()}, stream_timer_{io()} {
  model_.unit = options_.unit;
  model_.decimals = options_.decimals;
  model_.zero_range = options_.zero_range;
}

mtsics_scale::~mtsics_scale() { stop(); }

void mtsics_scale::answer_next_with(std::string error, unsigned count) {
  worker().call([this, &error, count] {
    error_reply_ = std::move(error);
    error_count_ = count;
  });
}

void mtsics_scale::set_hardware_error(std::optional<std::string> code) {
  worker().call([this, &code] { hardware_error_ = std::move(code); });
}

bool mtsics_scale::streaming() {
  return worker().call([this] { return streaming_; });
}

void mtsics_scale::modify_model(const std::function<void(scale_model&)>& change) {
  worker().call([this, &change] {
    change(model_);
    if (pending_) settle_pending(false);
  });
}

scale_model mtsics_scale::read_model() const {
  return worker().call([this] { return model_; });
}

void mtsics_scale::on_input(std::string_view data) {
  for (const char c : data) {
    if (c == '\r' || c == '\n') {
      // CR LF ends a command; a lone CR or LF is accepted too, empty lines are skipped.
      if (!line_.empty()) submit(std::exchange(line_, {}));
      continue;
    }
    if (line_.size() < 256) line_ += c;
  }
}

void mtsics_scale::on_unplugged() {
  line_.clear();
  queue_.clear();
  pending_.reset();
  ++pending_serial_;
  stability_timer_.cancel();
  stop_stream();
}

void mtsics_scale::on_stopping() { on_unplugged(); }

void mtsics_scale::submit(std::string line) {
  line = trim(line);
  if (line.empty()) return;
  // @ and C act at once: they exist to abort what is running or queued.
  if (line == "@") {
    reset();
    send_line(fmt::format("I4 A \"{}\"", options_.serial_number));
    return;
  }
  if (line == "C") {
    reset();
    send_line("C B");
    send_line("C A");
    return;
  }
  queue_.push_back(std::move(line));
  run_queue();
}

void mtsics_scale::run_queue() {
  while (!pending_ && !queue_.empty()) {
    const std::string line = std::move(queue_.front());
    queue_.pop_front();
    execute(line);
  }
}

void mtsics_scale::execute(const std::string& line) {
  if (error_count_ > 0) {
    --error_count_;
    send_line(error_reply_);
    return;
  }
  const auto words = split(line);
  const std::string& command = words.front();
  const bool bare = words.size() == 1;

  if (command == "S" && bare) {
    stop_stream();
    wait_for_stability(waiting::weight);
  } else if (command == "SI" && bare) {
    stop_stream();
    send_line(weight_line("S", true));
  } else if (command == "SIR" && bare) {
    start_stream();
  } else if (command == "Z" && bare) {
    wait_for_stability(waiting::zero);
  } else if (command == "ZI" && bare) {
    if (model_.overload) return send_line("ZI +");
    if (model_.underload) return send_line("ZI -");
    if (model_.zero_range && model_.gross().abs() > *model_.zero_range)
      return send_line(model_.gross().negative() ? "ZI -" : "ZI +");
    const bool was_stable = model_.stable;
    model_.zero_point = model_.load;
    model_.clear_tare();
    send_line(was_stable ? "ZI S" : "ZI D");
  } else if (command == "T" && bare) {
    wait_for_stability(waiting::tare);
  } else if (command == "TI" && bare) {
    if (model_.overload) return send_line("TI +");
    if (model_.underload || model_.gross().negative()) return send_line("TI -");
    model_.tare = decimal::from_counts(model_.gross_counts(), model_.decimals);
    model_.preset_tare = false;
    send_line(fmt::format("TI {} {} {}", model_.stable ? 'S' : 'D', value_field(model_.tare), model_.unit));
  } else if (command == "TA") {
    if (words.size() > 3) return send_line("TA L");
    if (words.size() >= 2) {
      try {
        const auto value = decimal::parse(words[1]);
        if (value.negative() || (words.size() == 3 && words[2] != model_.unit)) return send_line("TA L");
        model_.set_preset_tare(value);
      } catch (const std::invalid_argument&) {
        return send_line("TA L");
      }
    }
    send_line(fmt::format("TA A {} {}", value_field(model_.tare), model_.unit));
  } else if (command == "TAC" && bare) {
    model_.clear_tare();
    send_line("TAC A");
  } else if (command == "I0" && bare) {
    for (std::size_t i = 0; i < implemented.size(); ++i) {
      const bool last = i + 1 == implemented.size();
      send_line(fmt::format("I0 {} {} \"{}\"", last ? 'A' : 'B', implemented[i].level, implemented[i].name));
    }
  } else if (command == "I1" && bare) {
    send_line(fmt::format("I1 A \"01\" \"{0}\" \"{0}\" \"\" \"\"", options_.software));
  } else if (command == "I2" && bare) {
    send_line(fmt::format("I2 A \"{} {} {}\"", options_.model, options_.capacity, options_.unit));
  } else if (command == "I3" && bare) {
    send_line(fmt::format("I3 A \"{}\"", options_.software));
  } else if (command == "I4" && bare) {
    send_line(fmt::format("I4 A \"{}\"", options_.serial_number));
  } else {
    send_line("ES");
  }
}

void mtsics_scale::wait_for_stability(waiting what) {
  pending_ = what;
  const auto serial = ++pending_serial_;
  settle_pending(false);
  if (!pending_ || pending_serial_ != serial) return;
  stability_timer_.expires_after(options_.stability_timeout);
  stability_timer_.async_wait([this, serial](const boost::system::error_code& error) {
    if (error || !pending_ || serial != pending_serial_) return;
    settle_pending(true);
  });
}

void mtsics_scale::settle_pending(bool timed_out) {
  switch (*pending_) {
  case waiting::weight:
    if (hardware_error_ || model_.overload || model_.underload || model_.stable) {
      send_line(weight_line("S", false));
    } else if (timed_out) {
      send_line("S I");
    } else {
      return;
    }
    break;
  case waiting::zero:
    if (model_.overload) {
      send_line("Z +");
    } else if (model_.underload) {
      send_line("Z -");
    } else if (model_.stable) {
      const bool below = model_.gross().negative();
      const auto result = model_.zero();
      send_line(result == refusal::none ? "Z A" : (below ? "Z -" : "Z +"));
    } else if (timed_out) {
      send_line("Z I");
    } else {
      return;
    }
    break;
  case waiting::tare:
    if (model_.overload) {
      send_line("T +");
    } else if (model_.underload) {
      send_line("T -");
    } else if (model_.stable) {
      const auto result = model_.take_tare();
      if (result == refusal::none) {
        send_line(fmt::format("T S {} {}", value_field(model_.tare), model_.unit));
      } else {
        send_line("T -");
      }
    } else if (timed_out) {
      send_line("T I");
    } else {
      return;
    }
    break;
  }
  finish_pending();
}

void mtsics_scale::finish_pending() {
  pending_.reset();
  ++pending_serial_;
  stability_timer_.cancel();
  run_queue();
}

void mtsics_scale::start_stream() {
  stop_stream();
  streaming_ = true;
  stream_tick();
}

void mtsics_scale::stop_stream() {
  streaming_ = false;
  ++stream_serial_;
  stream_timer_.cancel();
}

void mtsics_scale::stream_tick() {
  send_line(weight_line("S", true));
  const auto serial = stream_serial_;
  stream_timer_.expires_after(options_.repeat_interval);
  stream_timer_.async_wait([this, serial](const boost::system::error_code& error) {
    if (error || !streaming_ || serial != stream_serial_) return;
    stream_tick();
  });
}

void mtsics_scale::reset() {
  stop_stream();
  queue_.clear();
  pending_.reset();
  ++pending_serial_;
  stability_timer_.cancel();
  // @ restores the power-on state without zeroing: the tare register is cleared.
  model_.clear_tare();
}

void mtsics_scale::send_line(const std::string& text) { reply(text + "\r\n"); }

std::string mtsics_scale::weight_line(std::string_view id, bool allow_dynamic) const {
  if (hardware_error_) return fmt::format("{} S    Error {}", id, *hardware_error_);
  if (model_.overload) return fmt::format("{} +", id);
  if (model_.underload) return fmt::format("{} -", id);
  const char status = (model_.stable || !allow_dynamic) ? 'S' : 'D';
  return fmt::format("{} {} {} {}", id, status, value_field(model_.net()), model_.unit);
}

std::string mtsics_scale::value_field(decimal value) const {
  return fmt::format("{:>10}", value.to_string(model_.decimals));
}

} // namespace stationd::sim
