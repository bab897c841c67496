// The ZPL printer simulator seen from raw TCP (and pty) clients: ~HS bytes per state,
// silence in error, formats stored byte for byte, ^PQ, paper out/in, ~JA, network faults,
// the devsim kind; and the station's own ZPL parser reading what the simulator says.

#include "clients.hpp"

#include "devsim/device_commands.hpp"
#include "devsim/script_runner.hpp"
#include "protocol/zpl_status.hpp"
#include "sim/command_line.hpp"
#include "sim/zpl_printer.hpp"
#include "support/line_output.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <signal.h>

#include <filesystem>
#include <functional>
#include <system_error>
#include <thread>

using namespace stationd;
using namespace stationd::hwtest;
namespace fs = std::filesystem;
namespace zpl = stationd::drivers::zpl;

namespace {

const std::string hs_end = "\x02" "1234,0\x03\r\n"; // the third string: default password, no static RAM

std::string hs(std::string_view s1, std::string_view s2) {
  return "\x02" + std::string{s1} + "\x03\r\n\x02" + std::string{s2} + "\x03\r\n" + hs_end;
}

const std::string ready_hs = hs("030,0,0,1218,000,0,0,0,000,0,0,0", "001,0,0,0,1,2,6,0,00000000,1,000");

// No reply: nothing at all within a window well above the simulator's reply time.
constexpr auto silence_window = 250ms;

std::string ask_hs(tcp_client& client) {
  client.write("~HS");
  return client.read_until(hs_end);
}

// §3.3's example label (UTF-8 in ^FD, ^PQ1,0,1,Y).
const std::string sscc_label =
    "^XA\r\n^CI28\r\n^PW812\r\n^LL1218\r\n^LH0,0\r\n"
    "^FO40,40^A0N,36,36^FDFROM: Warehouse 4, Dock 2^FS\r\n"
    "^FO40,100^A0N,56,56^FDTO: J\xc3\xb6rg M\xc3\xbcller^FS\r\n"
    "^FO40,170^A0N,40,40^FD10115 Berlin DE^FS\r\n"
    "^FO40,240^A0N,32,32^FDPO-98765   24 CASES   125.50 KG^FS\r\n"
    "^FO40,310^BQN,2,5^FDQA,https://id.gs1.org/00/106141411234567897^FS\r\n"
    "^FO440,320^BXN,8,200,,,,_^FD_10010614141123456789702195011015300003724_13302012550400PO-98765_142010115^FS\r\n"
    "^BY4,3,220\r\n"
    "^FO94,760^BCN,220,N,N,N^FD>;>800106141411234567897^FS\r\n"
    "^FO150,1000^A0N,44,44^FD(00) 1 0614141 123456789 7^FS\r\n"
    "^PQ1,0,1,Y\r\n^XZ";

std::uint16_t port_of(const std::string& where) {
  return static_cast<std::uint16_t>(std::stoi(where.substr(where.find(':') + 1)));
}

} // namespace

