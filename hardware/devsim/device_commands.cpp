#include "devsim/device_commands.hpp"

#include "devsim/command_helpers.hpp"
#include "devsim/device_kinds.hpp"
#include "sim/bytes.hpp"
#include "sim/modbus_rtu_server.hpp"
#include "sim/modbus_tcp_server.hpp"

#include <fmt/format.h>

#include <charconv>
#include <optional>
#include <stdexcept>
#include <utility>

namespace stationd::devsim {

void expect_args(const sim::command& cmd, std::size_t min, std::size_t max, std::string_view usage) {
  if (cmd.args.size() < min || cmd.args.size() > max) throw command_error(fmt::format("usage: {}", usage));
}

std::int64_t to_integer(const std::string& text, std::int64_t min, std::int64_t max, std::string_view what) {
  std::int64_t value = 0;
  const auto [ptr, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || ptr != text.data() + text.size() || value < min || value > max)
    throw command_error(fmt::format("{} must be a whole number {}..{}, not '{}'", what, min, max, text));
  return value;
}

std::chrono::milliseconds to_ms(const std::string& text) {
  return std::chrono::milliseconds{to_integer(text, 0, 86'400'000, "milliseconds")};
}

bool to_switch(const std::string& text) {
  if (text == "on" || text == "yes" || text == "1" || text == "true") return true;
  if (text == "off" || text == "no" || text == "0" || text == "false") return false;
  throw command_error("expected on or off, not '" + text + "'");
}

std::string yes_no(bool value) { return value ? "yes" : "no"; }

bool run_serial_fault(sim::serial_device& device, const sim::command& cmd, std::string&) {
  const auto& name = cmd.name;
  if (name == "unplug") {
    expect_args(cmd, 0, 0, "unplug");
    device.unplug();
  } else if (name == "replug") {
    expect_args(cmd, 0, 0, "replug");
    device.replug();
  } else if (name == "garbage") {
    if (cmd.args.empty()) throw command_error("usage: garbage <hex byte>…  (e.g. garbage 53 20 58 0d)");
    try {
      device.send_raw(sim::parse_hex(cmd.rest));
    } catch (const std::invalid_argument& error) {
      throw command_error(error.what());
    }
  } else if (name == "raw") {
    if (cmd.rest.empty()) throw command_error("usage: raw <data>  (markup: <CR> <GS> \\x1d …)");
    try {
      device.send_raw(sim::decode_markup(cmd.rest));
    } catch (const std::invalid_argument& error) {
      throw command_error(error.what());
    }
  } else if (name == "silent") {
    expect_args(cmd, 0, 1, "silent [<ms>]");
    device.go_silent(cmd.args.empty() ? std::chrono::milliseconds{} : to_ms(cmd.args[0]));
  } else if (name == "talk") {
    expect_args(cmd, 0, 0, "talk");
    device.talk();
  } else if (name == "partial") {
    expect_args(cmd, 1, 2, "partial <bytes> [<ms>]");
    const auto keep = static_cast<std::size_t>(to_integer(cmd.args[0], 0, 1 << 20, "bytes"));
    device.cut_next_reply(keep, cmd.args.size() > 1 ? to_ms(cmd.args[1]) : std::chrono::milliseconds{});
  } else {
    return false;
  }
  return true;
}

bool run_scale(sim::weighing_controls& scale, const sim::command& cmd, std::string& output) {
  const auto& name = cmd.name;
  if (name == "weight") {
    expect_args(cmd, 1, 3, "weight <value> [<unit>] [stable|motion]");
    sim::decimal value;
    try {
      value = sim::decimal::parse(cmd.args[0]);
    } catch (const std::invalid_argument& error) {
      throw command_error(error.what());
    }
    std::string unit;
    std::optional<bool> stable;
    for (std::size_t i = 1; i < cmd.args.size(); ++i) {
      const auto& word = cmd.args[i];
      if (word == "stable") {
        stable = true;
      } else if (word == "motion" || word == "dynamic" || word == "unstable") {
        stable = false;
      } else if (unit.empty()) {
        unit = word;
      } else {
        throw command_error("usage: weight <value> [<unit>] [stable|motion]");
      }
    }
    // Motion first, so a waiting command never sees the new weight as already settled.
    if (stable && !*stable) scale.set_stable(false);
    scale.set_weight(value, unit);
    if (stable && *stable) scale.set_stable(true);
  } else if (name == "stable") {
    expect_args(cmd, 0, 0, "stable");
    scale.set_stable(true);
  } else if (name == "motion") {
    expect_args(cmd, 0, 0, "motion");
    scale.set_stable(false);
  } else if (name == "overload") {
    expect_args(cmd, 0, 0, "overload");
    scale.set_overload(true);
  } else if (name == "underload") {
    expect_args(cmd, 0, 0, "underload");
    scale.set_underload(true);
  } else if (name == "normal") {
    expect_args(cmd, 0, 0, "normal");
    scale.set_normal();
  } else if (name == "zero") {
    expect_args(cmd, 0, 0, "zero");
    if (scale.press_zero() != sim::refusal::none) output = "zero refused";
  } else if (name == "tare") {
    expect_args(cmd, 0, 0, "tare");
    if (scale.press_tare() != sim::refusal::none) output = "tare refused";
  } else if (name == "clear-tare") {
    expect_args(cmd, 0, 0, "clear-tare");
    scale.clear_tare();
  } else if (name == "zero-range") {
    expect_args(cmd, 1, 1, "zero-range <value>|off");
    if (cmd.args[0] == "off") {
      scale.set_zero_range(std::nullopt);
    } else {
      try {
        scale.set_zero_range(sim::decimal::parse(cmd.args[0]));
      } catch (const std::invalid_argument& error) {
        throw command_error(error.what());
      }
    }
  } else {
    return false;
  }
  return true;
}

bool run_modbus_fault(sim::modbus_slave& slave, const sim::command& cmd, std::string&) {
  const auto& name = cmd.name;
  if (name == "exception") {
    expect_args(cmd, 1, 2, "exception <code> [<count>]");
    const auto code = static_cast<std::uint8_t>(to_integer(cmd.args[0], 1, 255, "exception code"));
    const auto count = cmd.args.size() > 1 ? to_integer(cmd.args[1], 0, 1'000'000, "count") : 1;
    slave.inject_exception(code, static_cast<unsigned>(count));
  } else if (name == "delay") {
    expect_args(cmd, 1, 1, "delay <ms>");
    slave.set_reply_delay(to_ms(cmd.args[0]));
  } else if (name == "silent") {
    expect_args(cmd, 0, 1, "silent [<ms>]");
    slave.set_silent(true, cmd.args.empty() ? std::chrono::milliseconds{} : to_ms(cmd.args[0]));
  } else if (name == "talk") {
    expect_args(cmd, 0, 0, "talk");
    slave.set_silent(false);
  } else if (name == "clear-faults") {
    expect_args(cmd, 0, 0, "clear-faults");
    slave.clear_faults();
  } else {
    return false;
  }
  return true;
}

std::string describe(const sim::scale_model& m) {
  const auto value = [&m](sim::decimal v) { return v.to_string(m.decimals); };
  return fmt::format("load={} {} gross={} net={} tare={}{} stable={} overload={} underload={}", value(m.load), m.unit,
                     value(m.gross()), value(m.net()), value(m.tare), m.preset_tare ? " (preset)" : "",
                     yes_no(m.stable), yes_no(m.overload), yes_no(m.underload));
}

sim::traffic_observer traffic_logger(const device_settings& settings) {
  if (!settings.log) return {};
  return [log = settings.log](sim::traffic direction, std::string_view data) {
    log(fmt::format("{} {}  \"{}\"", direction == sim::traffic::from_host ? "host>" : "<dev ", sim::to_hex(data),
                    sim::escape_bytes(data)));
  };
}

void log_modbus_requests(sim::modbus_slave& slave, const device_settings& settings) {
  if (!settings.log) return;
  slave.set_request_observer([log = settings.log](const sim::modbus_request& request) {
    log("host> " + sim::describe(request));
  });
}

struct modbus_transport::impl {
  std::unique_ptr<sim::modbus_tcp_server> tcp;
  std::unique_ptr<sim::modbus_rtu_server> rtu;
};

modbus_transport::modbus_transport(sim::modbus_slave& slave, const device_settings& settings)
    : impl_{std::make_unique<impl>()} {
  if (settings.transport == "tcp") {
    impl_->tcp = std::make_unique<sim::modbus_tcp_server>(
        slave, sim::modbus_tcp_server::options{.address = settings.address, .port = settings.port});
  } else if (settings.transport == "rtu") {
    if (settings.link.empty()) throw command_error("--transport rtu needs --link");
    impl_->rtu = std::make_unique<sim::modbus_rtu_server>(
        slave, sim::modbus_rtu_server::options{.link = settings.link, .address = settings.rtu_address});
    if (auto logger = traffic_logger(settings)) impl_->rtu->set_observer(std::move(logger));
  } else {
    throw command_error("--transport must be tcp or rtu, not '" + settings.transport + "'");
  }
}

modbus_transport::~modbus_transport() { stop(); }

void modbus_transport::start() {
  if (impl_->tcp) impl_->tcp->start();
  if (impl_->rtu) impl_->rtu->start();
}

void modbus_transport::stop() {
  if (impl_->tcp) impl_->tcp->stop();
  if (impl_->rtu) impl_->rtu->stop();
}

std::string modbus_transport::where() const {
  return impl_->tcp ? impl_->tcp->endpoint() : impl_->rtu->link_path().string();
}

bool modbus_transport::run(const sim::command& cmd, std::string& output) {
  if (impl_->rtu) return run_serial_fault(*impl_->rtu, cmd, output);
  auto& server = *impl_->tcp;
  if (cmd.name == "stop") {
    expect_args(cmd, 0, 0, "stop");
    server.stop();
  } else if (cmd.name == "start") {
    expect_args(cmd, 0, 0, "start");
    server.start();
  } else if (cmd.name == "drop") {
    expect_args(cmd, 0, 0, "drop");
    server.drop_connections();
  } else {
    return false;
  }
  return true;
}

std::string modbus_transport::status() {
  if (impl_->tcp) {
    return fmt::format("listening={} connections={}", yes_no(impl_->tcp->running()),
                       impl_->tcp->running() ? impl_->tcp->connections() : 0);
  }
  return fmt::format("plugged={}", yes_no(impl_->rtu->plugged()));
}

std::unique_ptr<device_commands> make_device(const device_settings& settings) {
  const auto& kind = settings.kind;
  if (kind == "scanner") return make_serial_scanner(settings);
  if (kind == "tcp-scanner") return make_tcp_scanner(settings);
  if (kind == "mt-sics") return make_mtsics(settings);
  if (kind == "toledo-8213") return make_toledo8213(settings);
  if (kind == "modbus-scale") return make_modbus_scale(settings);
  if (kind == "modbus-light") return make_modbus_light(settings);
  if (kind == "zpl-printer") return make_zpl_printer(settings);
  throw command_error("unknown device kind '" + kind + "'");
}

std::vector<std::string_view> device_kinds() {
  return {"scanner", "tcp-scanner", "mt-sics", "toledo-8213", "modbus-scale", "modbus-light", "zpl-printer"};
}

std::string command_help() {
  return R"(Commands (script lines are "<ms> <command> [args]", input lines "<command> [args]";
'#' starts a comment; data arguments take <GS> <CR> <LF> <STX> <ETX> <TAB> <SP> and \xNN):

