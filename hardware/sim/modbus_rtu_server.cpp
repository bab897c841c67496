#include "sim/modbus_rtu_server.hpp"

#include <modbus/modbus-rtu.h>

#include <new>
#include <optional>
#include <span>
#include <utility>

namespace stationd::sim {
namespace {

constexpr std::size_t min_frame = 4; // address, function, CRC

// Length of the request starting at buf, when its function code tells; nullopt when more
// bytes are needed to know, 0 when only the line going quiet can tell.
std::optional<std::size_t> expected_length(const std::vector<std::uint8_t>& buf) {
  if (buf.size() < 2) return std::nullopt;
  switch (buf[1]) {
  case 0x01:
  case 0x02:
  case 0x03:
  case 0x04:
  case 0x05:
  case 0x06:
  case 0x08: return 8;
  case 0x0f:
  case 0x10:
    if (buf.size() < 7) return std::nullopt;
    return 9 + static_cast<std::size_t>(buf[6]);
  default: return 0;
  }
}

bool crc_ok(std::span<const std::uint8_t> frame) {
  if (frame.size() < min_frame) return false;
  const auto crc = modbus_crc(frame.first(frame.size() - 2));
  return frame[frame.size() - 2] == (crc & 0xff) && frame[frame.size() - 1] == (crc >> 8);
}

} // namespace

void modbus_rtu_server::context_deleter::operator()(modbus_t* ctx) const noexcept { modbus_free(ctx); }

modbus_rtu_server::modbus_rtu_server(modbus_slave& slave, options opts)
    : serial_device{opts.link}, slave_{slave}, options_{std::move(opts)}, gap_timer_{io()}, reply_timer_{io()} {
  // Never connected: the device name is unused, the pty master is handed over instead.
  ctx_.reset(modbus_new_rtu("/dev/null", 9600, 'N', 8, 1));
  if (!ctx_) throw std::bad_alloc{};
  modbus_set_slave(ctx_.get(), options_.address);
}

modbus_rtu_server::~modbus_rtu_server() { stop(); }

void modbus_rtu_server::on_plugged() { modbus_set_socket(ctx_.get(), master_fd()); }

void modbus_rtu_server::on_unplugged() {
  buffer_.clear();
  frames_.clear();
  busy_ = false;
  ++gap_serial_;
  ++link_serial_;
  gap_timer_.cancel();
  reply_timer_.cancel();
  modbus_set_socket(ctx_.get(), -1);
}

void modbus_rtu_server::on_stopping() { on_unplugged(); }

void modbus_rtu_server::on_input(std::string_view data) {
  buffer_.insert(buffer_.end(), data.begin(), data.end());
  take_frames();
  if (buffer_.empty()) return;
  // Whatever is left is either the start of a frame or junk: the line going quiet decides.
  const auto serial = ++gap_serial_;
  gap_timer_.expires_after(options_.frame_gap);
  gap_timer_.async_wait([this, serial](const boost::system::error_code& error) {
    if (error || serial != gap_serial_ || buffer_.empty()) return;
    take_frame(buffer_.size());
  });
}

void modbus_rtu_server::take_frames() {
  while (!buffer_.empty()) {
    const auto length = expected_length(buffer_);
    if (!length || *length == 0 || buffer_.size() < *length) return;
    if (!crc_ok(std::span{buffer_}.first(*length))) {
      // Out of step with the framing: drop everything and wait for a clean frame.
      buffer_.clear();
      return;
    }
    take_frame(*length);
  }
}

void modbus_rtu_server::take_frame(std::size_t length) {
  std::vector<std::uint8_t> frame(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(length));
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(length));
  if (!crc_ok(frame)) return;
  const auto address = frame[0];
  if (address != options_.address && address != 0) return;
  frames_.push_back(std::move(frame));
  serve_next();
}

void modbus_rtu_server::corrupt_next_replies(unsigned count) {
  worker().call([this, count] { corrupt_ = count; });
}

void modbus_rtu_server::serve_next() {
  if (busy_ || frames_.empty()) return;
  auto frame = std::move(frames_.front());
  frames_.pop_front();
  const std::span<const std::uint8_t> pdu{frame.data() + 1, frame.size() - 3};
  const auto decision = slave_.accept(frame[0], pdu, false);
  if (!decision.answer) return serve_next();

  const auto respond = [this, decision](const std::vector<std::uint8_t>& request) {
    const std::span<const std::uint8_t> adu{request};
    const auto send_pdu = [this, &request](std::span<const std::uint8_t> reply_pdu) {
      if (request[0] == 0) return; // broadcasts are never answered
      std::string bytes;
      bytes += static_cast<char>(request[0]);
      bytes.append(reply_pdu.begin(), reply_pdu.end());
      const auto crc = modbus_crc({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
      bytes += static_cast<char>(crc & 0xff);
      bytes += static_cast<char>(crc >> 8);
      emit(std::move(bytes));
    };
    slave_.answer(ctx_.get(), adu, request[0], adu.subspan(1, adu.size() - 3), decision, send_pdu);
  };

  // Line noise: a read answered with a frame of the right length but a wrong CRC.
  if (corrupt_ > 0 && frame.size() >= 8 && (frame[1] == 0x03 || frame[1] == 0x04) && frame[0] != 0) {
    --corrupt_;
    const auto count = static_cast<std::size_t>((frame[4] << 8) | frame[5]);
    std::string bytes;
    bytes += static_cast<char>(frame[0]);
    bytes += static_cast<char>(frame[1]);
    bytes += static_cast<char>(count * 2);
    bytes.append(count * 2, '\0');
    const auto crc = modbus_crc({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
    bytes += static_cast<char>((crc & 0xff) ^ 0x5a);
    bytes += static_cast<char>(crc >> 8);
    emit(std::move(bytes));
    return serve_next();
  }
  if (decision.delay.count() <= 0) {
    respond(frame);
    return serve_next();
  }
  busy_ = true;
  const auto serial = link_serial_;
  reply_timer_.expires_after(decision.delay);
  reply_timer_.async_wait([this, serial, respond, frame = std::move(frame)](const boost::system::error_code& error) {
    if (error || serial != link_serial_) return;
    busy_ = false;
    respond(frame);
    serve_next();
  });
}

} // namespace stationd::sim
