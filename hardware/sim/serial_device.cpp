#include "sim/serial_device.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/write.hpp>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <utility>

namespace stationd::sim {
namespace {

// A real device drops what nobody reads; the queue only smooths pacing.
constexpr std::size_t max_queued_bytes = 1 << 20;
constexpr std::size_t max_received_bytes = 64 * 1024;

} // namespace

serial_device::serial_device(std::filesystem::path link)
    : link_{std::move(link)}, pty_{link_}, pace_timer_{worker_.context()} {}

serial_device::~serial_device() { stop(); }

void serial_device::start() {
  if (worker_.running()) return;
  worker_.start();
  try {
    worker_.call([this] { open_link(); });
  } catch (...) {
    worker_.stop();
    throw;
  }
}

void serial_device::stop() {
  if (!worker_.running()) return;
  worker_.call([this] {
    if (pty_.plugged()) close_link();
    pace_timer_.cancel();
    on_stopping();
  });
  worker_.stop();
}

void serial_device::unplug() {
  worker_.call([this] {
    if (pty_.plugged()) close_link();
  });
}

void serial_device::replug() {
  worker_.call([this] {
    if (pty_.plugged()) close_link();
    open_link();
  });
}

bool serial_device::plugged() {
  return worker_.call([this] { return pty_.plugged(); });
}

std::filesystem::path serial_device::device_path() {
  return worker_.call([this] { return pty_.device_path(); });
}

void serial_device::send_raw(std::string data) {
  worker_.call([this, &data] { emit(std::move(data)); });
}

void serial_device::go_silent(std::chrono::milliseconds duration) {
  worker_.call([this, duration] {
    silent_forever_ = duration.count() <= 0;
    silent_until_ = silent_forever_ ? clock::time_point{} : clock::now() + duration;
  });
}

void serial_device::talk() {
  worker_.call([this] {
    silent_forever_ = false;
    silent_until_ = {};
    cut_.reset();
  });
}

bool serial_device::silent() {
  return worker_.call([this] { return silent_now(); });
}

void serial_device::cut_next_reply(std::size_t keep, std::chrono::milliseconds silence) {
  worker_.call([this, keep, silence] { cut_.emplace(keep, silence); });
}

void serial_device::garble_next_reply(std::string noise) {
  worker_.call([this, noise = std::move(noise)]() mutable { noise_ = std::move(noise); });
}

std::string serial_device::received() {
  return worker_.call([this] { return received_; });
}

void serial_device::clear_received() {
  worker_.call([this] { received_.clear(); });
}

void serial_device::set_observer(traffic_observer observer) {
  worker_.call([this, &observer] { observer_ = std::move(observer); });
}

bool serial_device::silent_now() const { return silent_forever_ || clock::now() < silent_until_; }

void serial_device::reply(std::string data) {
  if (silent_now()) return;
  if (!noise_.empty()) data = std::exchange(noise_, {}) + data;
  if (cut_) {
    const auto [keep, silence] = *cut_;
    cut_.reset();
    data.resize(std::min(keep, data.size()));
    emit(std::move(data));
    silent_forever_ = silence.count() <= 0;
    silent_until_ = silent_forever_ ? clock::time_point{} : clock::now() + silence;
    return;
  }
  emit(std::move(data));
}

void serial_device::emit(std::string data, std::chrono::milliseconds char_delay) {
  if (!stream_ || data.empty()) return;
  if (queued_bytes_ + data.size() > max_queued_bytes) return;
  queued_bytes_ += data.size();
  output_.push_back(chunk{std::move(data), char_delay, 0});
  pump();
}

void serial_device::open_link() {
  pty_.plug();
  const int fd = ::dup(pty_.master_fd());
  if (fd < 0) {
    const int error = errno;
    pty_.unplug();
    throw std::system_error(error, std::generic_category(), "dup");
  }
  stream_.emplace(io(), fd);
  on_plugged();
  read_next();
}

void serial_device::close_link() {
  on_unplugged();
  ++generation_;
  if (stream_) {
    boost::system::error_code ignored;
    stream_->close(ignored);
    stream_.reset();
  }
  output_.clear();
  queued_bytes_ = 0;
  writing_ = false;
  pace_timer_.cancel();
  pty_.unplug();
}

void serial_device::read_next() {
  if (!stream_) return;
  const auto generation = generation_;
  stream_->async_read_some(boost::asio::buffer(input_),
                           [this, generation](const boost::system::error_code& error, std::size_t size) {
                             if (generation != generation_ || error) return;
                             const std::string_view data{input_.data(), size};
                             received_.append(data);
                             if (received_.size() > max_received_bytes)
                               received_.erase(0, received_.size() - max_received_bytes);
                             if (observer_) observer_(traffic::from_host, data);
                             if (!silent_now()) on_input(data);
                             // on_input may have unplugged the link.
                             if (generation == generation_) read_next();
                           });
}

void serial_device::pump() {
  if (writing_ || output_.empty() || !stream_) return;
  writing_ = true;
  const auto generation = generation_;
  chunk& next = output_.front();
  const bool paced = next.char_delay.count() > 0;
  const std::size_t size = paced ? 1 : next.data.size() - next.offset;
  boost::asio::async_write(
      *stream_, boost::asio::buffer(next.data.data() + next.offset, size),
      [this, generation, paced](const boost::system::error_code& error, std::size_t written) {
        if (generation != generation_) return;
        writing_ = false;
        if (error) {
          output_.clear();
          queued_bytes_ = 0;
          return;
        }
        chunk& done = output_.front();
        if (observer_) observer_(traffic::to_host, std::string_view{done.data}.substr(done.offset, written));
        done.offset += written;
        queued_bytes_ -= written;
        const auto delay = done.char_delay;
        if (done.offset >= done.data.size()) output_.pop_front();
        if (!paced) {
          pump();
          return;
        }
        writing_ = true; // the pause between characters belongs to this write
        pace_timer_.expires_after(delay);
        pace_timer_.async_wait([this, generation](const boost::system::error_code& wait_error) {
          if (generation != generation_ || wait_error) return;
          writing_ = false;
          pump();
        });
      });
}

} // namespace stationd::sim
