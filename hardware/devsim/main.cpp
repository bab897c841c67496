// devsim: runs one simulated device for the demo and for manual testing.
//
//   devsim <kind> [options] [--script FILE]
//
// Prints "ready <link-or-host:port>" once the device is reachable, runs the script, then
// reads the same commands from standard input. See --help.

#include "devsim/device_commands.hpp"
#include "devsim/script_runner.hpp"
#include "sim/command_line.hpp"
#include "sim/scan_format.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>

namespace {

using stationd::devsim::device_settings;

constexpr const char* grammar_footer = R"(
Script files hold one "<ms> <command> [args]" per line, run at <ms> after "ready":

  0    weight 0.000 kg stable
  500  weight 1.250 kg motion
  1200 weight 1.250 kg stable
  2000 unplug
  3000 replug
  3500 garbage 53 20 58 0d
  4000 silent 2000
  4500 overload
  5000 send ]C1011950110153000031030123451726123110LOT-A1<GS>21SN0001
  6000 exception 3 2

After the script (or without one) the same commands, without the time, are read from
standard input. At the end of input devsim keeps serving until SIGINT/SIGTERM (or exits
with --exit-on-eof).
)";

// A per-run directory for links nobody asked a place for, removed at exit.
class default_link_dir {
public:
  std::filesystem::path make(const std::string& kind) {
    const char* runtime = std::getenv("XDG_RUNTIME_DIR");
    dir_ = std::filesystem::path{runtime && *runtime ? runtime : "/tmp"} / fmt::format("devsim-{}", ::getpid());
    std::filesystem::create_directories(dir_);
    return dir_ / kind;
  }
  ~default_link_dir() {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }

private:
  std::filesystem::path dir_;
};

void add_common(CLI::App& sub, device_settings& s, std::string& script, bool& exit_on_eof, bool& verbose, bool pty,
                bool tcp) {
  if (pty) sub.add_option("--link", s.link, "stable path of the pty (a symlink to /dev/pts/N); default: ${XDG_RUNTIME_DIR:-/tmp}/devsim-<pid>/<kind>");
  if (tcp) {
    sub.add_option("--port", s.port, "TCP port on 127.0.0.1 (0: a free port, printed in the ready line)");
    sub.add_option("--address", s.address, "address to listen on")->capture_default_str();
  }
  sub.add_option("--script", script, "timed command file (see below)")->check(CLI::ExistingFile);
  sub.add_flag("--exit-on-eof", exit_on_eof, "exit when standard input ends");
  sub.add_flag("-v,--verbose", verbose, "log traffic / requests to standard error");
}

void add_scanner_format(CLI::App& sub, std::string& aim, std::string& suffix) {
  sub.add_option("--aim", aim, "send AIM symbology identifiers (on|off)")->check(CLI::IsMember({"on", "off"}))->capture_default_str();
  sub.add_option("--terminator", suffix, "end-of-scan suffix: none, cr, lf, crlf")
      ->check(CLI::IsMember({"none", "cr", "lf", "crlf"}))
      ->capture_default_str();
}

