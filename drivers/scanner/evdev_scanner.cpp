#include "scanner/evdev_scanner.hpp"

#include "core/device_error.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <linux/input.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace stationd::drivers {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

namespace {

evdev::decoder_options options_from(const config::config_section& d) {
  evdev::decoder_options o;
  o.layout = d.get_string("layout") == "sv" ? evdev::layout::sv : evdev::layout::us;
  const auto& gs = d.get_string("gs");
  o.gs = gs == "alt-numpad" ? evdev::gs_method::alt_numpad
         : gs == "key"      ? evdev::gs_method::key
                            : evdev::gs_method::ctrl_right_bracket;
  o.gs_key = static_cast<std::uint16_t>(d.get_int("gs_key"));
  return o;
}

} // namespace

evdev_scanner::evdev_scanner(const driver_context& context)
    : context_{context}, path_{context.device.settings.get_string("path")},
      options_{options_from(context.device.settings)}, grab_{context.device.settings.get_bool("grab")},
      gap_{context.device.settings.get_duration("inter_char_timeout")}, stream_{context.executor} {}

asio::awaitable<void> evdev_scanner::open() {
  const int fd = ::open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw device_error(fmt::format("cannot open {}: {}", path_, std::strerror(errno)));
  // ENOTTY: not an input device (a pipe in tests, say); there is nothing to grab.
  if (grab_ && ::ioctl(fd, EVIOCGRAB, 1) != 0 && errno != ENOTTY && errno != EINVAL) {
    const int err = errno;
    ::close(fd);
    throw device_error(fmt::format("cannot grab {}: {}{}", path_, std::strerror(err),
                                   err == EBUSY ? " (another program has grabbed it)" : ""));
  }
  stream_ = asio::posix::stream_descriptor{context_.executor, fd};
  co_return;
}

asio::awaitable<std::string> evdev_scanner::identify() {
  char name[256] = {};
  if (::ioctl(stream_.native_handle(), EVIOCGNAME(sizeof name - 1), name) < 0) co_return std::string{};
  co_return std::string{name};
}

asio::awaitable<void> evdev_scanner::configure() { co_return; }

void evdev_scanner::deliver(const evdev::decoded& d) {
  scan::frame f;
  if (d.scan) f.data = *d.scan;
  if (d.error) f.error = scan::scan_error{"scan.keyboard", *d.error, {}, {}, 0};
  context_.on_frame(std::move(f));
}

asio::awaitable<void> evdev_scanner::run() {
  evdev::record_reader reader;
  evdev::key_decoder decoder{options_};
  std::array<char, sizeof(input_event) * 64> buffer;
  asio::steady_timer quiet{context_.executor};
  bool in_scan = false;
  for (;;) {
    std::size_t n = 0;
    boost::system::error_code ec;
    if (!in_scan) {
      std::tie(ec, n) = co_await stream_.async_read_some(asio::buffer(buffer), asio::as_tuple(asio::use_awaitable));
    } else {
      quiet.expires_after(gap_);
      auto outcome = co_await (stream_.async_read_some(asio::buffer(buffer), asio::as_tuple(asio::use_awaitable)) ||
                               quiet.async_wait(asio::as_tuple(asio::use_awaitable)));
      if (outcome.index() == 1) {
        if (auto d = decoder.flush()) deliver(*d);
        in_scan = false;
        continue;
      }
      std::tie(ec, n) = std::get<0>(outcome);
    }
    if (ec) {
      if (auto d = decoder.flush()) deliver(*d);
      throw boost::system::system_error(ec);
    }
    if (n == 0) throw device_error(fmt::format("{}: end of file (device removed)", path_));
    context_.log.trace_bytes(context_.device.name, "rx", {reinterpret_cast<const unsigned char*>(buffer.data()), n});
    for (const auto& event : reader.feed({buffer.data(), n})) {
      for (const auto& d : decoder.feed(event)) deliver(d);
      if (event.type == EV_KEY) in_scan = true;
    }
  }
}

void evdev_scanner::close() noexcept {
  boost::system::error_code ignored;
  if (stream_.is_open() && grab_) ::ioctl(stream_.native_handle(), EVIOCGRAB, 0);
  stream_.close(ignored);
}

} // namespace stationd::drivers
