#include "scale/mtsics_scale.hpp"

#include "core/timeouts.hpp"

#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>

#include <termios.h>

namespace stationd::drivers {

namespace asio = boost::asio;

namespace {

constexpr std::size_t max_reply_line = 256;

std::string describe_refusal(std::string_view command, const mtsics::reply& r) {
  switch (r.kind) {
  case mtsics::reply_kind::not_executable: return fmt::format("{}: not executed (the scale is busy or not stable)", command);
  case mtsics::reply_kind::overload: return fmt::format("{}: upper limit of the range exceeded", command);
  case mtsics::reply_kind::underload: return fmt::format("{}: lower limit of the range exceeded", command);
  case mtsics::reply_kind::syntax_error: return fmt::format("{}: the scale does not know this command (ES)", command);
  case mtsics::reply_kind::transmission_error: return fmt::format("{}: transmission error (ET)", command);
  case mtsics::reply_kind::logical_error: return fmt::format("{}: the scale cannot do this now (EL)", command);
  case mtsics::reply_kind::device_error: return fmt::format("{}: the scale reports error {}", command, r.text);
  default: return fmt::format("{}: unexpected reply {}", command, r.id);
  }
}

} // namespace

mtsics_scale::mtsics_scale(const driver_context& context)
    : context_{context}, settings_{serial_settings::from(context.device.settings)},
      timing_{scale_timing::from(context.device)}, port_{context.executor}, commands_{context.executor} {}

asio::awaitable<void> mtsics_scale::open() {
  path_ = resolve_port(settings_);
  open_serial(port_, path_, settings_);
  rx_.clear();
  co_return;
}

namespace {

// The reply ID that answers a command: "@" is answered by I4, SI by S.
std::string_view reply_id(std::string_view command) {
  if (command == "@") return "I4";
  if (command == "SI") return "S";
  return command;
}

bool is_general_error(std::string_view id) { return id == "ES" || id == "ET" || id == "EL"; }

} // namespace

asio::awaitable<mtsics::parse_result> mtsics_scale::exchange(std::string_view name, std::chrono::milliseconds timeout) {
  // Whatever arrived unasked (a PRINT key, a late reply to a timed-out request)
  // would otherwise be taken for this command's answer and shift every reply after it.
  ::tcflush(port_.native_handle(), TCIFLUSH);
  rx_.clear();
  const auto line = mtsics::command(name);
  context_.log.trace_bytes(context_.device.name, "tx", {reinterpret_cast<const unsigned char*>(line.data()), line.size()});
  co_await within(timeout, name, asio::async_write(port_, asio::buffer(line), asio::use_awaitable));
  for (;;) {
    const auto [ec, n] = co_await within(
        timeout, name,
        asio::async_read_until(port_, asio::dynamic_buffer(rx_, max_reply_line), '\n', asio::as_tuple(asio::use_awaitable)));
    if (ec == asio::error::not_found) {
      // A line longer than any MT-SICS reply: garbage. Drop it and report.
      const auto shown = rx_.substr(0, 40);
      rx_.clear();
      co_return mtsics::parse_result{std::nullopt, mtsics::parse_failure{fmt::format(
                                                        "{}: more than {} bytes without a line end, starting \"{}\"",
                                                        name, max_reply_line, shown)}};
    }
    if (ec) throw boost::system::system_error(ec);
    auto text = rx_.substr(0, n);
    rx_.erase(0, n);
    context_.log.trace_bytes(context_.device.name, "rx", {reinterpret_cast<const unsigned char*>(text.data()), text.size()});
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    if (text.empty()) continue; // a stray line end
    auto reply = mtsics::parse_reply(text);
    if (reply && reply.reply->id != reply_id(name) && !is_general_error(reply.reply->id)) {
      context_.log.debug(context_.device.name, "{}: skipping a reply to another command: {}", name, text);
      continue;
    }
    co_return reply;
  }
}

asio::awaitable<std::string> mtsics_scale::identify() {
  // "@" resets the command state (also stops a running SIR) and answers I4 with the serial number.
  const auto r = co_await exchange("@", timing_.io_timeout);
  if (!r) throw device_error(fmt::format("not an MT-SICS scale: {}", r.failure->message));
  if (r.reply->id != "I4") throw device_error(fmt::format("not an MT-SICS scale: @ answered {}", r.reply->id));
  co_return fmt::format("MT-SICS serial {}", r.reply->text);
}

asio::awaitable<void> mtsics_scale::configure() {
  commands_.set_accepting(true);
  co_return;
}

asio::awaitable<void> mtsics_scale::run() {
  reply_health health;
  for (;;) {
    co_await commands_.run_pending();
    const auto r = co_await exchange("SI", timing_.io_timeout);
    scale_reading reading;
    if (!r) {
      reading.error = r.failure->message;
    } else if (r.reply->kind == mtsics::reply_kind::weight) {
      reading.weight = r.reply->weight;
      reading.unit = r.reply->unit;
      reading.stable = r.reply->stable;
    } else if (r.reply->kind == mtsics::reply_kind::overload) {
      reading.overload = true;
    } else if (r.reply->kind == mtsics::reply_kind::underload) {
      reading.underload = true;
    } else {
      reading.error = describe_refusal("SI", *r.reply);
    }
    context_.on_reading(reading);
    health.note(reading);
    co_await sleep_for(timing_.poll_interval);
  }
}

asio::awaitable<void> mtsics_scale::command(std::string_view name, mtsics::reply_kind expected) {
  const auto r = co_await exchange(name, timing_.command_timeout);
  if (!r) throw std::runtime_error(fmt::format("{}: {}", name, r.failure->message));
  if (r.reply->kind != expected) throw std::runtime_error(describe_refusal(name, *r.reply));
}

asio::awaitable<void> mtsics_scale::zero() {
  command_queue::body body = [this]() { return command("Z", mtsics::reply_kind::done); };
  co_await commands_.submit("zero", std::move(body), timing_.command_timeout * 2);
}

asio::awaitable<void> mtsics_scale::tare() {
  command_queue::body body = [this]() { return command("T", mtsics::reply_kind::done); };
  co_await commands_.submit("tare", std::move(body), timing_.command_timeout * 2);
}

asio::awaitable<void> mtsics_scale::clear_tare() {
  command_queue::body body = [this]() { return command("TAC", mtsics::reply_kind::done); };
  co_await commands_.submit("clear tare", std::move(body), timing_.command_timeout * 2);
}

void mtsics_scale::close() noexcept {
  commands_.set_accepting(false);
  boost::system::error_code ignored;
  port_.close(ignored);
}

std::string mtsics_scale::address() const { return path_.empty() ? settings_.port : path_; }

} // namespace stationd::drivers