void add_modbus(CLI::App& sub, device_settings& s, int& rtu_address) {
  sub.add_option("--transport", s.transport, "tcp (Modbus/TCP on 127.0.0.1) or rtu (Modbus RTU on a pty)")
      ->check(CLI::IsMember({"tcp", "rtu"}))
      ->capture_default_str();
  sub.add_option("--rtu-address", rtu_address, "RTU slave address")->check(CLI::Range(1, 247))->capture_default_str();
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"devsim: simulated warehouse devices (scanners, scales, stack lights, label printers) for stationd tests and the demo"};
  app.set_help_flag("-h", "print short help and exit");
  app.set_help_all_flag("--help", "print help for every device kind and the command grammar");
  app.require_subcommand(1);
  app.footer(std::string{grammar_footer} + "\n" + stationd::devsim::command_help());

  device_settings s;
  std::string script_path;
  bool exit_on_eof = false;
  bool verbose = false;
  std::string aim = "on";
  std::string suffix = "cr";
  int char_delay_ms = 0;
  int stability_ms = 3000;
  int repeat_ms = 250;
  int rtu_address = 1;

  auto* scanner = app.add_subcommand("scanner", "serial barcode scanner on a pty (AIM ids, suffix, GS in data)");
  add_common(*scanner, s, script_path, exit_on_eof, verbose, true, false);
  add_scanner_format(*scanner, aim, suffix);
  scanner->add_option("--char-delay", char_delay_ms, "milliseconds between characters")->capture_default_str();

  auto* tcp_scanner = app.add_subcommand("tcp-scanner", "network scanner: TCP server pushing scans to its clients");
  add_common(*tcp_scanner, s, script_path, exit_on_eof, verbose, false, true);
  add_scanner_format(*tcp_scanner, aim, suffix);
  tcp_scanner->add_option("--greeting", s.greeting, "bytes sent to each new client (markup allowed)");

  auto* mtsics = app.add_subcommand("mt-sics", "Mettler Toledo MT-SICS scale on a pty");
  add_common(*mtsics, s, script_path, exit_on_eof, verbose, true, false);
  mtsics->add_option("--serial", s.serial_number, "serial number (I4, @)")->capture_default_str();
  mtsics->add_option("--unit", s.unit, "weight unit (default kg)");
  mtsics->add_option("--decimals", s.decimals, "decimals shown (default 3)");
  mtsics->add_option("--stability-timeout", stability_ms, "ms S/Z/T wait for stability")->capture_default_str();
  mtsics->add_option("--repeat-interval", repeat_ms, "ms between SIR values")->capture_default_str();

  auto* toledo = app.add_subcommand("toledo-8213", "Toledo 8213 demand-protocol scale on a pty");
  add_common(*toledo, s, script_path, exit_on_eof, verbose, true, false);
  toledo->add_option("--decimals", s.decimals, "decimals in XXX.XX (default 2)");
  toledo->add_flag("--grams", s.grams, "grams form 0XXXXX");
  toledo->add_flag("--parity", s.parity, "even parity in bit 7 of every byte sent");

  auto* modbus_scale = app.add_subcommand("modbus-scale", "Modbus weight indicator (TCP or RTU)");
  add_common(*modbus_scale, s, script_path, exit_on_eof, verbose, true, true);
  add_modbus(*modbus_scale, s, rtu_address);
  std::string scale_map = "dini-dgt4x";
  modbus_scale->add_option("--map", scale_map, "register map: dini-dgt4x, laumas-tlu, pavone-dat700, flintec-dad141")
      ->capture_default_str();
  modbus_scale->add_option("--decimals", s.decimals, "decimals of the division (default 3)");
  modbus_scale->add_option("--unit", s.unit, "weight unit (default kg)");

  auto* modbus_light = app.add_subcommand("modbus-light", "Modbus stack light: Patlite LA6 or a relay module");
  add_common(*modbus_light, s, script_path, exit_on_eof, verbose, true, true);
  add_modbus(*modbus_light, s, rtu_address);
  std::string light_map = "patlite-la6";
  modbus_light->add_option("--map", light_map, "register map: patlite-la6 or relay")->capture_default_str();
  modbus_light->add_flag("--toggle", s.toggle, "relay: honour the vendor value 0x5500 (toggle) on FC 05");

  auto* zpl_printer = app.add_subcommand("zpl-printer", "Zebra ZPL label printer: raw ZPL on TCP (like port 9100), optionally on a pty");
  add_common(*zpl_printer, s, script_path, exit_on_eof, verbose, false, true);
  zpl_printer->add_option("--link", s.link, "also serve ZPL on a pty at this path (a serial printer); the ready line then names it");
  int label_ms = 20;
  zpl_printer->add_option("--rate", label_ms, "milliseconds per printed label")->check(CLI::Range(1, 3'600'000))->capture_default_str();
  std::string error_replies = "silent";
  zpl_printer->add_option("--error-replies", error_replies,
                          "in media out, ribbon out, head open: no ~HS reply (silent) or a reply with the flags")
      ->check(CLI::IsMember({"silent", "flags"}))
      ->capture_default_str();

  CLI11_PARSE(app, argc, argv);

  s.kind = app.get_subcommands().front()->get_name();
  s.map = s.kind == "modbus-light" ? light_map : scale_map;
  s.aim_ids = aim == "on";
  s.suffix = *stationd::sim::parse_terminator(suffix);
  s.char_delay = std::chrono::milliseconds{char_delay_ms};
  s.stability_timeout = std::chrono::milliseconds{stability_ms};
  s.repeat_interval = std::chrono::milliseconds{repeat_ms};
  s.rtu_address = static_cast<std::uint8_t>(rtu_address);
  s.label_time = std::chrono::milliseconds{label_ms};
  s.silent_in_error = error_replies == "silent";

  std::mutex output_lock;
  const auto out = [&output_lock](const std::string& line) {
    std::lock_guard lock{output_lock};
    std::cout << line << (line.ends_with('\n') ? "" : "\n") << std::flush;
  };
  const auto err = [&output_lock](const std::string& line) {
    std::lock_guard lock{output_lock};
    std::cerr << line << "\n" << std::flush;
  };
  if (verbose) s.log = err;

  stationd::devsim::runner_options run;
  try {
    if (!script_path.empty()) {
      std::ifstream in{script_path};
      std::stringstream text;
      text << in.rdbuf();
      run.script = stationd::sim::parse_script(text.str());
    }
  } catch (const stationd::sim::script_error& error) {
    std::cerr << "devsim: " << script_path << ": " << error.what() << "\n";
    return 2;
  }

  default_link_dir link_dir;
  const bool needs_link = s.kind == "scanner" || s.kind == "mt-sics" || s.kind == "toledo-8213" ||
                          ((s.kind == "modbus-scale" || s.kind == "modbus-light") && s.transport == "rtu");
  if (needs_link && s.link.empty()) s.link = link_dir.make(s.kind);

  // Signals arrive through a descriptor, so the device threads started below (which
  // inherit this mask) never run a handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
  const int signal_fd = ::signalfd(-1, &stop_signals, SFD_CLOEXEC);

  int status = 0;
  try {
    auto device = stationd::devsim::make_device(s);
    device->start();
    out("ready " + device->where());
    run.input_fd = STDIN_FILENO;
    run.signal_fd = signal_fd;
    run.exit_on_eof = exit_on_eof;
    run.out = out;
    run.err = err;
    status = stationd::devsim::run_commands(*device, run);
    device->stop();
  } catch (const std::exception& error) {
    std::cerr << "devsim: " << error.what() << "\n";
    status = 1;
  }
  if (signal_fd >= 0) ::close(signal_fd);
  return status;
}
