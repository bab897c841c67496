// devreplay: serves a device capture on a pty, as if the recorded device were attached.
//
//   devreplay [--link PATH] [--speed F] [--match-timeout MS] [--start-delay MS] [--linger MS] [--loop] CAPTURE
//
// Prints "ready <link>", replays, and exits 0 at the end of the capture, 1 when the host
// sent something the capture did not expect (or nothing in time), 2 on a bad capture.

#include "sim/capture.hpp"
#include "sim/capture_player.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <signal.h>
#include <sys/signalfd.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

int main(int argc, char** argv) {
  CLI::App app{"devreplay: replays a device capture (hardware/<vendor-model>/*.capture) on a pty"};
  std::string capture_path;
  std::filesystem::path link;
  double speed = 1.0;
  int match_timeout_ms = 10'000;
  int start_delay_ms = 0;
  int linger_ms = 1000;
  bool loop = false;
  app.add_option("capture", capture_path, "capture file")->required()->check(CLI::ExistingFile);
  app.add_option("--link", link, "stable path of the pty; default: ${XDG_RUNTIME_DIR:-/tmp}/devreplay-<pid>/device");
  app.add_option("--speed", speed, "replay speed factor (2: twice as fast)")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--match-timeout", match_timeout_ms, "ms to wait for each host->device record")->capture_default_str();
  app.add_option("--start-delay", start_delay_ms, "ms to wait after ready before replaying (lets the host open the link)")
      ->capture_default_str();
  app.add_option("--linger", linger_ms,
                 "ms to keep the pty open after the last record, so the host can read it (closing drops unread bytes)")
      ->capture_default_str();
  app.add_flag("--loop", loop, "start over at the end of the capture (until SIGINT/SIGTERM)");
  app.footer(R"(
Capture format (one record per line, after '# key: value' header lines):
  <ms> > "<bytes>"     host to device: replay waits until the host sent exactly these
  <ms> < "<bytes>"     device to host: sent <ms - previous ms> / speed after the previous record
  <ms> ! unplug|replug the link disappears / comes back
Bytes are C-escaped: \r \n \t \\ \" \xNN.)");
  CLI11_PARSE(app, argc, argv);

  stationd::sim::capture recording;
  try {
    recording = stationd::sim::load_capture(capture_path);
  } catch (const std::exception& error) {
    std::cerr << "devreplay: " << capture_path << ": " << error.what() << "\n";
    return 2;
  }

  std::filesystem::path own_dir;
  if (link.empty()) {
    const char* runtime = std::getenv("XDG_RUNTIME_DIR");
    own_dir = std::filesystem::path{runtime && *runtime ? runtime : "/tmp"} / fmt::format("devreplay-{}", ::getpid());
    link = own_dir / "device";
  }

  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  const int signal_fd = ::signalfd(-1, &stop_signals, SFD_CLOEXEC);

  int status = 0;
  {
    stationd::sim::capture_player player{
        std::move(recording),
        {.link = link, .speed = speed, .match_timeout = std::chrono::milliseconds{match_timeout_ms}, .loop = loop}};
    try {
      player.start();
    } catch (const std::exception& error) {
      std::cerr << "devreplay: " << error.what() << "\n";
      return 1;
    }
    std::cout << "ready " << link.string() << std::endl;

    pollfd signal_poll{signal_fd, POLLIN, 0};
    if (start_delay_ms > 0 && ::poll(&signal_poll, 1, start_delay_ms) > 0) {
      player.stop();
      return 0;
    }
    player.play();
    while (true) {
      if (auto result = player.wait(std::chrono::milliseconds{200})) {
        if (result->ok) {
          std::cout << "done " << result->records_done << " records" << std::endl;
          if (linger_ms > 0) ::poll(&signal_poll, 1, linger_ms);
        } else {
          std::cerr << "devreplay: " << result->error << "\n";
          status = 1;
        }
        break;
      }
      if (::poll(&signal_poll, 1, 0) > 0) break;
    }
    player.stop();
  }
  if (!own_dir.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(own_dir, ignored);
  }
  if (signal_fd >= 0) ::close(signal_fd);
  return status;
}
