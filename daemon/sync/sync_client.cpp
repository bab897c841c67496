#include "sync/sync_client.hpp"

#include "journal/sqlite.hpp"
#include "sync/revision_follower.hpp"

#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>

#include <fmt/format.h>
#include <zmq.hpp>

#include <chrono>

namespace stationd::sync {

namespace json = boost::json;
using clock_type = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

constexpr auto poll_interval = 50ms;
constexpr auto hello_every = 5s;
constexpr auto ping_after = 2s;
constexpr auto silent_limit = 6s;
constexpr auto retransmit_after = 3s;
constexpr auto refused_backoff = 60s;
constexpr auto status_every = 500ms;

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

} // namespace

// One connection to central and what the protocol remembers about it.
struct sync_client::link {
  zmq::socket_t socket;
  bool welcomed = false;
  std::uint64_t acked = 0;     // central applied up to here
  std::uint64_t next_send = 1; // the next sequence to send
  std::uint64_t credit = 0;
  clock_type::time_point opened = clock_type::now();
  clock_type::time_point last_hello{};
  clock_type::time_point last_sent = clock_type::now();
  clock_type::time_point last_heard = clock_type::now();
  clock_type::time_point last_progress = clock_type::now();
};

sync_client::sync_client(boost::asio::any_io_executor io, options opts, log::logger& log, revision_handler on_revision,
                         status_handler on_status)
    : io_{std::move(io)},
      options_{std::move(opts)},
      log_{log},
      on_revision_{std::move(on_revision)},
      on_status_{std::move(on_status)} {}

sync_client::~sync_client() { stop(); }

void sync_client::start(std::uint64_t revision, std::string revision_id) {
  if (thread_.joinable()) return;
  if (options_.settings.insecure) {
    log_.warning("sync", "[central] insecure = true: the link to central is plain TCP without CURVE, for development only");
  }
  stopping_ = false;
  thread_ = std::thread([this, revision, id = std::move(revision_id)] { run(revision, id); });
}

void sync_client::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

sync_status sync_client::status() const {
  std::lock_guard lock{mutex_};
  return status_;
}

void sync_client::publish(const sync_status& s) {
  {
    std::lock_guard lock{mutex_};
    status_ = s;
    status_.alarms.clear(); // handed on below, once
  }
  boost::asio::post(io_, [handler = on_status_, s] { handler(s); });
}

void sync_client::finished_revision(std::uint64_t revision, applied outcome, std::string why) {
  std::lock_guard lock{mutex_};
  results_.push_back({revision, outcome, std::move(why)});
}

void sync_client::run(std::uint64_t revision, std::string revision_id) {
  // Nothing here may end stationd: the station works without central. A failure
  // (a ZeroMQ or SQLite error) closes the link, is reported, and the link starts over.
  while (!stopping_) {
    try {
      loop(revision, revision_id);
      return;
    } catch (const std::exception& e) {
      log_.error("sync", "the link to central failed: {}; starting over in 5 s", e.what());
      sync_status s = status();
      s.link = "down";
      s.error = e.what();
      publish(s);
      for (int i = 0; i < 100 && !stopping_; ++i) std::this_thread::sleep_for(50ms);
      revision = status().revision;
      revision_id = status().revision_id;
    }
  }
}