TEST_CASE("zpl printer over TCP: ~HS bytes for each state") {
  struct row {
    const char* what;
    std::function<void(sim::zpl_printer&, tcp_client&)> setup;
    std::string flags_reply;   // with error-replies = flags
    bool silent_by_default;    // the reference's no-reply condition
  };
  const std::vector<row> rows = {
      {"ready", [](auto&, auto&) {}, ready_hs, false},
      {"paper out", [](auto& p, auto&) { p.paper_out(); },
       hs("030,1,0,1218,000,0,0,0,000,0,0,0", "001,0,0,0,1,2,6,0,00000000,1,000"), true},
      {"paused", [](auto& p, auto&) { p.pause(); },
       hs("030,0,1,1218,000,0,0,0,000,0,0,0", "001,0,0,0,1,2,6,0,00000000,1,000"), false},
      {"head open", [](auto& p, auto&) { p.open_head(); },
       hs("030,0,0,1218,000,0,0,0,000,0,0,0", "001,0,1,0,1,2,6,0,00000000,1,000"), true},
      {"ribbon out", [](auto& p, auto&) { p.ribbon_out(); },
       hs("030,0,0,1218,000,0,0,0,000,0,0,0", "001,0,0,1,1,2,6,0,00000000,1,000"), true},
      {"buffer full", [](auto& p, auto&) { p.set_buffer_full(true); },
       hs("030,0,0,1218,000,1,0,0,000,0,0,0", "001,0,0,0,1,2,6,0,00000000,1,000"), false},
      {"formats in buffer while paused",
       [](auto& p, auto& c) {
         p.pause();
         c.write("^XA^FDa^FS^XZ^XA^FDb^FS^PQ4^XZ");
       },
       hs("030,0,1,1218,002,0,0,0,000,0,0,0", "001,0,0,0,1,2,6,0,00000000,1,000"), false},
      {"labels remaining in the batch",
       [](auto& p, auto& c) {
         p.set_label_time(10s);
         c.write("^XA^FDa^FS^PQ12^XZ");
       },
       hs("030,0,0,1218,000,0,0,0,000,0,0,0", "001,0,0,0,1,2,6,0,00000012,1,000"), false},
      {"a partial format (from this connection)", [](auto&, auto& c) { c.write("^XA^FO10,10^FDhalf"); },
       hs("030,0,0,1218,000,0,0,1,000,0,0,0", "001,0,0,0,1,2,6,0,00000000,1,000"), false},
      {"paper out mid-batch, the rest buffered",
       [](auto& p, auto& c) {
         p.set_label_time(5ms);
         p.paper_out_after(2);
         c.write("^XA^FDa^FS^PQ5^XZ^XA^FDb^FS^XZ");
         REQUIRE(test::eventually([&] { return p.state().paper_out; }, 2s));
       },
       hs("030,1,0,1218,001,0,0,0,000,0,0,0", "001,0,0,0,1,2,6,0,00000003,1,000"), true},
  };
  for (const bool flags : {true, false}) {
    for (const auto& r : rows) {
      CAPTURE(std::string{r.what});
      CAPTURE(flags);
      sim::zpl_printer printer{{}};
      printer.start();
      if (flags) printer.set_silent_in_error(false);
      tcp_client client{printer.port()};
      r.setup(printer, client);
      if (flags || !r.silent_by_default) {
        CHECK(ask_hs(client) == r.flags_reply);
      } else {
        client.write("~HS");
        CHECK(client.read_for(silence_window).empty());
        // Still listening and taking data: only the status is withheld. ~HQES answers.
        client.write("~HQES");
        CHECK(client.read_until("\x03").find("PRINTER STATUS") != std::string::npos);
      }
    }
  }
}

TEST_CASE("zpl printer over TCP: formats stored byte for byte, ^PQ counts printed labels") {
  sim::zpl_printer printer{{.printer = {.label_time = 5ms}}};
  printer.start();
  tcp_client client{printer.port()};
  const std::string second = "^XA^FO50,50^A0N,40,40^FDSecond label^FS^PQ3^XZ";
  // Written in odd pieces, as a driver's buffered writes would arrive.
  const std::string stream = sscc_label + "\r\n" + second + "\r\n";
  for (std::size_t at = 0; at < stream.size(); at += 97) {
    client.write(std::string_view{stream}.substr(at, 97));
    std::this_thread::sleep_for(1ms);
  }
  REQUIRE(test::eventually([&] { return printer.labels_printed() == 4; }, 2s));
  CHECK(printer.labels() == std::vector<std::string>{sscc_label, second});
  CHECK(ask_hs(client) == ready_hs);
  std::this_thread::sleep_for(50ms);
  CHECK(printer.labels_printed() == 4); // nothing more
  const auto st = printer.state();
  CHECK(st.formats_received == 2);
  CHECK(st.formats_waiting == 0);
  CHECK(st.labels_remaining == 0);
}

