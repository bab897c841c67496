#include "sim/zpl_printer.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <deque>
#include <utility>

namespace stationd::sim {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
constexpr std::size_t max_client_backlog = 1 << 20;
} // namespace

// The serial side: a pty whose input goes into the shared engine. It runs on the
// serial_device thread and answers from there, so it never waits for the TCP thread.
class zpl_printer::serial_port_impl final : public serial_device {
public:
  serial_port_impl(zpl_printer& owner, std::filesystem::path link) : serial_device{std::move(link)}, owner_{owner} {}
  ~serial_port_impl() override { stop(); }

protected:
  void on_input(std::string_view data) override {
    std::string replies;
    {
      std::lock_guard lock{owner_.engine_mutex_};
      replies = owner_.engine_.feed(stream_, data, zpl_engine::clock::now());
    }
    if (!replies.empty()) reply(std::move(replies));
  }
  void on_unplugged() override {
    std::lock_guard lock{owner_.engine_mutex_};
    owner_.engine_.close(stream_);
  }

private:
  zpl_printer& owner_;
  zpl_stream stream_; // on the serial thread only
};

struct zpl_printer::connection {
  explicit connection(tcp::socket s) : socket{std::move(s)} {}
  tcp::socket socket;
  std::array<char, 4096> input{};
  std::deque<std::string> output;
  std::size_t queued = 0;
  bool writing = false;
  bool closed = false;
  zpl_stream stream; // under engine_mutex_
};

zpl_printer::zpl_printer(options opts)
    : options_{std::move(opts)}, engine_{options_.printer, zpl_engine::clock::now()}, port_{options_.port} {
  if (!options_.link.empty()) serial_ = std::make_unique<serial_port_impl>(*this, options_.link);
}

zpl_printer::~zpl_printer() {
  stop();
  serial_.reset(); // its thread is joined before the engine it feeds goes away
}

template <typename F>
auto zpl_printer::with_engine(F&& change) {
  std::lock_guard lock{engine_mutex_};
  return change(engine_, zpl_engine::clock::now());
}

void zpl_printer::start() {
  if (worker_.running()) return;
  worker_.start();
  try {
    worker_.call([this] { open_acceptor(); });
    if (serial_) serial_->start();
  } catch (...) {
    worker_.call([this] { close_acceptor(); });
    worker_.stop();
    throw;
  }
}

void zpl_printer::stop() {
  // The pty first: its thread must not feed the engine while TCP shuts down (it would
  // not wait for it either, but a clean order keeps the logs readable).
  if (serial_) serial_->stop();
  if (!worker_.running()) return;
  worker_.call([this] {
    close_acceptor();
    while (!connections_.empty()) close(std::shared_ptr<connection>{connections_.front()});
  });
  worker_.stop();
}

std::string zpl_printer::endpoint() const { return options_.address + ":" + std::to_string(port()); }

serial_device* zpl_printer::serial_port() noexcept { return serial_.get(); }

void zpl_printer::refuse_connections() {
  worker_.call([this] { close_acceptor(); });
}

void zpl_printer::accept_connections() {
  if (!worker_.running()) return;
  worker_.call([this] {
    if (!acceptor_) open_acceptor();
  });
}

bool zpl_printer::listening() {
  if (!worker_.running()) return false;
  return worker_.call([this] { return acceptor_.has_value(); });
}

void zpl_printer::drop() {
  worker_.call([this] {
    while (!connections_.empty()) close(std::shared_ptr<connection>{connections_.front()});
  });
}

std::size_t zpl_printer::connections() {
  return worker_.call([this] { return connections_.size(); });
}

void zpl_printer::paper_out() {
  with_engine([](zpl_engine& e, auto now) { e.set_paper_out(true, now); });
}
void zpl_printer::paper_out_after(std::uint64_t labels) {
  with_engine([labels](zpl_engine& e, auto now) { e.paper_out_after(labels, now); });
}
void zpl_printer::paper_in() {
  with_engine([](zpl_engine& e, auto now) { e.set_paper_out(false, now); });
}
void zpl_printer::open_head() {
  with_engine([](zpl_engine& e, auto now) { e.set_head_open(true, now); });
}
void zpl_printer::close_head() {
  with_engine([](zpl_engine& e, auto now) { e.set_head_open(false, now); });
}
void zpl_printer::pause() {
  with_engine([](zpl_engine& e, auto now) { e.set_paused(true, now); });
}
void zpl_printer::resume() {
  with_engine([](zpl_engine& e, auto now) { e.set_paused(false, now); });
}
void zpl_printer::ribbon_out() {
  with_engine([](zpl_engine& e, auto now) { e.set_ribbon_out(true, now); });
}
void zpl_printer::ribbon_in() {
  with_engine([](zpl_engine& e, auto now) { e.set_ribbon_out(false, now); });
}
void zpl_printer::set_label_time(std::chrono::milliseconds per_label) {
  with_engine([per_label](zpl_engine& e, auto now) { e.set_label_time(per_label, now); });
}
void zpl_printer::set_buffer_full(bool full) {
  with_engine([full](zpl_engine& e, auto now) { e.set_buffer_full(full, now); });
}
void zpl_printer::set_silent_in_error(bool silent) {
  with_engine([silent](zpl_engine& e, auto) { e.set_silent_in_error(silent); });
}
void zpl_printer::go_silent(std::chrono::milliseconds duration) {
  with_engine([duration](zpl_engine& e, auto now) { e.go_silent(duration, now); });
}
void zpl_printer::talk() {
  with_engine([](zpl_engine& e, auto) { e.talk(); });
}
void zpl_printer::cancel_all() {
  with_engine([](zpl_engine& e, auto now) { e.cancel_all(now); });
}

