#include "sim/capture_player.hpp"

#include "sim/bytes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace stationd::sim {

capture_player::capture_player(capture recording, options opts)
    : serial_device{opts.link},
      recording_{std::move(recording)},
      options_{std::move(opts)},
      record_timer_{io()},
      match_timer_{io()} {
  if (options_.speed <= 0) options_.speed = 1.0;
}

capture_player::~capture_player() { stop(); }

void capture_player::play() {
  worker().call([this] {
    if (playing_) return;
    playing_ = true;
    index_ = 0;
    last_time_ = 0;
    advance();
  });
}

std::optional<capture_player::result> capture_player::wait(std::chrono::milliseconds timeout) {
  std::unique_lock lock{result_mutex_};
  if (!result_changed_.wait_for(lock, timeout, [this] { return result_.finished; })) return std::nullopt;
  return result_;
}

capture_player::result capture_player::progress() {
  std::lock_guard lock{result_mutex_};
  return result_;
}

void capture_player::on_input(std::string_view data) {
  pending_input_.append(data);
  if (playing_ && waiting_for_host_) advance();
}

void capture_player::on_unplugged() { pending_input_.clear(); }

void capture_player::on_stopping() {
  ++serial_;
  record_timer_.cancel();
  match_timer_.cancel();
  if (playing_) {
    playing_ = false;
    std::lock_guard lock{result_mutex_};
    if (!result_.finished) {
      result_.finished = true;
      result_.error = "stopped before the end of the capture";
    }
    result_changed_.notify_all();
  }
}

void capture_player::advance() {
  const auto& records = recording_.records;
  while (playing_) {
    if (index_ >= records.size()) {
      if (options_.loop && !records.empty()) {
        index_ = 0;
        last_time_ = 0;
        continue;
      }
      // Finished means the last bytes left for the host, not merely that they were queued.
      if (sending()) {
        waiting_for_timer_ = true;
        const auto serial = ++serial_;
        record_timer_.expires_after(std::chrono::milliseconds{5});
        record_timer_.async_wait([this, serial](const boost::system::error_code& error) {
          if (error || serial != serial_) return;
          waiting_for_timer_ = false;
          advance();
        });
        return;
      }
      playing_ = false;
      publish(true, true, {});
      return;
    }
    const auto& record = records[index_];
    if (record.direction == capture_direction::host_to_device) {
      const auto& expected = record.data;
      const auto common = std::min(expected.size(), pending_input_.size());
      if (pending_input_.compare(0, common, expected, 0, common) != 0) {
        return fail(fmt::format("line {}: expected \"{}\", host sent \"{}\"", record.line, escape_bytes(expected),
                                escape_bytes(pending_input_.substr(0, std::max(common, std::size_t{1})))));
      }
      if (pending_input_.size() < expected.size()) {
        if (!waiting_for_host_) {
          waiting_for_host_ = true;
          const auto serial = ++serial_;
          match_timer_.expires_after(options_.match_timeout);
          match_timer_.async_wait([this, serial, line = record.line, expected](const boost::system::error_code& error) {
            if (error || serial != serial_ || !waiting_for_host_) return;
            fail(fmt::format("line {}: host did not send \"{}\" within {} ms", line, escape_bytes(expected),
                             options_.match_timeout.count()));
          });
        }
        return;
      }
      waiting_for_host_ = false;
      ++serial_;
      match_timer_.cancel();
      pending_input_.erase(0, expected.size());
      last_time_ = record.time_ms;
      ++index_;
      publish(false, false, {});
      continue;
    }

    if (waiting_for_timer_) return;
    const auto gap = static_cast<double>(record.time_ms - last_time_) / options_.speed;
    const auto delay = std::chrono::milliseconds{static_cast<std::int64_t>(gap)};
    if (delay.count() <= 0) {
      perform(record);
      continue;
    }
    waiting_for_timer_ = true;
    const auto serial = ++serial_;
    record_timer_.expires_after(delay);
    record_timer_.async_wait([this, serial](const boost::system::error_code& error) {
      if (error || serial != serial_) return;
      waiting_for_timer_ = false;
      perform(recording_.records[index_]);
      advance();
    });
    return;
  }
}

void capture_player::perform(const capture_record& record) {
  last_time_ = record.time_ms;
  ++index_;
  if (record.direction == capture_direction::device_to_host) {
    emit(record.data);
  } else if (record.data == "unplug") {
    unplug();
  } else if (record.data == "replug") {
    replug();
  }
  publish(false, false, {});
}

void capture_player::fail(std::string error) {
  playing_ = false;
  waiting_for_host_ = false;
  ++serial_;
  match_timer_.cancel();
  record_timer_.cancel();
  publish(true, false, std::move(error));
}

void capture_player::publish(bool finished, bool ok, std::string error) {
  std::lock_guard lock{result_mutex_};
  result_.records_done = index_;
  if (finished) {
    result_.finished = true;
    result_.ok = ok;
    result_.error = std::move(error);
    result_changed_.notify_all();
  }
}

} // namespace stationd::sim