TEST_CASE("zpl printer over TCP: paper out after N labels, silent while out, paper in resumes") {
  sim::zpl_printer printer{{.printer = {.label_time = 5ms}}};
  printer.start();
  tcp_client client{printer.port()};
  printer.paper_out_after(4);
  client.write("^XA^FDa^FS^PQ3^XZ^XA^FDb^FS^PQ3^XZ");
  REQUIRE(test::eventually([&] { return printer.state().paper_out; }, 2s));
  std::this_thread::sleep_for(30ms);
  CHECK(printer.labels_printed() == 4);
  client.write("~HS");
  CHECK(client.read_for(silence_window).empty());
  client.write("! U1 getvar \"device.host_status\"\r\n");
  CHECK(client.read_for(silence_window).empty());
  client.write("~HQES");
  CHECK(client.read_until("\x03") ==
        "\x02\r\nPRINTER STATUS\r\n   ERRORS:         1 00000000 00000001\r\n"
        "   WARNINGS:       0 00000000 00000000\r\n\x03");
  // Formats keep coming in while the printer is out of paper.
  client.write("^XA^FDc^FS^XZ");
  printer.set_silent_in_error(false);
  CHECK(ask_hs(client) == hs("030,1,0,1218,001,0,0,0,000,0,0,0", "001,0,0,0,1,2,6,0,00000002,1,000"));
  printer.set_silent_in_error(true);

  printer.paper_in();
  REQUIRE(test::eventually([&] { return printer.labels_printed() == 7; }, 2s));
  CHECK(ask_hs(client) == ready_hs);
  CHECK(printer.labels().size() == 3);
}

TEST_CASE("zpl printer over TCP: ~JA cancels what is buffered") {
  sim::zpl_printer printer{{}};
  printer.start();
  tcp_client client{printer.port()};
  printer.pause();
  client.write("^XA^FDa^FS^PQ2^XZ^XA^FDb^FS^XZ^XA^FDc^FS^XZ");
  CHECK(ask_hs(client) == hs("030,0,1,1218,003,0,0,0,000,0,0,0", "001,0,0,0,1,2,6,0,00000000,1,000"));
  client.write("~JA");
  CHECK(ask_hs(client) == hs("030,0,1,1218,000,0,0,0,000,0,0,0", "001,0,0,0,1,2,6,0,00000000,1,000"));
  client.write("~PS"); // resume from the host
  CHECK(ask_hs(client) == ready_hs);
  std::this_thread::sleep_for(60ms);
  CHECK(printer.labels_printed() == 0);
  CHECK(printer.labels().size() == 3); // received is received
}

TEST_CASE("zpl printer over TCP: ~HQES, ~HI, SGD") {
  sim::zpl_printer printer{{.printer = {.silent_in_error = false}}};
  printer.start();
  tcp_client client{printer.port()};
  client.write("~HI");
  CHECK(client.read_until("\r\n") == "\x02ZT410-203dpi,V75.20.01Z,8,8192KB,X\x03\r\n");
  printer.pause();
  printer.open_head();
  client.write("~HQES");
  CHECK(client.read_until("\x03") ==
        "\x02\r\nPRINTER STATUS\r\n   ERRORS:         1 00000000 00010004\r\n"
        "   WARNINGS:       0 00000000 00000000\r\n\x03");
  client.write("! U1 getvar \"device.host_status\"\r\n");
  CHECK(client.read_until("0\"") ==
        "\"030,0,1,1218,000,0,0,0,000,0,0,0\r\n001,0,1,0,1,2,6,0,00000000,1,000\r\n1234,0\"");
  client.write("! U1 getvar \"device.unknown\"\r\n");
  CHECK(client.read_until("\"?\"") == "\"?\"");
}