std::vector<std::string> zpl_printer::labels() {
  return with_engine([](zpl_engine& e, auto) { return e.formats(); });
}

std::uint64_t zpl_printer::labels_printed() {
  return with_engine([](zpl_engine& e, auto now) { return e.labels_printed(now); });
}

zpl_state zpl_printer::state() {
  return with_engine([](zpl_engine& e, auto now) { return e.state(now); });
}

std::string zpl_printer::host_status_reply() {
  return with_engine([](zpl_engine& e, auto now) { return e.host_status_reply(now); });
}

void zpl_printer::set_observer(traffic_observer observer) {
  if (serial_) serial_->set_observer(observer);
  std::lock_guard lock{engine_mutex_};
  observer_ = std::move(observer);
}

void zpl_printer::observe(traffic direction, std::string_view data) {
  traffic_observer observer;
  {
    std::lock_guard lock{engine_mutex_};
    observer = observer_;
  }
  if (observer) observer(direction, data);
}

void zpl_printer::open_acceptor() {
  const tcp::endpoint where{asio::ip::make_address(options_.address), port_.load()};
  acceptor_.emplace(worker_.context());
  try {
    acceptor_->open(where.protocol());
    // Restarting on the same port must not wait for TIME_WAIT of the old connections.
    acceptor_->set_option(tcp::acceptor::reuse_address(true));
    acceptor_->bind(where);
    acceptor_->listen();
  } catch (...) {
    acceptor_.reset();
    throw;
  }
  port_ = acceptor_->local_endpoint().port();
  accept_next();
}

void zpl_printer::close_acceptor() {
  boost::system::error_code ignored;
  if (acceptor_) acceptor_->close(ignored);
  acceptor_.reset();
}

void zpl_printer::accept_next() {
  if (!acceptor_) return;
  acceptor_->async_accept([this](const boost::system::error_code& error, tcp::socket socket) {
    if (error == asio::error::operation_aborted || !acceptor_) return;
    if (!error) {
      auto peer = std::make_shared<connection>(std::move(socket));
      peer->socket.set_option(tcp::no_delay(true));
      connections_.push_back(peer);
      read_from(peer);
    }
    accept_next();
  });
}

void zpl_printer::read_from(const std::shared_ptr<connection>& peer) {
  peer->socket.async_read_some(asio::buffer(peer->input),
                               [this, peer](const boost::system::error_code& error, std::size_t size) {
                                 if (peer->closed) return;
                                 if (error) {
                                   close(peer);
                                   return;
                                 }
                                 const std::string_view data{peer->input.data(), size};
                                 observe(traffic::from_host, data);
                                 auto replies = with_engine([&](zpl_engine& e, auto now) {
                                   return e.feed(peer->stream, data, now);
                                 });
                                 if (!replies.empty()) write_to(peer, std::move(replies));
                                 read_from(peer);
                               });
}

void zpl_printer::write_to(const std::shared_ptr<connection>& peer, std::string data) {
  if (peer->closed || data.empty() || peer->queued + data.size() > max_client_backlog) return;
  peer->queued += data.size();
  peer->output.push_back(std::move(data));
  pump(peer);
}

void zpl_printer::pump(const std::shared_ptr<connection>& peer) {
  if (peer->writing || peer->output.empty() || peer->closed) return;
  peer->writing = true;
  asio::async_write(peer->socket, asio::buffer(peer->output.front()),
                    [this, peer](const boost::system::error_code& error, std::size_t) {
                      peer->writing = false;
                      if (peer->closed) return;
                      if (error) {
                        close(peer);
                        return;
                      }
                      observe(traffic::to_host, peer->output.front());
                      peer->queued -= peer->output.front().size();
                      peer->output.pop_front();
                      pump(peer);
                    });
}

void zpl_printer::close(const std::shared_ptr<connection>& peer) {
  peer->closed = true;
  with_engine([&peer](zpl_engine& e, auto) { e.close(peer->stream); });
  boost::system::error_code ignored;
  peer->socket.shutdown(tcp::socket::shutdown_both, ignored);
  peer->socket.close(ignored);
  connections_.remove(peer);
}

} // namespace stationd::sim
