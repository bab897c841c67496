// The README's demo command starts stationd with the example configuration and
// stationctl status answers while it runs; its simulated printer prints.

#include "daemon_fixture.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <csignal>

using namespace stationd::test;

TEST_CASE("scripts/demo starts a station that answers stationctl status") {
  temp_dir dir;
  child_process demo{{{"/bin/sh", source_dir() + "/scripts/demo"},
                      {{"STATIOND_DEMO_DIR", dir.path().string()}},
                      (dir / "output").string()}};
  const auto socket = (dir / "run/control.sock").string();
  run_result status;
  const bool answered = eventually(
      [&] {
        status = run({stationctl_binary(), "--socket", socket, "status"});
        return status.status == 0 || !demo.running();
      },
      std::chrono::seconds{120});
  REQUIRE_MESSAGE(answered, demo.stderr_text());
  REQUIRE_MESSAGE(status.status == 0, demo.stdout_text(), demo.stderr_text());
  const auto reply = boost::json::parse(status.out).as_object();
  CHECK(reply.at("arguments").at("station").at("id").as_string() == "bench-01");
  CHECK(demo.stdout_text().find("stationd demo station") != std::string::npos);

  // The demo's simulated printer prints the README's example label.
  const auto printed = run({stationctl_binary(), "--socket", socket, "print-label", "tote-location", "code=T-0042"});
  REQUIRE_MESSAGE(printed.status == 0, printed.out, printed.err);
  const auto job = boost::json::parse(printed.out).at("arguments").at("job").as_int64();
  CHECK(eventually(
      [&] {
        const auto q = run({stationctl_binary(), "--socket", socket, "print-queue", "--job", std::to_string(job)});
        return q.status == 0 && boost::json::parse(q.out).at("arguments").at("state").as_string() == "confirmed";
      },
      std::chrono::seconds{20}));

  // The README's walkthrough: a full pick -> pack -> ship and a return, with
  // `stationctl scan` and the simulated scale; it stops at the first step the
  // station answers otherwise than expected.
  const auto walk = run({"/bin/sh", source_dir() + "/scripts/demo-walkthrough"}, std::chrono::seconds{120},
                        {{"STATIOND_DEMO_DIR", dir.path().string()}});
  CHECK_MESSAGE(walk.status == 0, walk.out, walk.err);
  CHECK(walk.out.find("== done") != std::string::npos);
  demo.signal(SIGINT);
  CHECK(demo.wait(std::chrono::seconds{20}) == 0);
}