TEST_CASE("zpl printer over TCP: stop/start on the same port, refuse/accept, drop, silent") {
  sim::zpl_printer printer{{}};
  printer.start();
  const auto port = printer.port();
  REQUIRE(port != 0);
  CHECK(printer.endpoint() == "127.0.0.1:" + std::to_string(port));
  {
    tcp_client client{port};
    client.write("^XA^FDkept^FS^XZ");
    REQUIRE(test::eventually([&] { return printer.labels_printed() == 1; }, 2s));
    printer.stop();
    CHECK(client.closed_within(1s));
  }
  CHECK_FALSE(printer.running());
  CHECK_THROWS_AS(tcp_client{port}, std::system_error);
  printer.start();
  CHECK(printer.port() == port);
  CHECK(printer.labels().size() == 1); // the engine kept its state

  tcp_client kept{port};
  REQUIRE(test::eventually([&] { return printer.connections() == 1; }, 2s));
  printer.refuse_connections();
  CHECK_FALSE(printer.listening());
  CHECK_THROWS_AS(tcp_client{port}, std::system_error);
  CHECK(ask_hs(kept) == ready_hs); // an open connection still works
  printer.accept_connections();
  CHECK(printer.listening());
  tcp_client second{port};
  CHECK(ask_hs(second) == ready_hs);

  printer.drop();
  CHECK(kept.closed_within(1s));
  CHECK(second.closed_within(1s));
  CHECK(printer.connections() == 0);

  tcp_client quiet{port};
  printer.go_silent();
  quiet.write("~HS~HI~HQES");
  CHECK(quiet.read_for(silence_window).empty());
  quiet.write("^XA^FDstill taken^FS^XZ");
  REQUIRE(test::eventually([&] { return printer.labels_printed() == 2; }, 2s)); // and printed
  printer.talk();
  CHECK(ask_hs(quiet) == ready_hs);
}

TEST_CASE("zpl printer on a pty: a serial printer with the same protocol") {
  test::temp_dir dir;
  // 10 s a label at first, so "being printed" holds however the bytes are read.
  sim::zpl_printer printer{{.link = dir / "printer0", .printer = {.label_time = 10s}}};
  printer.start();
  REQUIRE(printer.serial_port() != nullptr);
  CHECK(printer.link_path() == dir / "printer0");
  {
    pty_client host{dir / "printer0"};
    host.write("^XA^FO10,10^FDserial^FS^XZ~HS");
    // Asked right behind the format: its label is being printed.
    CHECK(host.read_until(hs_end) == hs("030,0,0,1218,000,0,0,0,000,0,0,0", "001,0,0,0,1,2,6,0,00000001,1,000"));
    CHECK(printer.labels() == std::vector<std::string>{"^XA^FO10,10^FDserial^FS^XZ"});
    printer.set_label_time(5ms);
    host.write("^XA^FDcut by the unplug");
    REQUIRE(test::eventually([&] { return printer.state().partial_format; }, 2s));
    printer.serial_port()->unplug();
    CHECK(host.closed_within(1s));
  }
  CHECK_FALSE(printer.state().partial_format);
  printer.serial_port()->replug();
  pty_client host{dir / "printer0"};
  tcp_client network{printer.port()}; // TCP serves the same engine meanwhile
  network.write("^XA^FDnet^FS^XZ");
  REQUIRE(test::eventually([&] { return printer.labels_printed() == 2; }, 2s));
  host.write("~HS");
  CHECK(host.read_until(hs_end) == ready_hs);
  CHECK(printer.labels().back() == "^XA^FDnet^FS^XZ");
  printer.stop();
  CHECK_FALSE(fs::exists(fs::symlink_status(dir / "printer0")));
}