  every device
    help                         this text
    status                       print the device state
    wait <ms>                    pause before the next input line
    quit                         stop the device and exit

  pty devices (scanner, mt-sics, toledo-8213, modbus-* with --transport rtu,
  zpl-printer with --link)
    unplug | replug              remove the link and close the pty / create a new one
  pty devices and tcp-scanner
    garbage <hex>...             send bytes now: garbage 53 20 58 0d
    raw <data>                   send bytes now, markup allowed: raw <STX>junk<CR>

  serial replies (scanner, mt-sics, toledo-8213)
    silent [<ms>]                ignore input, send no replies (no time: until talk)
    talk                         end silence
    partial <bytes> [<ms>]       cut the next reply after <bytes>, then silent <ms>

  scanner, tcp-scanner
    send <data>                  one scan with its AIM id: send ]C110LOT-A1<GS>21SN0001
    aim on|off                   AIM identifiers (off: the ]xx prefix is not sent)
    terminator none|cr|lf|crlf   end-of-scan suffix
    char-delay <ms>              pause between characters (scanner)
    drop | stop | start          close connections / stop listening / listen again on
                                 the same port (tcp-scanner)

  scales (mt-sics, toledo-8213, modbus-scale)
    weight <value> [<unit>] [stable|motion]
                                 the load on the platform: weight 1.250 kg motion
    stable | motion              settle / start moving
    overload | underload | normal
    zero | tare | clear-tare     the front-panel keys
    zero-range <value>|off       largest |gross| that zeroing accepts

  mt-sics
    error ET|EL|ES [<count>]     answer the next commands with this error
    hw-error <code>|off          weight replies read "S S    Error <code>" (10b, 12t, ...)

  toledo-8213
    parity on|off                even parity in bit 7 of every byte sent
    zero-capture-error on|off    status bit 3

  modbus-scale, modbus-light
    exception <code> [<count>]   answer the next <count> requests (default 1) with
                                 exception <code>: exception 3 2
    delay <ms>                   hold every answer back
    silent [<ms>] | talk         read requests, answer none
    clear-faults
    stop | start | drop          (--transport tcp) as for tcp-scanner

  modbus-light (patlite-la6)
    input <1-8> on|off           contact inputs read with function 02

  zpl-printer (raw ZPL on TCP like port 9100; with --link also on a pty)
    paper-out [<labels>]         out of media now, or after <labels> more labels
    paper-in                     media loaded again: printing resumes with the buffer
    head-open | head-close       printhead up / down
    pause | resume               the PAUSE key (~PS from the host resumes too)
    ribbon-out | ribbon-in
    slow <ms>                    milliseconds per label (also: rate <ms>)
    buffer-full on|off           ~HS f=1; formats that complete meanwhile are lost
    error-replies silent|flags   in media out, ribbon out, head open: no ~HS reply
                                 (silent, the default) or a reply with the flags
    silent [<ms>] | talk         accept connections and data, answer nothing
    refuse | accept              stop listening (connection refused) / listen again
    drop | stop | start          close connections / go offline / come back, same port
    cancel                       as ~JA: drop the buffered formats and the batch
    labels                       how many formats are stored and labels printed
    dump [<n>]                   the last <n> formats received (default 1)
)";
}

} // namespace stationd::devsim
