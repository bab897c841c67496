// The network scanner as a TCP server: push to clients, drop, stop and start on the same port.

#include "clients.hpp"

#include "sim/tcp_scanner.hpp"
#include "support/process.hpp"

#include <doctest/doctest.h>

#include <system_error>

using namespace stationd;
using namespace stationd::hwtest;

TEST_CASE("tcp scanner pushes framed scans to every client") {
  sim::tcp_scanner scanner{{}};
  scanner.start();
  REQUIRE(scanner.port() != 0);
  CHECK(scanner.endpoint() == "127.0.0.1:" + std::to_string(scanner.port()));

  CHECK(scanner.send("]E04006381333931") == 0); // nobody listening: lost

  tcp_client first{scanner.port()};
  tcp_client second{scanner.port()};
  REQUIRE(test::eventually([&] { return scanner.clients() == 2; }, 2s));

  const std::string scan = "]C10010614141123456789702195011015300003724\x1d" "3302012550400PO-98765\x1d" "42010115";
  CHECK(scanner.send(scan) == 2);
  CHECK(first.read_until("\r\n") == scan + "\r\n");
  CHECK(second.read_until("\r\n") == scan + "\r\n");

  scanner.set_format({.aim_ids = false, .suffix = sim::terminator::cr});
  scanner.send(scan);
  CHECK(first.read_until("\r") == scan.substr(3) + "\r");

  first.write("||>trigger on\r\n");
  CHECK(test::eventually([&] { return scanner.received() == "||>trigger on\r\n"; }, 2s));
}

TEST_CASE("tcp scanner: drop closes connections, stop/start keeps the port") {
  sim::tcp_scanner scanner{{.greeting = "READY\r\n"}};
  scanner.start();
  const auto port = scanner.port();
  {
    tcp_client client{port};
    CHECK(client.read_until("\r\n") == "READY\r\n");
    REQUIRE(test::eventually([&] { return scanner.clients() == 1; }, 2s));
    scanner.drop();
    CHECK(client.closed_within(1s));
    CHECK(scanner.clients() == 0);
  }
  {
    tcp_client client{port};
    CHECK(client.read_until("\r\n") == "READY\r\n");
    scanner.stop();
    CHECK(client.closed_within(1s));
  }
  CHECK_THROWS_AS(tcp_client{port}, std::system_error); // nothing listens while stopped

  scanner.start();
  CHECK(scanner.port() == port);
  tcp_client client{port};
  CHECK(client.read_until("\r\n") == "READY\r\n");
  REQUIRE(test::eventually([&] { return scanner.clients() == 1; }, 2s));
  scanner.send("]E496385074");
  CHECK(client.read_until("\r\n") == "]E496385074\r\n");
}
