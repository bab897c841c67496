#pragma once
// central-sim, the reference central, run by integration tests against a real
// stationd over loopback TCP with CURVE and ZAP, and the checks that read both
// sides: every station event at central exactly once, in order.

#include "device_helpers.hpp"

#include "journal/sqlite.hpp"
#include "support/free_port.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace stationd::test {
namespace json = boost::json;
using namespace std::chrono_literals;

inline std::string central_sim_binary() { return CENTRAL_SIM_BINARY; }

// central-sim with its keys, allow-list and store in a directory of its own,
// restartable on the same port; commands go to its standard input through a FIFO.
class central {
public:
  explicit central(std::vector<std::string> extra = {}) : extra_{std::move(extra)}, port_{free_tcp_port()} {
    const auto keygen = run({central_sim_binary(), "--keygen", "--keys", dir_.path().string()});
    REQUIRE_MESSAGE(keygen.status == 0, keygen.err);
    public_key_ = keygen.out.substr(0, 40);
    dir_.write("allow.txt", "# stations allowed to connect\n");
    ::mkfifo((dir_ / "in").c_str(), 0600);
    fifo_ = ::open((dir_ / "in").c_str(), O_RDWR); // a writer for the life of the test
  }
  ~central() {
    stop();
    if (fifo_ >= 0) ::close(fifo_);
  }

  void allow(const std::string& station, const std::string& public_key) {
    std::ofstream out(dir_ / "allow.txt", std::ios::app);
    out << station << ' ' << public_key << '\n';
  }
  void start(std::vector<std::string> more = {}) {
    std::vector<std::string> argv{"/bin/sh", "-c", "exec \"$0\" \"$@\" < " + (dir_ / "in").string(), central_sim_binary(),
                                  "--bind", endpoint(), "--db", (dir_ / "central.db").string(), "--keys",
                                  dir_.path().string(), "--allow", (dir_ / "allow.txt").string()};
    argv.insert(argv.end(), extra_.begin(), extra_.end());
    argv.insert(argv.end(), more.begin(), more.end());
    process_ = std::make_unique<child_process>(child_process::options{argv, {}, (dir_ / "out").string()});
    REQUIRE_MESSAGE(eventually([&] { return process_->stdout_text().find("ready ") != std::string::npos || !process_->running(); }, 10s),
                    process_->stderr_text());
    REQUIRE_MESSAGE(process_->running(), process_->stderr_text());
  }
  void kill() {
    if (process_ && process_->running()) {
      process_->signal(SIGKILL);
      process_->wait(5s);
    }
  }
  void stop() {
    if (process_ && process_->running()) {
      process_->signal(SIGTERM);
      process_->wait(10s);
    }
  }
  void command(const std::string& line) {
    const std::string l = line + "\n";
    REQUIRE(::write(fifo_, l.data(), l.size()) == static_cast<ssize_t>(l.size()));
  }
  // A command and the one line it is answered with.
  std::string ask(const std::string& line) {
    const auto lines_before = lines_out();
    command(line);
    REQUIRE_MESSAGE(eventually([&] { return lines_out() > lines_before; }, 10s), "central-sim did not answer ", line);
    auto out = process_->stdout_text();
    out.pop_back(); // the answer's newline
    return out.substr(out.rfind('\n') + 1);
  }
  // What central applied and acknowledged for the station (the `status` command).
  json::object status_of(const std::string& station = "test-bench") {
    const auto status = json::parse(ask("status")).as_object();
    const auto* s = status.at("stations").as_object().if_contains(station);
    return s ? s->as_object() : json::object{};
  }
  std::string endpoint() const { return fmt::format("tcp://127.0.0.1:{}", port_); }
  const std::string& public_key() const { return public_key_; }
  const temp_dir& dir() const { return dir_; }
  std::filesystem::path db() const { return dir_ / "central.db"; }
  child_process& process() { return *process_; }

private:
  std::size_t lines_out() const {
    const auto out = process_->stdout_text();
    return static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n'));
  }

