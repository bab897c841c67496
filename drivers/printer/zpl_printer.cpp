#include "printer/zpl_printer.hpp"

#include "core/timeouts.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>

#include <termios.h>

namespace stationd::drivers {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

zpl_printer::zpl_printer(const driver_context& context)
    : context_{context}, serial_{context.device.driver == "zpl-serial"},
      status_interval_{context.device.settings.get_duration("status_interval")},
      stream_{std::in_place_index<0>, context.executor}, commands_{context.executor} {
  const auto& d = context.device.settings;
  if (serial_) {
    serial_settings_ = serial_settings::from(d);
    stream_.emplace<1>(context.executor);
  } else {
    host_ = d.get_string("host");
    tcp_port_ = static_cast<std::uint16_t>(d.get_int("tcp_port"));
  }
}

std::string zpl_printer::address() const {
  if (serial_) return path_.empty() ? serial_settings_.port : path_;
  return fmt::format("{}:{}", host_, tcp_port_);
}

asio::awaitable<void> zpl_printer::open() {
  answers_hqes_.reset();
  bad_in_a_row_ = 0;
  ++connections_;
  if (serial_) {
    auto& port = stream_.emplace<1>(context_.executor);
    path_ = resolve_port(serial_settings_);
    open_serial(port, path_, serial_settings_);
    co_return;
  }
  auto& socket = stream_.emplace<0>(context_.executor);
  tcp::resolver resolver{context_.executor};
  asio::steady_timer deadline{context_.executor, context_.device.io_timeout};
  deadline.async_wait([&resolver](const boost::system::error_code& ec) {
    if (!ec) resolver.cancel(); // async_resolve ignores per-operation cancellation here
  });
  const std::string service = std::to_string(tcp_port_);
  const auto [resolve_error, endpoints] = co_await resolver.async_resolve(host_, service, asio::as_tuple(asio::use_awaitable));
  deadline.cancel();
  if (resolve_error) throw device_error(fmt::format("cannot resolve {}: {}", host_, resolve_error.message()));
  const auto [connect_error, endpoint] = co_await asio::async_connect(socket, endpoints, asio::as_tuple(asio::use_awaitable));
  if (connect_error) throw device_error(fmt::format("cannot connect to {}: {}", address(), connect_error.message()));
  // A 3-byte ~HS right after a label would otherwise wait for the label's ACK
  // (Nagle against delayed ACK: 40 ms per status poll).
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
}

asio::awaitable<std::size_t> zpl_printer::write_all(std::string_view bytes, std::string& error, bool& in_doubt) {
  context_.log.trace_bytes(context_.device.name, "tx", {reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()});
  asio::steady_timer deadline{context_.executor, context_.device.io_timeout};
  auto write = [&](auto& stream) { return asio::async_write(stream, asio::buffer(bytes), asio::as_tuple(asio::use_awaitable)); };
  auto operation = std::visit(write, stream_);
  auto outcome = co_await (std::move(operation) || deadline.async_wait(asio::as_tuple(asio::use_awaitable)));
  if (outcome.index() == 1) {
    // Cut off: some of it may have gone out.
    in_doubt = true;
    error = fmt::format("{}: the printer did not take the data within {} ms", address(), context_.device.io_timeout.count());
    co_return 0;
  }
  const auto [ec, n] = std::get<0>(outcome);
  if (ec) error = fmt::format("{}: {}", address(), ec.message());
  co_return n;
}

asio::awaitable<std::optional<std::string>> zpl_printer::ask(std::string_view query, zpl::reply_collector::kind kind) {
  // A reply that came too late for the previous query must not answer this one.
  if (serial_) ::tcflush(std::get<1>(stream_).native_handle(), TCIFLUSH);
  std::string error;
  bool in_doubt = false;
  const auto written = co_await write_all(query, error, in_doubt);
  if (written != query.size()) throw device_error(error.empty() ? "the printer took no query" : error);
  zpl::reply_collector collector{kind};
  std::array<char, 512> buffer;
  asio::steady_timer deadline{context_.executor, context_.device.io_timeout};
  for (;;) {
    auto read = [&](auto& stream) { return stream.async_read_some(asio::buffer(buffer), asio::as_tuple(asio::use_awaitable)); };
    auto operation = std::visit(read, stream_);
    auto outcome = co_await (std::move(operation) || deadline.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (outcome.index() == 1) co_return std::nullopt; // silent: the caller decides what that means
    const auto [ec, n] = std::get<0>(outcome);
    if (ec) throw device_error(fmt::format("{}: {} (while waiting for the printer's status)", address(), ec.message()));
    context_.log.trace_bytes(context_.device.name, "rx", {reinterpret_cast<const unsigned char*>(buffer.data()), n});
    if (auto reply = collector.feed({buffer.data(), n})) co_return reply;
    if (collector.overflowed()) co_return std::nullopt;
  }
}

asio::awaitable<printer_status> zpl_printer::query_status() {
  printer_status s;
  s.sequence = ++polls_;
  s.connection = connections_;
  const auto reply = co_await ask("~HS", zpl::reply_collector::kind::host_status);
  const auto parsed = reply ? zpl::parse_host_status(*reply) : zpl::parsed<zpl::host_status>{};
  if (reply && !parsed) {
    s.tokens = {"BAD-REPLY"};
    s.error = fmt::format("unreadable ~HS reply: {}", parsed.error.value_or(""));
    if (++bad_in_a_row_ >= max_bad_status_replies_in_a_row) {
      throw device_error(fmt::format("{} unusable replies in a row; the last: {}", bad_in_a_row_, s.error));
    }
    context_.log.warning(context_.device.name, "{}", s.error);
  } else if (reply) {
    bad_in_a_row_ = 0;
    s.host = *parsed.value;
    s.replied = true;
    if (answers_hqes_.value_or(false)) {
      if (const auto errors = co_await ask("~HQES", zpl::reply_collector::kind::error_status)) {
        if (const auto e = zpl::parse_error_status(*errors)) s.errors = *e.value;
      }
    }
    s.tokens = zpl::status_tokens(*s.host, s.errors);
  } else {
    bad_in_a_row_ = 0;
    s.tokens = {"NO-REPLY"};
  }
  s.at = std::chrono::steady_clock::now();
  latest_ = s;
  if (context_.on_printer_status) context_.on_printer_status(s);
  co_return s;
}

asio::awaitable<std::string> zpl_printer::identify() {
  // A printer that is out of media answers nothing: that is not a reason to give up on it.
  const auto reply = co_await ask("~HI", zpl::reply_collector::kind::identity);
  if (!reply) co_return std::string{};
  const auto id = zpl::parse_identity(*reply);
  if (!id) co_return std::string{};
  co_return fmt::format("{} firmware {}, {} dots/mm", id.value->model, id.value->firmware, id.value->dots_per_mm);
}

asio::awaitable<void> zpl_printer::configure() {
  // ~HQES exists on newer firmware only; ask once whether this one answers it.
  answers_hqes_ = (co_await ask("~HQES", zpl::reply_collector::kind::error_status)).has_value();
  commands_.set_accepting(true);
}

asio::awaitable<void> zpl_printer::run() {
  for (;;) {
    co_await commands_.run_pending();
    (void)co_await query_status();
    co_await commands_.wait(status_interval_);
  }
}

asio::awaitable<send_result> zpl_printer::send(std::string zpl) {
  auto result = std::make_shared<send_result>();
  result->size = zpl.size();
  command_queue::body body = [this, result, zpl = std::move(zpl)]() -> asio::awaitable<void> {
    std::string error;
    bool in_doubt = false;
    result->written = co_await write_all(zpl, error, in_doubt);
    result->polls_before = polls_;
    result->connection = connections_;
    result->in_doubt = in_doubt;
    result->error = std::move(error);
    // A format the printer did not fully take leaves the link in doubt: reconnect.
    if (!result->complete()) throw device_error(result->error.empty() ? "incomplete write" : result->error);
  };
  try {
    co_await commands_.submit("print", std::move(body), context_.device.io_timeout * 2);
  } catch (const std::exception& e) {
    if (result->error.empty()) result->error = e.what();
  }
  co_return *result;
}

asio::awaitable<printer_status> zpl_printer::poll() {
  auto status = std::make_shared<printer_status>();
  command_queue::body body = [this, status]() -> asio::awaitable<void> { *status = co_await query_status(); };
  co_await commands_.submit("status", std::move(body), context_.device.io_timeout * 2);
  co_return *status;
}

void zpl_printer::close() noexcept {
  commands_.set_accepting(false);
  boost::system::error_code ignored;
  std::visit([&](auto& stream) { stream.close(ignored); }, stream_);
}

} // namespace stationd::drivers
