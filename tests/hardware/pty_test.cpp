// The pty endpoint and the serial scanner on it, seen from a raw termios client.

#include "clients.hpp"

#include "sim/pty_endpoint.hpp"
#include "sim/serial_scanner.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>

using namespace stationd;
using namespace stationd::hwtest;
namespace fs = std::filesystem;

TEST_CASE("pty endpoint: the link points at a pts and carries bytes both ways") {
  test::temp_dir dir;
  sim::pty_endpoint pty{dir / "dev" / "scanner0"};
  pty.plug();
  REQUIRE(pty.plugged());
  CHECK(fs::is_symlink(pty.link_path()));
  CHECK(fs::read_symlink(pty.link_path()) == pty.device_path());
  CHECK(pty.device_path().string().starts_with("/dev/pts/"));

  pty_client host{pty.link_path()};
  host.write("W");
  char byte = 0;
  REQUIRE(::read(pty.master_fd(), &byte, 1) == 1);
  CHECK(byte == 'W');
  REQUIRE(::write(pty.master_fd(), "\x02?a\r", 4) == 4);
  CHECK(host.read_exactly(4) == "\x02?a\r");
}

TEST_CASE("pty endpoint: unplug shows as end of file, replug re-points the link") {
  test::temp_dir dir;
  sim::pty_endpoint pty{dir / "scale0"};
  pty.plug();
  pty_client host{pty.link_path()};

  pty.unplug();
  CHECK_FALSE(pty.plugged());
  CHECK_FALSE(fs::exists(fs::symlink_status(dir / "scale0")));
  CHECK(host.closed_within(1s));

  pty.plug();
  CHECK(fs::read_symlink(dir / "scale0") == pty.device_path());
  pty_client again{dir / "scale0"};
  REQUIRE(::write(pty.master_fd(), "ok", 2) == 2);
  CHECK(again.read_exactly(2) == "ok");
}

TEST_CASE("serial scanner: AIM ids, terminators and GS inside the data") {
  test::temp_dir dir;
  sim::serial_scanner scanner{{.link = dir / "scanner0"}};
  scanner.start();
  pty_client host{scanner.link_path()};

  const std::string gs1 = "]C1011950110153000031030123451726123110LOT-A1\x1d" "21SN0001";
  scanner.send(gs1);
  CHECK(host.read_until("\r") == gs1 + "\r");

  scanner.set_format({.aim_ids = false, .suffix = sim::terminator::crlf});
  scanner.send(gs1);
  CHECK(host.read_until("\r\n") == gs1.substr(3) + "\r\n");

  scanner.set_format({.aim_ids = true, .suffix = sim::terminator::lf});
  scanner.send("]E04006381333931");
  CHECK(host.read_until("\n") == "]E04006381333931\n");

  scanner.set_format({.aim_ids = true, .suffix = sim::terminator::none});
  scanner.send("]E496385074");
  CHECK(host.read_for(150ms) == "]E496385074");

  scanner.send_raw(std::string("\x00\xff junk", 7));
  CHECK(host.read_for(150ms) == std::string("\x00\xff junk", 7));

  host.write("trigger\r");
  CHECK(test::eventually([&] { return scanner.received() == "trigger\r"; }, 2s));
}

TEST_CASE("serial scanner: per-character delay spreads a scan out") {
  test::temp_dir dir;
  sim::serial_scanner scanner{{.link = dir / "scanner0", .char_delay = 30ms}};
  scanner.start();
  pty_client host{scanner.link_path()};
  const auto started = std::chrono::steady_clock::now();
  scanner.send("]E496385074"); // 11 characters + CR
  // Shortly after sending, only the first characters are there.
  const auto early = host.read_for(100ms);
  CHECK(early.size() >= 2);
  CHECK(early.size() <= 6);
  const auto rest = host.read_until("\r", 2s);
  CHECK(early + rest == "]E496385074\r");
  CHECK(std::chrono::steady_clock::now() - started >= 11 * 30ms);
}

TEST_CASE("serial scanner: unplug and replug while a client holds the port") {
  test::temp_dir dir;
  sim::serial_scanner scanner{{.link = dir / "scanner0"}};
  scanner.start();
  {
    pty_client host{scanner.link_path()};
    scanner.unplug();
    CHECK_FALSE(scanner.plugged());
    CHECK(host.closed_within(1s));
    CHECK_FALSE(fs::exists(fs::symlink_status(scanner.link_path())));
    scanner.send("]E04006381333931"); // nobody to hear it
  }
  scanner.replug();
  CHECK(scanner.plugged());
  pty_client host{scanner.link_path()};
  scanner.send("]E04006381333931");
  CHECK(host.read_until("\r") == "]E04006381333931\r");
  scanner.stop();
  CHECK_FALSE(fs::exists(fs::symlink_status(dir / "scanner0")));
}
