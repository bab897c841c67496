#include "skeleton/skeleton_scale.hpp"

#include "core/timeouts.hpp"

#include <boost/asio/read_until.hpp>
#include <fmt/format.h>

#include <sstream>

namespace stationd::drivers::skeleton {

namespace asio = boost::asio;

std::optional<scale_reading> parse_line(std::string_view line) {
  std::istringstream fields{std::string{line}};
  std::string value;
  std::string unit;
  std::string flag;
  std::string extra;
  if (!(fields >> value >> unit >> flag) || (fields >> extra)) return std::nullopt;
  const auto weight = decimal_weight::parse(value);
  if (!weight || (flag != "S" && flag != "D")) return std::nullopt;
  scale_reading r;
  r.weight = weight;
  r.unit = unit;
  r.stable = flag == "S";
  return r;
}

skeleton_scale::skeleton_scale(const driver_context& context)
    : context_{context}, settings_{serial_settings::from(context.device.settings)},
      timeout_{context.device.io_timeout}, port_{context.executor} {}

asio::awaitable<void> skeleton_scale::open() {
  path_ = resolve_port(settings_);
  open_serial(port_, path_, settings_);
  rx_.clear();
  co_return;
}

asio::awaitable<std::string> skeleton_scale::read_line() {
  const auto n = co_await within(timeout_, "reading",
                                 asio::async_read_until(port_, asio::dynamic_buffer(rx_, 128), '\n', asio::use_awaitable));
  auto line = rx_.substr(0, n);
  rx_.erase(0, n);
  context_.log.trace_bytes(context_.device.name, "rx", {reinterpret_cast<const unsigned char*>(line.data()), line.size()});
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  co_return line;
}

asio::awaitable<std::string> skeleton_scale::identify() {
  const auto line = co_await read_line();
  if (!parse_line(line)) throw device_error(fmt::format("not a line scale: \"{}\"", line));
  co_return std::string{"line scale"};
}

asio::awaitable<void> skeleton_scale::configure() { co_return; }

asio::awaitable<void> skeleton_scale::run() {
  for (;;) {
    const auto line = co_await read_line();
    if (auto reading = parse_line(line)) {
      context_.on_reading(std::move(*reading));
    } else {
      scale_reading bad;
      bad.error = fmt::format("unreadable line \"{}\"", line);
      context_.on_reading(std::move(bad));
    }
  }
}

asio::awaitable<void> skeleton_scale::zero() {
  throw std::runtime_error("zero: this scale takes no commands");
  co_return;
}
asio::awaitable<void> skeleton_scale::tare() {
  throw std::runtime_error("tare: this scale takes no commands");
  co_return;
}
asio::awaitable<void> skeleton_scale::clear_tare() {
  throw std::runtime_error("clear tare: this scale takes no commands");
  co_return;
}

void skeleton_scale::close() noexcept {
  boost::system::error_code ignored;
  port_.close(ignored);
}

} // namespace stationd::drivers::skeleton