  temp_dir dir_;
  std::vector<std::string> extra_;
  std::uint16_t port_;
  std::string public_key_;
  int fifo_ = -1;
  std::unique_ptr<child_process> process_;
};

// The station's key pair, made in <dir>/state/curve before it starts; `allow`: central knows it.
inline void make_station_keys(central& c, const temp_dir& dir, bool allow = true) {
  const auto k = run({stationctl_binary(), "keygen", "--dir", (dir / "state/curve").string()});
  REQUIRE_MESSAGE(k.status == 0, k.err);
  if (allow) c.allow("test-bench", k.out.substr(0, 40));
}

inline std::string central_section(const central& c, const std::string& more = "") {
  return fmt::format("[central]\nendpoint = \"{}\"\nserver_public_key = \"{}\"\n{}", c.endpoint(), c.public_key(), more);
}

// `n` events in the station's journal: scans the workflows refuse (each one a workflow.input).
inline void produce(running_daemon& d, int n) {
  ctl::control_client client{d.socket_path(), 10s};
  for (int i = 0; i < n; ++i) client.call("scan", {{"code", fmt::format("CMD-NOPE-{}", i)}});
}

inline json::object outbox(running_daemon& d) { return d.call("outbox").at("arguments").as_object(); }

// Central acknowledged every event the journal holds now. (The outbox is the link's
// status of up to half a second ago: its last_seq must have caught up with the journal.)
inline bool drained(running_daemon& d, std::chrono::milliseconds timeout = 60s) {
  json::object last;
  const auto newest = [&] {
    sqlite::database db{d.journal_path(), sqlite::database::mode::read_only};
    return db.query_int("SELECT coalesce(max(seq), 0) FROM events");
  };
  const auto journaled = newest();
  const bool ok = eventually(
      [&] {
        last = outbox(d);
        return last.at("link") == "up" && last.at("depth").is_int64() && last.at("depth").as_int64() == 0 &&
               last.at("acked") == last.at("last_seq") && last.at("last_seq").as_int64() >= journaled;
      },
      timeout);
  if (!ok) MESSAGE("outbox: ", json::serialize(last));
  return ok;
}

struct station_event {
  std::int64_t seq;
  std::string uuid;
  std::string type;
};

inline std::vector<station_event> station_events(running_daemon& d) {
  sqlite::database db{d.journal_path(), sqlite::database::mode::read_only};
  auto q = db.prepare("SELECT e.seq, o.uuid, e.type FROM events e JOIN outbox o ON o.seq = e.seq ORDER BY e.seq");
  std::vector<station_event> out;
  while (q.step()) out.push_back({q.column_int(0), q.column_text(1), q.column_text(2)});
  return out;
}

// What central applied for the station, in the order it applied them.
inline std::vector<station_event> central_events(const central& c) {
  sqlite::database db{c.db(), sqlite::database::mode::read_only};
  auto q = db.prepare("SELECT seq, uuid, type FROM events WHERE station = 'test-bench' ORDER BY rowid");
  std::vector<station_event> out;
  while (q.step()) out.push_back({q.column_int(0), q.column_text(1), q.column_text(2)});
  return out;
}

// Every station event at central exactly once, in order, with its UUID and type.
inline void check_exactly_once(running_daemon& d, const central& c) {
  const auto mine = station_events(d);
  const auto theirs = central_events(c);
  REQUIRE(!mine.empty());
  CHECK(theirs.size() == mine.size());
  const auto n = std::min(mine.size(), theirs.size());
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (theirs[i].seq != mine[i].seq || theirs[i].uuid != mine[i].uuid || theirs[i].type != mine[i].type) {
      if (++wrong <= 3) MESSAGE("event ", i, ": station ", mine[i].seq, " ", mine[i].uuid, ", central ", theirs[i].seq, " ", theirs[i].uuid);
    }
  }
  CHECK(wrong == 0);
}

} // namespace stationd::test
