// central-sim: the reference central order system for stationd's sync link
// (docs/protocol.md). Prints "ready <endpoint>" once bound, then serves
// stations and reads commands from standard input (see README.md).

#include "allow_list.hpp"
#include "central_server.hpp"
#include "central_service.hpp"
#include "curve_keys.hpp"
#include "event_store.hpp"
#include "revision_store.hpp"
#include "store_schema.hpp"
#include "zap_handler.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <zmq.hpp>

#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>

namespace {

struct options {
  std::string bind = "tcp://127.0.0.1:5570";
  std::string db = "central-sim.db";
  std::string keys;
  std::string allow;
  std::string seed;
  bool keygen = false;
  bool insecure = false;
  bool chaos = false;
  std::uint64_t credit = 1000;
  int delay_ms = 0;
};


int serve(const options& o, const std::function<void(const std::string&)>& log, int signal_fd) {
  namespace central = stationd::central;
  std::optional<central::key_pair> keys;
  std::optional<central::allow_list> allowed;
  if (o.insecure) {
    log("WARNING: --insecure: plain TCP, no CURVE, no ZAP; any client is let in. Never in production.");
  } else {
    if (o.keys.empty() || o.allow.empty()) {
      log("CURVE needs --keys DIR and --allow FILE (or --insecure for development)");
      return 2;
    }
    keys = central::load_central_keys(o.keys);
    allowed = central::allow_list::load(o.allow);
  }

  auto db = central::open_store(o.db);
  central::event_store events{db};
  central::revision_store revisions{db};
  if (!o.seed.empty() && revisions.latest() == 0) {
    const auto seeded = revisions.publish_snapshot(central::read_text(o.seed));
    log(fmt::format("seeded master data from {} as revision {}", o.seed, seeded.revision));
  }
  central::central_service service{events, revisions, {o.credit, !o.insecure}, log};

  zmq::context_t context;
  // Declared after the context, so both sockets close before it terminates.
  std::unique_ptr<central::zap_handler> zap;
  if (allowed) zap = std::make_unique<central::zap_handler>(context, std::move(*allowed), log);
  central::server_settings settings{o.bind, keys, {std::chrono::milliseconds{o.delay_ms}, o.chaos}};
  central::central_server server{context, service, settings, log};

  const auto out = [](const std::string& line) { std::cout << line << "\n" << std::flush; };
  out("ready " + server.endpoint());
  server.run(STDIN_FILENO, signal_fd, out);
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"central-sim: reference central order system for stationd (docs/protocol.md)"};
  options o;
  app.add_option("--bind", o.bind, "ZeroMQ endpoint of the ROUTER socket (port 0: any free port)")->capture_default_str();
  app.add_option("--db", o.db, "SQLite store (created if missing)")->capture_default_str();
  app.add_option("--keys", o.keys, "directory with central.key (secret) and central.pub, Z85");
  app.add_flag("--keygen", o.keygen, "create the key pair in --keys DIR, print the public key and exit");
  app.add_option("--allow", o.allow, "ZAP allow-list: one \"STATION_ID PUBLIC_KEY_Z85\" per line")
      ->check(CLI::ExistingFile);
  app.add_flag("--insecure", o.insecure, "plain TCP without CURVE or ZAP (development only)");
  app.add_option("--seed", o.seed, "master data JSON, revision 1 when the store has none")->check(CLI::ExistingFile);
  app.add_option("--credit", o.credit, "credit granted in WELCOME and ACK")->capture_default_str();
  app.add_option("--delay-ms", o.delay_ms, "sleep before applying each EVENTS batch")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_flag("--chaos", o.chaos, "test hook: EVENTS processed twice and pairwise reordered; UPDATE/ACK sent twice");
  CLI11_PARSE(app, argc, argv);

  std::mutex log_lock; // the ZAP thread logs too
  const auto log = [&log_lock](const std::string& line) {
    std::lock_guard lock{log_lock};
    std::cerr << "central-sim: " << line << "\n" << std::flush;
  };

  try {
    if (o.keygen) {
      if (o.keys.empty()) {
        log("--keygen needs --keys DIR");
        return 2;
      }
      std::cout << stationd::central::create_central_keys(o.keys).public_key << "\n";
      return 0;
    }
    // Signals arrive through a descriptor; every thread started below inherits
    // the mask, so none of them is interrupted by a handler.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
    const int signal_fd = ::signalfd(-1, &stop_signals, SFD_CLOEXEC);
    const int status = serve(o, log, signal_fd);
    ::close(signal_fd);
    return status;
  } catch (const std::exception& e) {
    log(e.what());
    return 1;
  }
}
