#include "core/modbus_link.hpp"

#include "core/device_error.hpp"

#include <fmt/format.h>

#include <cerrno>

namespace stationd::drivers {

namespace asio = boost::asio;

modbus_endpoint modbus_endpoint::from(const config::config_section& d, std::chrono::milliseconds io_timeout) {
  modbus_endpoint e;
  e.transport = d.get_string("transport");
  e.host = d.get_string("host");
  e.tcp_port = static_cast<int>(d.get_int("tcp_port"));
  if (e.transport == "rtu") e.serial = serial_settings::from(d);
  e.unit_id = static_cast<int>(d.get_int("unit_id"));
  e.timeout = io_timeout;
  return e;
}

std::string modbus_endpoint::address() const {
  if (transport == "rtu") return serial.port.empty() ? fmt::format("USB {}:{}", serial.usb_vid, serial.usb_pid) : serial.port;
  return fmt::format("{}:{}", host, tcp_port);
}

void modbus_link::fail(const std::string& what) {
  const int err = errno;
  // libmodbus reports a device's exception reply as errno MODBUS_ENOBASE + code.
  const int code = (err > MODBUS_ENOBASE && err <= MODBUS_ENOBASE + 0x0B) ? err - MODBUS_ENOBASE : 0;
  if (code != 0) {
    throw modbus_error(fmt::format("{}: Modbus exception {:02} ({})", what, code, modbus_strerror(err)), code);
  }
  modbus_error e{fmt::format("{}: {}", what, modbus_strerror(err)), 0};
  if (err == EMBBADCRC || err == EMBBADDATA || err == EMBBADSLAVE || err == EMBMDATA || err == EMBBADEXC) e.set_bad_reply();
  throw e;
}

modbus_link::modbus_link(asio::any_io_executor executor, modbus_endpoint endpoint)
    : executor_{std::move(executor)}, endpoint_{std::move(endpoint)}, worker_{std::make_shared<worker>()} {
  worker_->thread = std::thread{[w = worker_] {
    std::unique_lock lock{w->mutex};
    for (;;) {
      w->wake.wait(lock, [w] { return w->stopping || !w->jobs.empty(); });
      if (w->jobs.empty()) break; // stopping, all done
      auto job = std::move(w->jobs.front());
      w->jobs.pop_front();
      lock.unlock();
      job();
      lock.lock();
    }
    if (w->context != nullptr) {
      modbus_close(w->context);
      modbus_free(w->context);
      w->context = nullptr;
    }
  }};
}

// The worker may be inside a libmodbus call that was abandoned (timed out or
// cancelled) and lasts up to the response timeout, or a DNS lookup: joining it
// here would stall the io_context. The thread owns its state (shared_ptr) and
// ends by itself after the call, closing the context.
modbus_link::~modbus_link() {
  {
    std::lock_guard lock{worker_->mutex};
    worker_->stopping = true;
  }
  worker_->wake.notify_all();
  worker_->thread.detach();
}

asio::awaitable<void> modbus_link::connect() {
  // The USB identity is resolved at every connect, so a replugged adapter is found again.
  const auto path = endpoint_.transport == "rtu" ? resolve_port(endpoint_.serial) : std::string{};
  // (Jobs are built before co_await: GCC 12 can destroy a temporary inside a
  // co_await expression twice.)
  std::function<bool(worker&)> job = [e = endpoint_, path](worker& w) {
    if (w.context != nullptr) {
      modbus_close(w.context);
      modbus_free(w.context);
      w.context = nullptr;
    }
    const auto where = e.transport == "rtu" ? path : e.address();
    modbus_t* ctx = nullptr;
    if (e.transport == "rtu") {
      const char parity = e.serial.parity == "even" ? 'E' : e.serial.parity == "odd" ? 'O' : 'N';
      ctx = modbus_new_rtu(path.c_str(), static_cast<int>(e.serial.baud), parity, static_cast<int>(e.serial.data_bits),
                           static_cast<int>(e.serial.stop_bits));
    } else {
      ctx = modbus_new_tcp_pi(e.host.c_str(), std::to_string(e.tcp_port).c_str());
    }
    if (ctx == nullptr) fail(fmt::format("cannot set up Modbus {} for {}", e.transport, where));
    const auto seconds = static_cast<std::uint32_t>(e.timeout.count() / 1000);
    const auto micros = static_cast<std::uint32_t>((e.timeout.count() % 1000) * 1000);
    modbus_set_response_timeout(ctx, seconds, micros);
    modbus_set_byte_timeout(ctx, seconds, micros);
    if (modbus_set_slave(ctx, e.unit_id) == -1) {
      const int err = errno;
      modbus_free(ctx);
      throw device_error(fmt::format("unit id {} refused for {}: {}", e.unit_id, where, modbus_strerror(err)));
    }
    if (modbus_connect(ctx) == -1) {
      const int err = errno;
      modbus_free(ctx);
      throw device_error(fmt::format("cannot connect to {}: {}", where, modbus_strerror(err)));
    }
    w.context = ctx;
    return true;
  };
  co_await on_worker<bool>(std::move(job));
}

void modbus_link::close() noexcept {
  try {
    worker_->post([w = worker_.get()] {
      if (w->context == nullptr) return;
      modbus_close(w->context);
      modbus_free(w->context);
      w->context = nullptr;
    });
  } catch (...) {
    // Out of memory for the job: the worker frees the context when it stops.
  }
}

asio::awaitable<std::vector<std::uint16_t>> modbus_link::read_registers(int address, int count, bool input) {
  std::function<std::vector<std::uint16_t>(modbus_t*)> job = [address, count, input](modbus_t* ctx) {
    std::vector<std::uint16_t> words(static_cast<std::size_t>(count));
    const int n = input ? modbus_read_input_registers(ctx, address, count, words.data())
                        : modbus_read_registers(ctx, address, count, words.data());
    if (n != count) {
      const int err = errno;
      modbus_flush(ctx); // a damaged reply may leave bytes behind
      errno = err;
      fail(fmt::format("read {} registers {}-{}", input ? "input" : "holding", address, address + count - 1));
    }
    return words;
  };
  co_return co_await call<std::vector<std::uint16_t>>(std::move(job));
}

asio::awaitable<void> modbus_link::write_register(int address, std::uint16_t value) {
  std::function<bool(modbus_t*)> job = [address, value](modbus_t* ctx) {
    if (modbus_write_register(ctx, address, value) != 1) fail(fmt::format("write register {} = {}", address, value));
    return true;
  };
  co_await call<bool>(std::move(job));
}

asio::awaitable<void> modbus_link::write_registers(int address, std::vector<std::uint16_t> values) {
  std::function<bool(modbus_t*)> job = [address, values = std::move(values)](modbus_t* ctx) {
    const auto n = static_cast<int>(values.size());
    if (modbus_write_registers(ctx, address, n, values.data()) != n) {
      fail(fmt::format("write registers {}-{}", address, address + n - 1));
    }
    return true;
  };
  co_await call<bool>(std::move(job));
}

asio::awaitable<void> modbus_link::write_coil(int address, bool on) {
  std::function<bool(modbus_t*)> job = [address, on](modbus_t* ctx) {
    if (modbus_write_bit(ctx, address, on ? 1 : 0) != 1) fail(fmt::format("write coil {} = {}", address, on ? "on" : "off"));
    return true;
  };
  co_await call<bool>(std::move(job));
}

asio::awaitable<std::vector<bool>> modbus_link::read_coils(int address, int count) {
  std::function<std::vector<bool>(modbus_t*)> job = [address, count](modbus_t* ctx) {
    std::vector<std::uint8_t> bits(static_cast<std::size_t>(count));
    if (modbus_read_bits(ctx, address, count, bits.data()) != count) {
      fail(fmt::format("read coils {}-{}", address, address + count - 1));
    }
    return std::vector<bool>(bits.begin(), bits.end());
  };
  co_return co_await call<std::vector<bool>>(std::move(job));
}

} // namespace stationd::drivers
