// The example driver of docs/writing-a-driver.md, run by the real supervisor
// against a pty: readings arrive, an unreadable line is reported, a hangup is
// an offline state, and the supervisor reconnects.

#include "core/supervisor.hpp"
#include "skeleton/skeleton_scale.hpp"

#include "config/config_loader.hpp"
#include "config/station_schema.hpp"
#include "support/temp_dir.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <pty.h>
#include <unistd.h>

#include <thread>

using namespace stationd;
namespace asio = boost::asio;

namespace {

struct recorder final : drivers::device_observer {
  std::vector<std::string> states;
  void on_status(const std::string&, const drivers::device_status& s) override { states.push_back(s.state); }
};

} // namespace

TEST_CASE("parse_line: the skeleton's pure part") {
  const auto r = drivers::skeleton::parse_line("1.250 kg S");
  REQUIRE(r);
  CHECK(r->weight->to_string() == "1.250");
  CHECK(r->stable);
  CHECK_FALSE(drivers::skeleton::parse_line("1.250 kg X"));
  CHECK_FALSE(drivers::skeleton::parse_line("heavy kg S"));
  CHECK_FALSE(drivers::skeleton::parse_line("1.250 kg S extra"));
}

TEST_CASE("skeleton driver under the supervisor") {
  int master = -1;
  int slave = -1;
  char name[128] = {};
  REQUIRE(::openpty(&master, &slave, name, nullptr, nullptr) == 0);
  test::temp_dir dir;
  const auto toml = fmt::format("[station]\nid = \"x\"\n[[device]]\nname = \"line\"\nclass = \"scale\"\ndriver = \"mt-sics\"\n"
                                "port = \"{}\"\nio_timeout = \"300ms\"\n",
                                name);
  const auto loaded = config::load_text(toml, "t.toml", config::station_schema());
  REQUIRE(loaded.root);
  const auto& section = loaded.root->entries("device").front();
  const config::device_config device{"line", "scale", "skeleton", true,
                                     std::chrono::milliseconds{50}, std::chrono::milliseconds{200},
                                     std::chrono::milliseconds{300}, section};

  asio::io_context io;
  log::logger log{stderr, log::format::plain, log::level::critical};
  std::vector<drivers::scale_reading> readings;
  drivers::driver_context context{io.get_executor(), log, device, dir.path(), {},
                                  [&](drivers::scale_reading r) { readings.push_back(std::move(r)); }};
  recorder observer;
  drivers::device_supervisor supervisor{"line", std::make_unique<drivers::skeleton::skeleton_scale>(context),
                                        {std::chrono::milliseconds{50}, std::chrono::milliseconds{200}},
                                        std::chrono::milliseconds{300}, observer, log};
  asio::cancellation_signal stop;
  bool finished = false;
  asio::co_spawn(io, supervisor.run(), asio::bind_cancellation_slot(stop.slot(), [&](std::exception_ptr) { finished = true; }));

  std::thread fake_scale{[&] {
    const std::string lines = "0.500 kg D\n1.250 kg S\nnot a weight\n";
    for (int i = 0; i < 3; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds{100});
      REQUIRE(::write(master, lines.data(), lines.size()) == static_cast<ssize_t>(lines.size()));
    }
  }};
  asio::steady_timer deadline{io, std::chrono::milliseconds{1500}};
  deadline.async_wait([&](auto) { stop.emit(asio::cancellation_type::terminal); });
  io.run();
  fake_scale.join();
  ::close(master);
  ::close(slave);

  CHECK(finished);
  REQUIRE(readings.size() >= 4);
  CHECK(readings[0].weight->to_string() == "1.250"); // the first line went to identify()
  CHECK(readings[0].stable);
  CHECK(readings[1].error == "unreadable line \"not a weight\"");
  CHECK(std::find(observer.states.begin(), observer.states.end(), "online") != observer.states.end());
  CHECK(observer.states.back() == "stopped");
}
