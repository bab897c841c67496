#include "sim/serial_scanner.hpp"

#include <utility>

namespace stationd::sim {

serial_scanner::serial_scanner(options opts)
    : serial_device{std::move(opts.link)}, format_{opts.format}, char_delay_{opts.char_delay} {}

serial_scanner::~serial_scanner() { stop(); }

void serial_scanner::send(std::string_view scan) {
  std::string bytes{scan};
  worker().call([this, &bytes] { emit(frame_scan(bytes, format_), char_delay_); });
}

void serial_scanner::set_format(const scan_format& format) {
  worker().call([this, format] { format_ = format; });
}

scan_format serial_scanner::format() {
  return worker().call([this] { return format_; });
}

void serial_scanner::set_char_delay(std::chrono::milliseconds delay) {
  worker().call([this, delay] { char_delay_ = delay; });
}

} // namespace stationd::sim