TEST_CASE("zpl printer: the station's ZPL parser reads what the simulator says") {
  sim::zpl_printer printer{{.printer = {.label_time = 10s, .silent_in_error = false}}};
  printer.start();
  tcp_client client{printer.port()};
  printer.ribbon_out();
  client.write("^XA^FDa^FS^PQ7^XZ^XA^FDb^FS^XZ");
  REQUIRE(test::eventually([&] { return printer.state().formats_received == 2; }, 2s));
  // Read as the driver will: in pieces, until the collector has a whole reply. The CR LF
  // after each reply reaches the next query's fresh collector, which skips it.
  const auto ask = [&client](std::string_view query, zpl::reply_collector::kind kind) {
    client.write(query);
    zpl::reply_collector collector{kind};
    std::optional<std::string> reply;
    for (int i = 0; i < 50 && !reply; ++i) reply = collector.feed(client.read_for(20ms));
    CHECK(collector.dropped() == 0);
    REQUIRE(reply);
    return *reply;
  };
  const auto status = zpl::parse_host_status(ask("~HS", zpl::reply_collector::kind::host_status));
  REQUIRE_MESSAGE(status, status.error.value_or(""));
  CHECK(status.value->ribbon_out);
  CHECK(status.value->formats_in_buffer == 2); // nothing printing with the ribbon out
  CHECK(status.value->labels_remaining == 0);
  CHECK(status.value->label_length == 1218);
  CHECK(zpl::status_tokens(*status.value) == std::vector<std::string>{"RIBBON-OUT", "PRINTING"});

  const auto errors = zpl::parse_error_status(ask("~HQES", zpl::reply_collector::kind::error_status));
  REQUIRE_MESSAGE(errors, errors.error.value_or(""));
  CHECK(errors.value->error_bits == 0x2);
  CHECK_FALSE(zpl::can_print(*status.value, errors.value));

  const auto id = zpl::parse_identity(ask("~HI", zpl::reply_collector::kind::identity));
  REQUIRE_MESSAGE(id, id.error.value_or(""));
  CHECK(id.value->model == "ZT410-203dpi");
  CHECK(id.value->dots_per_mm == 8);

  printer.ribbon_in();
  const auto done = zpl::parse_host_status(ask("~HS", zpl::reply_collector::kind::host_status));
  REQUIRE(done);
  CHECK(done.value->formats_in_buffer == 1);
  CHECK(done.value->labels_remaining == 7); // the first batch started, at 10 s a label
  CHECK(zpl::can_print(*done.value));
  CHECK_FALSE(zpl::all_printed(*done.value)); // 10 s per label: still printing
  printer.cancel_all();
  const auto cancelled = zpl::parse_host_status(ask("~HS", zpl::reply_collector::kind::host_status));
  REQUIRE(cancelled);
  CHECK(zpl::all_printed(*cancelled.value));
}

namespace {

// Runs devsim's command runner over a pipe, the way devsim_test.cpp does.
std::string run_lines(devsim::device_commands& device, const std::string& lines) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  REQUIRE(::write(fds[1], lines.data(), lines.size()) == static_cast<ssize_t>(lines.size()));
  ::close(fds[1]);
  std::string out;
  std::string err;
  devsim::runner_options options;
  options.input_fd = fds[0];
  options.exit_on_eof = true;
  options.out = [&out](const std::string& line) { out += line + (line.ends_with('\n') ? "" : "\n"); };
  options.err = [&err](const std::string& line) { err += line + "\n"; };
  devsim::run_commands(device, options);
  ::close(fds[0]);
  CHECK_MESSAGE(err.empty(), err);
  return out;
}

} // namespace