void sync_client::loop(std::uint64_t revision, const std::string& revision_id) {
  zmq::context_t context{1};
  sqlite::database db{options_.journal, sqlite::database::mode::read_only};
  db.exec("PRAGMA busy_timeout=10000");
  const std::string epoch = db.query_text("SELECT value FROM station_meta WHERE key = 'epoch'");
  const auto& settings = options_.settings;

  sync_status st = status();
  st.epoch = epoch;
  st.revision = revision;
  st.revision_id = revision_id;
  if (options_.last_known_acked) {
    st.acked = *options_.last_known_acked;
    st.acked_known = true;
  }
  std::optional<link> l;
  revision_follower follower{revision, revision_id};
  revision_follower::decision applying_what; // the revision being applied
  std::deque<message> downstream; // revisions waiting to be applied, in arrival order
  bool applying = false;
  std::optional<clock_type::time_point> heard; // central's last message, on the steady clock
  std::pair<std::uint64_t, std::uint64_t> behind_alarmed{}; // (central's, the station's) revision last alarmed
  auto refused_until = clock_type::time_point{};
  auto downstream_paused_until = clock_type::time_point{};
  const auto raise = [&](std::string text) { st.alarms.push_back(std::move(text)); };
  auto last_status = clock_type::time_point{};

  const auto send = [&](const message& m) {
    const auto f = encode(m);
    zmq::message_t type{f.type.data(), f.type.size()};
    zmq::message_t body{f.body.data(), f.body.size()};
    const bool sent = l->socket.send(type, zmq::send_flags::sndmore | zmq::send_flags::dontwait) &&
                      l->socket.send(body, zmq::send_flags::dontwait);
    if (sent) l->last_sent = clock_type::now();
    return sent;
  };
  const auto open = [&] {
    l.emplace();
    l->socket = zmq::socket_t{context, zmq::socket_type::dealer};
    l->socket.set(zmq::sockopt::routing_id, options_.station_id);
    l->socket.set(zmq::sockopt::linger, 0);
    l->socket.set(zmq::sockopt::sndhwm, 100000);
    l->socket.set(zmq::sockopt::rcvhwm, 100000);
    l->socket.set(zmq::sockopt::immediate, 1); // nothing queues for a connection that is not there
    if (!settings.insecure) {
      l->socket.set(zmq::sockopt::curve_serverkey, settings.server_public_key);
      l->socket.set(zmq::sockopt::curve_publickey, options_.keys->public_key);
      l->socket.set(zmq::sockopt::curve_secretkey, options_.keys->secret_key);
    }
    l->socket.connect(settings.endpoint);
    // "down" stays until central answers again; a first connection is "connecting".
    st.link = (st.link == "up" || st.link == "down") ? "down" : st.link == "refused" ? "refused" : "connecting";
  };
  const auto last_seq = [&] { return static_cast<std::uint64_t>(db.query_int("SELECT coalesce(max(seq), 0) FROM events")); };
  const auto send_hello = [&] {
    if (send(hello{protocol_version, options_.station_id, epoch, last_seq(), follower.revision(), follower.revision_id()})) {
      l->last_hello = clock_type::now();
    }
  };
  const auto send_hello_soon = [&] {
    if (clock_type::now() - l->last_hello >= hello_every) send_hello();
  };
  const auto send_events = [&](std::uint64_t newest) {
    while (l->welcomed && l->next_send <= newest && l->next_send <= l->acked + l->credit) {
      const auto room = std::min<std::uint64_t>(l->acked + l->credit - l->next_send + 1, settings.batch);
      auto q = db.prepare(
          "SELECT e.seq, o.uuid, e.type, e.source, e.recorded_at, e.payload FROM events e JOIN outbox o ON o.seq = e.seq "
          "WHERE e.seq >= ?1 ORDER BY e.seq LIMIT ?2");
      q.bind(1, static_cast<std::int64_t>(l->next_send)).bind(2, static_cast<std::int64_t>(room));
      events batch{epoch, {}};
      while (q.step()) {
        wire_event e;
        e.seq = static_cast<std::uint64_t>(q.column_int(0));
        e.uuid = q.column_text(1);
        e.type = q.column_text(2);
        e.source = q.column_text(3);
        e.recorded_at = q.column_int(4);
        e.payload = json::parse(q.column_text(5));
        batch.list.push_back(std::move(e));
      }
      if (batch.list.empty()) return;
      const auto after = batch.list.back().seq + 1;
      if (!send(batch)) return; // the pipe is full or gone: the timers try again
      if (l->next_send == l->acked + 1) l->last_progress = clock_type::now();
      l->next_send = after;
    }
  };
  const auto take_downstream = [&] {
    while (!applying && !downstream.empty() && clock_type::now() >= downstream_paused_until) {
      auto m = std::move(downstream.front());
      downstream.pop_front();
      const auto d = follower.on_revision(m);
      const auto target = d.revision;
      if (d.what == revision_follower::verdict::acknowledge) {
        send(revision_ack{target}); // a duplicate: acknowledged again, not applied
        continue;
      }
      if (d.what == revision_follower::verdict::resync) {
        log_.warning("sync", "revision {} cannot be applied ({}): asking for a snapshot", target, d.ask.reason);
        downstream.clear(); // the snapshot replaces them all
        send(d.ask);
        return;
      }
      if (d.replaces) {
        log_.notice("sync", "taking central's snapshot of revision {} in place of the station's revision {}", target,
                    follower.revision());
      }
      applying = true;
      applying_what = d;
      boost::asio::post(io_, [this, handler = on_revision_, m = std::move(m), target] {
        handler(m, [this, target](applied outcome, std::string why) { finished_revision(target, outcome, std::move(why)); });
      });
    }
  };

  while (!stopping_) {
    const auto now = clock_type::now();
    if (!l && now >= refused_until) {
      open();
      send_hello();
    }
    if (l) {
      zmq::pollitem_t item{l->socket.handle(), 0, ZMQ_POLLIN, 0};
      try {
        zmq::poll(&item, 1, poll_interval);
      } catch (const zmq::error_t& e) {
        if (e.num() != EINTR) throw; // a signal for the main thread: poll again
      }
      for (;;) {
        zmq::message_t type;
        if (!l->socket.recv(type, zmq::recv_flags::dontwait)) break;
        zmq::message_t body;
        std::string body_text;
        if (type.more() && l->socket.recv(body, zmq::recv_flags::dontwait)) body_text = body.to_string();
        while (l->socket.get(zmq::sockopt::rcvmore)) { // more frames than the protocol has: drop the rest
          zmq::message_t extra;
          if (!l->socket.recv(extra, zmq::recv_flags::dontwait)) break;
        }
        l->last_heard = clock_type::now();
        heard = l->last_heard;
        st.last_contact_ms = wall_ms();
        const auto d = decode(type.to_string_view(), body_text);
        if (!d.msg) {
          log_.warning("sync", "central sent what is not a message: {}", d.problem);
          continue;
        }
        const message& m = *d.msg;
        if (const auto* w = std::get_if<welcome>(&m)) {
          if (w->epoch != epoch) {
            log_.warning("sync", "WELCOME for epoch {}, this journal's is {}: ignored", w->epoch, epoch);
            continue;
          }
          if (st.acked_known && w->next_seq - 1 < st.acked) {
            // Central lost events it had acknowledged (its store was restored from a backup):
            // the journal keeps every event, so they go again from where central is.
            log_.warning("sync", "central has applied events up to sequence {} but had acknowledged {}: sending again "
                                 "from {}", w->next_seq - 1, st.acked, w->next_seq);
            raise(fmt::format("central went back from event {} to {} (restored from a backup?): sending the events "
                              "again", st.acked, w->next_seq - 1));
          }
          l->welcomed = true;
          l->acked = w->next_seq - 1;
          l->next_send = w->next_seq;
          l->credit = w->credit;
          l->last_progress = clock_type::now();
          st.acked = l->acked;
          st.acked_known = true;
          st.link = "up";
          st.error.clear();
          log_.notice("sync", "central {} welcomes epoch {} from sequence {} (credit {}, revision {})",
                      settings.endpoint, epoch, w->next_seq, w->credit, w->revision);
          if (auto ask = follower.on_welcome(w->revision)) {
            log_.warning("sync", "central is at master data revision {}, the station at {}: central's store went back; "
                                 "asking for central's snapshot to take in place of the station's",
                         w->revision, follower.revision());
            if (behind_alarmed != std::pair{w->revision, follower.revision()}) {
              behind_alarmed = {w->revision, follower.revision()};
              raise(fmt::format("central's master data went back to revision {} while the station has {} (restored "
                                "from a backup?): the station takes central's", w->revision, follower.revision()));
            }
            downstream.clear(); // from before: central's snapshot replaces them
            send(*ask);
          }
        } else if (const auto* a = std::get_if<ack>(&m)) {
          if (a->epoch != epoch) continue;
          if (a->seq > l->acked) {
            l->acked = a->seq;
            l->last_progress = clock_type::now();
          }
          if (l->next_send <= l->acked) l->next_send = l->acked + 1;
          l->credit = a->credit;
          st.acked = l->acked;
          st.acked_known = true;
        } else if (const auto* n = std::get_if<nak>(&m)) {
          if (n->epoch != epoch) continue;
          log_.info("sync", "central expects sequence {}: sending again from there", n->expected);
          l->next_send = std::max<std::uint64_t>(n->expected, l->acked + 1);
        } else if (std::holds_alternative<snapshot>(m) || std::holds_alternative<update>(m)) {
          downstream.push_back(m);
        } else if (const auto* e = std::get_if<error>(&m)) {
          st.error = fmt::format("{}: {}", e->code, e->text);
          log_.error("sync", "central: {}", st.error);
          if (e->code == "unknown_station" || e->code == "unsupported_protocol" || e->code == "duplicate_mismatch") {
            // Sending on would not help: central refuses this station, or holds other events
            // under this epoch's sequences (two stations or two journals with one identity).
            raise(fmt::format("central refuses the link: {}", st.error));
            st.link = "refused";
            l.reset();
            refused_until = clock_type::now() + refused_backoff;
            break;
          }
          if (e->code == "not_welcomed") {
            // Central lost this connection's session (it restarted, or the TCP link was
            // made anew underneath): welcome first, then send again from where it says.
            l->welcomed = false;
            st.link = "connecting";
            send_hello_soon();
          }
        }
      }
    } else {
      std::this_thread::sleep_for(poll_interval);
    }

    {
      std::deque<result> done;
      {
        std::lock_guard lock{mutex_};
        done.swap(results_);
      }
      for (auto& r : done) {
        applying = false;
        if (r.outcome == applied::ok) {
          follower.applied(r.revision, applying_what.revision_id, applying_what.replaces);
          st.revision = follower.revision();
          st.revision_id = follower.revision_id();
          if (l) send(revision_ack{r.revision});
        } else if (r.outcome == applied::invalid) {
          log_.error("sync", "master data revision {} not applied: {}", r.revision, r.why);
          raise(fmt::format("master data revision {} from central not applied: {}", r.revision, r.why));
          downstream.clear();
          if (l) send(resync{st.revision, r.why});
        } else {
          // The station could not record it (journal stopped): asking again would not help now.
          log_.error("sync", "master data revision {} not recorded: {}; trying again in 30 s", r.revision, r.why);
          downstream.clear();
          downstream_paused_until = clock_type::now() + 30s;
        }
      }
    }
    if (l) {
      take_downstream();
      const auto t = clock_type::now();
      if (!l->welcomed && t - l->last_hello >= hello_every) send_hello();
      const auto newest = last_seq();
      st.last_seq = newest;
      if (l->welcomed) {
        if (l->next_send > l->acked + 1 && t - l->last_progress >= retransmit_after) {
          log_.info("sync", "no acknowledgement for {} s: sending again from sequence {}",
                    std::chrono::duration_cast<std::chrono::seconds>(retransmit_after).count(), l->acked + 1);
          l->next_send = l->acked + 1;
          l->last_progress = t;
        }
        send_events(newest);
      }
      if (t - l->last_sent >= ping_after) send(ping{wall_ms()});
      if (t - l->last_heard >= silent_limit) {
        if (st.link == "up") log_.warning("sync", "central silent for {} s: connecting again", 6);
        st.link = st.link == "up" ? "down" : st.link;
        l.reset(); // a fresh socket: ZeroMQ's own reconnect keeps stale state
      }
    }
    if (clock_type::now() - last_status >= status_every) {
      last_status = clock_type::now();
      st.last_seq = last_seq();
      st.last_contact_age_ms =
          heard ? std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - *heard).count() : -1;
      st.oldest_unacked_ms = 0;
      if (st.acked_known && st.acked < st.last_seq) {
        st.oldest_unacked_ms = db.query_int(fmt::format("SELECT recorded_at FROM events WHERE seq = {}", st.acked + 1));
      } else if (!st.acked_known && st.last_seq > 0) {
        st.oldest_unacked_ms = 0; // unknown until central says what it has
      }
      publish(st);
      st.alarms.clear();
    }
  }
}

} // namespace stationd::sync
