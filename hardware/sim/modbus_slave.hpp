#pragma once

// A simulated Modbus device independent of its transport: a register image (a libmodbus
// mapping) laid out in blocks as the device documents them, the device's reaction to
// writes, and fault injection. modbus_tcp_server and modbus_rtu_server carry requests to
// it; libmodbus's modbus_reply() builds the standard answers.
//
// Thread-safe: transports and control calls from tests share one lock.

#include "sim/modbus_request.hpp"

#include <modbus/modbus.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace stationd::sim {

struct modbus_block {
  modbus_table table;
  std::uint16_t first;  // 0-based wire address
  std::uint16_t count;
  bool writable;
};

class modbus_slave {
public:
  virtual ~modbus_slave();
  modbus_slave(const modbus_slave&) = delete;
  modbus_slave& operator=(const modbus_slave&) = delete;

  virtual std::string name() const = 0;

  // The next `count` requests are answered with exception `code` (01 illegal function,
  // 02 illegal data address, 03 illegal data value, 04 server device failure, …).
  void inject_exception(std::uint8_t code, unsigned count = 1);
  // Every answer is held back by `delay` (a slow or busy device).
  void set_reply_delay(std::chrono::milliseconds delay);
  // Requests are read and never answered, for `duration` (zero: until set_silent(false)).
  void set_silent(bool silent, std::chrono::milliseconds duration = {});
  void clear_faults();
  unsigned requests_seen() const;
  // Called (under the lock) for every request that arrives: devsim's --verbose log.
  void set_request_observer(std::function<void(const modbus_request&)> observer);

  // --- For transports ---
  struct plan {
    bool answer = true;
    std::optional<std::uint8_t> exception;
    std::chrono::milliseconds delay{};
  };
  // Decides what happens to a request that just arrived; consumes injected faults.
  // `check_unit`: TCP passes the MBAP unit id through the device's filter; RTU has
  // already filtered by its own address.
  plan accept(std::uint8_t unit, std::span<const std::uint8_t> pdu, bool check_unit);
  // Answers a request. `adu` is the whole frame as libmodbus's modbus_receive() would
  // return it for `ctx` (MBAP header + PDU, or address + PDU + CRC); `pdu` is the part of
  // it from the function code on. `send_pdu` frames and sends replies libmodbus cannot
  // build (non-standard functions or values).
  void answer(modbus_t* ctx, std::span<const std::uint8_t> adu, std::uint8_t unit, std::span<const std::uint8_t> pdu,
              const plan& decision, const std::function<void(std::span<const std::uint8_t>)>& send_pdu);

protected:
  explicit modbus_slave(std::vector<modbus_block> layout);

  // Hooks, all called with the lock held.
  virtual bool accepts_unit(std::uint8_t) const { return true; }
  // Function codes the device implements; default: the standard ones its layout can serve.
  virtual bool supports(std::uint8_t function) const;
  // Largest quantity per read request (default: the Modbus maximum).
  virtual std::uint16_t max_read_registers() const { return 125; }
  // Device-specific value checks on a standard write (returns an exception code).
  virtual std::optional<std::uint8_t> check_values(const modbus_request&) const { return std::nullopt; }
  // Answers a request itself (non-standard functions or values); nullopt: not handled.
  virtual std::optional<std::vector<std::uint8_t>> answer_specially(const modbus_request&) { return std::nullopt; }
  // Writes the device state into the image.
  virtual void render() = 0;
  // A standard write has landed in the image: act on it.
  virtual void written(const modbus_request&) {}

  // Image access for render() and written().
  std::uint16_t reg(modbus_table table, std::uint16_t address) const;
  void set_reg(modbus_table table, std::uint16_t address, std::uint16_t value);
  bool bit(modbus_table table, std::uint16_t address) const;
  void set_bit(modbus_table table, std::uint16_t address, bool value);
  // 32-bit value over two registers, high word at `address` unless `high_word_first` is false.
  void set_u32(modbus_table table, std::uint16_t address, std::uint32_t value, bool high_word_first = true);
  std::uint32_t u32(modbus_table table, std::uint16_t address, bool high_word_first = true) const;

  // Locks for control calls that change state, then re-renders.
  template <typename F>
  void update(F&& change) {
    std::lock_guard lock{mutex_};
    change();
    render();
  }
  template <typename F>
  auto inspect(F&& read) const {
    std::lock_guard lock{mutex_};
    return read();
  }

private:
  bool in_layout(modbus_table table, std::uint16_t address, std::uint16_t count, bool for_write) const;
  std::optional<std::uint8_t> check(const modbus_request& request) const;

  std::vector<modbus_block> layout_;
  modbus_mapping_t* image_ = nullptr;
  mutable std::mutex mutex_;
  std::uint8_t exception_code_ = 0;
  unsigned exceptions_left_ = 0;
  std::chrono::milliseconds delay_{};
  bool silent_ = false;
  std::chrono::steady_clock::time_point silent_until_{};
  unsigned requests_ = 0;
  std::function<void(const modbus_request&)> observer_;
};

} // namespace stationd::sim
