#pragma once

// A Zebra ZPL label printer (device-protocols.md §3): raw ZPL over TCP on loopback, as on
// port 9100, and optionally the same on a pty (a serial printer). The protocol and print
// model live in zpl_engine (see there for what is modelled and what is assumed); this
// class carries the bytes and adds the network faults.
//
// Like tcp_scanner: port 0 picks a free port, kept across stop()/start(). stop() takes
// the printer off the network and the serial line; the engine (buffer, stored formats,
// faults, counters) keeps its state and keeps printing what it holds, as a printer whose
// cable is pulled would.
//
// Threads: TCP runs on the printer's io_worker, the pty on its serial_device thread; both
// feed one engine under a mutex (the only state they share), so neither thread ever
// waits for the other. Public methods are thread-safe.

#include "sim/io_worker.hpp"
#include "sim/serial_device.hpp"
#include "sim/zpl_engine.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace stationd::sim {

class zpl_printer {
public:
  struct options {
    std::string address = "127.0.0.1";
    std::uint16_t port = 0;          // 0: any free port, kept for later restarts
    std::filesystem::path link{};    // non-empty: also serve ZPL on a pty there
    zpl_engine::settings printer{};  // label time, silent-in-error, ~HS/~HI values
  };

  explicit zpl_printer(options opts);
  ~zpl_printer();
  zpl_printer(const zpl_printer&) = delete;
  zpl_printer& operator=(const zpl_printer&) = delete;

  void start(); // throws boost::system::system_error (port taken), std::system_error (pty)
  void stop();
  bool running() const noexcept { return worker_.running(); }
  std::uint16_t port() const noexcept { return port_.load(); }
  std::string endpoint() const; // "127.0.0.1:9100"
  // The pty link; empty without one.
  const std::filesystem::path& link_path() const noexcept { return options_.link; }
  // The serial side (unplug/replug, send_raw, received()); nullptr without a link.
  serial_device* serial_port() noexcept;

  // Network faults. refuse_connections() closes the listener (connects are refused)
  // but keeps the open connections; accept_connections() listens again, same port.
  void refuse_connections();
  void accept_connections();
  bool listening();
  // Closes every connection, keeps listening.
  void drop();
  std::size_t connections();

  // Printer faults and panel actions (see zpl_engine).
  void paper_out();
  void paper_out_after(std::uint64_t labels); // 0: now
  void paper_in();                            // media reloaded: printing resumes
  void open_head();
  void close_head();
  void pause();
  void resume();
  void ribbon_out();
  void ribbon_in();
  void set_label_time(std::chrono::milliseconds per_label);
  void set_buffer_full(bool full);
  // true: no ~HS / device.host_status reply in media out, ribbon out, head open (§3.4);
  // false: the reply shows the flags.
  void set_silent_in_error(bool silent);
  // Accepts connections and data but answers nothing, for `duration` (zero: until talk()).
  void go_silent(std::chrono::milliseconds duration = {});
  void talk();
  void cancel_all(); // as ~JA

  // Every complete format received (TCP and pty), in order, byte for byte.
  std::vector<std::string> labels();
  std::uint64_t labels_printed();
  zpl_state state();
  // The replies as they would be sent now, for logs and tests.
  std::string host_status_reply();

  // Sees the bytes of every TCP connection and of the pty (on their threads).
  void set_observer(traffic_observer observer);

private:
  class serial_port_impl;
  struct connection;

  void open_acceptor();
  void close_acceptor();
  void accept_next();
  void read_from(const std::shared_ptr<connection>& peer);
  void write_to(const std::shared_ptr<connection>& peer, std::string data);
  void pump(const std::shared_ptr<connection>& peer);
  void close(const std::shared_ptr<connection>& peer);
  void observe(traffic direction, std::string_view data);
  // Runs `change` on the engine with the current time, under the lock.
  template <typename F>
  auto with_engine(F&& change);

  options options_;
  std::mutex engine_mutex_;
  zpl_engine engine_;
  traffic_observer observer_; // under engine_mutex_
  io_worker worker_;
  std::optional<boost::asio::ip::tcp::acceptor> acceptor_;
  std::list<std::shared_ptr<connection>> connections_;
  std::atomic<std::uint16_t> port_;
  std::unique_ptr<serial_port_impl> serial_;
};

} // namespace stationd::sim