TEST_CASE("devsim zpl-printer: commands drive the printer") {
  devsim::device_settings settings;
  settings.kind = "zpl-printer";
  settings.label_time = 5ms;
  auto device = devsim::make_device(settings);
  device->start();
  const auto port = port_of(device->where());
  tcp_client client{port};

  auto out = run_lines(*device, "paper-out 2\nerror-replies flags\n");
  client.write("^XA^FDone^FS^PQ3^XZ");
  REQUIRE(test::eventually([&] { return run_lines(*device, "labels\n") == "stored=1 printed=2\n"; }, 2s));
  CHECK(ask_hs(client) == hs("030,1,0,1218,000,0,0,0,000,0,0,0", "001,0,0,0,1,2,6,0,00000001,1,000"));
  out = run_lines(*device, "status\n");
  CHECK(out.find("paper=out") != std::string::npos);
  CHECK(out.find("remaining=1") != std::string::npos);
  CHECK(out.find("error-replies=flags") != std::string::npos);

  run_lines(*device, "paper-in\n"); // the third label prints
  REQUIRE(test::eventually([&] { return run_lines(*device, "labels\n") == "stored=1 printed=3\n"; }, 2s));
  run_lines(*device, "slow 1000\nhead-open\npause\nribbon-out\nbuffer-full on\n");
  CHECK(ask_hs(client) == hs("030,0,1,1218,000,1,0,0,000,0,0,0", "001,0,1,1,1,2,6,0,00000000,1,000"));
  run_lines(*device, "head-close\nresume\nribbon-in\nbuffer-full off\nerror-replies silent\n");
  CHECK(ask_hs(client) == ready_hs);
  CHECK(run_lines(*device, "labels\n") == "stored=1 printed=3\n");
  client.write("\r\n^XA\r\n^FDtwo^FS\r\n^XZ\r\n");
  REQUIRE(test::eventually([&] { return run_lines(*device, "labels\n").starts_with("stored=2"); }, 2s));
  CHECK(run_lines(*device, "dump 2\n") ==
        "format 1 of 2 (19 bytes, ^PQ 3):\n^XA^FDone^FS^PQ3^XZ\n"
        "format 2 of 2 (19 bytes, ^PQ 1):\n^XA\n^FDtwo^FS\n^XZ\n");
  CHECK(run_lines(*device, "dump\n").starts_with("format 2 of 2"));

  run_lines(*device, "silent\n");
  client.write("~HS");
  CHECK(client.read_for(silence_window).empty());
  run_lines(*device, "talk\ncancel\nrefuse\n");
  CHECK_THROWS_AS(tcp_client{port}, std::system_error);
  run_lines(*device, "accept\ndrop\n");
  CHECK(client.closed_within(1s));
  run_lines(*device, "stop\nstart\n");
  tcp_client again{port};
  CHECK(ask_hs(again) == ready_hs);
  device->stop();
}

TEST_CASE("devsim zpl-printer: errors for bad commands") {
  devsim::device_settings settings;
  settings.kind = "zpl-printer";
  auto device = devsim::make_device(settings);
  device->start();
  struct row {
    std::string line;
    std::string error;
  };
  const std::vector<row> rows = {
      {"paper-out x", "labels must be a whole number 0..99999999, not 'x'"},
      {"slow 0", "ms per label must be a whole number 1..3600000, not '0'"},
      {"error-replies loud", "error-replies must be silent or flags"},
      {"buffer-full maybe", "expected on or off, not 'maybe'"},
      {"unplug", "unknown command 'unplug' for zpl-printer (try help)"}, // no pty without --link
      {"dump 0", "n must be a whole number 1..1000000, not '0'"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.line);
    const auto cmd = sim::parse_command(r.line);
    REQUIRE(cmd);
    try {
      device->execute(*cmd);
      FAIL("no error");
    } catch (const devsim::command_error& error) {
      CHECK(std::string{error.what()} == r.error);
    }
  }
  CHECK(device->execute(*sim::parse_command("dump")) == "no formats received");
  device->stop();
}

TEST_CASE("devsim command line: zpl-printer with --rate, --link and --error-replies") {
  test::temp_dir dir;
  const auto script = dir.write("printer.script", "0 pause\n500 resume\n");
  test::child_process devsim{{.argv = {DEVSIM_BINARY, "zpl-printer", "--rate", "5", "--link", (dir / "zpl0").string(),
                                       "--error-replies", "flags", "--script", script.string()},
                              .env = {},
                              .output_dir = dir.path().string()}};
  std::string target;
  REQUIRE(test::eventually(
      [&] {
        const auto lines = test::complete_lines(devsim.stdout_text(), "ready ");
        if (lines.empty()) return false;
        target = lines.front();
        return true;
      },
      5s));
  CHECK(target == (dir / "zpl0").string());
  pty_client host{target};
  host.write("^XA^FDx^FS^PQ2^XZ~HS");
  // Paused by the script at first: the format waits.
  CHECK(host.read_until(hs_end) == hs("030,0,1,1218,001,0,0,0,000,0,0,0", "001,0,0,0,1,2,6,0,00000000,1,000"));
  CHECK(test::eventually(
      [&] {
        host.write("~HS");
        return host.read_until(hs_end) == ready_hs;
      },
      3s));
  devsim.signal(SIGTERM);
  CHECK(devsim.wait(5s) == 0);
  CHECK_FALSE(fs::exists(fs::symlink_status(dir / "zpl0")));
}
