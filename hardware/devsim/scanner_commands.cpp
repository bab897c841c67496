#include "devsim/command_helpers.hpp"
#include "devsim/device_kinds.hpp"
#include "sim/bytes.hpp"
#include "sim/serial_scanner.hpp"
#include "sim/tcp_scanner.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace stationd::devsim {
namespace {

std::string scan_data(const sim::command& cmd) {
  if (cmd.rest.empty()) throw command_error("usage: send <data>  (e.g. send ]C1011950110153000031030123451726123110LOT-A1<GS>21SN0001)");
  try {
    return sim::decode_markup(cmd.rest);
  } catch (const std::invalid_argument& error) {
    throw command_error(error.what());
  }
}

// aim / terminator: returns true when `cmd` changed `format`.
bool run_format(sim::scan_format& format, const sim::command& cmd) {
  if (cmd.name == "aim") {
    expect_args(cmd, 1, 1, "aim on|off");
    format.aim_ids = to_switch(cmd.args[0]);
    return true;
  }
  if (cmd.name == "terminator") {
    expect_args(cmd, 1, 1, "terminator none|cr|lf|crlf");
    const auto suffix = sim::parse_terminator(cmd.args[0]);
    if (!suffix) throw command_error("terminator must be none, cr, lf or crlf");
    format.suffix = *suffix;
    return true;
  }
  return false;
}

class serial_scanner_device final : public device_commands {
public:
  explicit serial_scanner_device(const device_settings& s)
      : scanner_{{.link = s.link, .format = {.aim_ids = s.aim_ids, .suffix = s.suffix}, .char_delay = s.char_delay}} {
    if (auto logger = traffic_logger(s)) scanner_.set_observer(std::move(logger));
  }
  void start() override { scanner_.start(); }
  void stop() override { scanner_.stop(); }
  std::string where() const override { return scanner_.link_path().string(); }

  std::string execute(const sim::command& cmd) override {
    std::string output;
    if (cmd.name == "send") {
      scanner_.send(scan_data(cmd));
      return output;
    }
    auto format = scanner_.format();
    if (run_format(format, cmd)) {
      scanner_.set_format(format);
      return output;
    }
    if (cmd.name == "char-delay") {
      expect_args(cmd, 1, 1, "char-delay <ms>");
      scanner_.set_char_delay(to_ms(cmd.args[0]));
      return output;
    }
    if (run_serial_fault(scanner_, cmd, output)) return output;
    throw command_error("unknown command '" + cmd.name + "' for scanner (try help)");
  }

  std::string status() override {
    const auto format = scanner_.format();
    return fmt::format("scanner link={} plugged={} aim={} terminator={}", scanner_.link_path().string(),
                       yes_no(scanner_.plugged()), format.aim_ids ? "on" : "off",
                       sim::terminator_name(format.suffix));
  }

private:
  sim::serial_scanner scanner_;
};

class tcp_scanner_device final : public device_commands {
public:
  explicit tcp_scanner_device(const device_settings& s)
      : format_{.aim_ids = s.aim_ids, .suffix = s.suffix},
        scanner_{{.address = s.address, .port = s.port, .format = format_, .greeting = s.greeting}} {}
  void start() override { scanner_.start(); }
  void stop() override { scanner_.stop(); }
  std::string where() const override { return scanner_.endpoint(); }

  std::string execute(const sim::command& cmd) override {
    if (cmd.name == "send") {
      const auto reached = scanner_.send(scan_data(cmd));
      return reached == 0 ? "no client connected: scan lost" : "";
    }
    if (cmd.name == "raw" || cmd.name == "garbage") {
      std::string data;
      try {
        data = cmd.name == "raw" ? sim::decode_markup(cmd.rest) : sim::parse_hex(cmd.rest);
      } catch (const std::invalid_argument& error) {
        throw command_error(error.what());
      }
      if (data.empty()) throw command_error("usage: " + cmd.name + " <data>");
      scanner_.send_raw(std::move(data));
      return "";
    }
    if (run_format(format_, cmd)) {
      scanner_.set_format(format_);
      return "";
    }
    if (cmd.name == "drop") {
      expect_args(cmd, 0, 0, "drop");
      scanner_.drop();
    } else if (cmd.name == "stop") {
      expect_args(cmd, 0, 0, "stop");
      scanner_.stop();
    } else if (cmd.name == "start") {
      expect_args(cmd, 0, 0, "start");
      scanner_.start();
    } else {
      throw command_error("unknown command '" + cmd.name + "' for tcp-scanner (try help)");
    }
    return "";
  }

  std::string status() override {
    return fmt::format("tcp-scanner endpoint={} listening={} clients={} aim={} terminator={}", scanner_.endpoint(),
                       yes_no(scanner_.running()), scanner_.running() ? scanner_.clients() : 0,
                       format_.aim_ids ? "on" : "off", sim::terminator_name(format_.suffix));
  }

private:
  sim::scan_format format_;
  sim::tcp_scanner scanner_;
};

} // namespace

std::unique_ptr<device_commands> make_serial_scanner(const device_settings& settings) {
  if (settings.link.empty()) throw command_error("scanner needs a link path");
  return std::make_unique<serial_scanner_device>(settings);
}

std::unique_ptr<device_commands> make_tcp_scanner(const device_settings& settings) {
  return std::make_unique<tcp_scanner_device>(settings);
}

} // namespace stationd::devsim
