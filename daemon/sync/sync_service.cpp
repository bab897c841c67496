#include "sync/sync_service.hpp"

#include "workflow/json_reader.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/json/serialize.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace stationd::sync {

namespace asio = boost::asio;
namespace json = boost::json;
using control::make_reply;
using control::result_code;

namespace {
std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
} // namespace

sync_service::sync_service(asio::any_io_executor io, journal::journal& journal, station::station_service& station,
                           stationd::events::event_hub& hub, stationd::events::status_board& board, log::logger& log)
    : io_{std::move(io)}, journal_{journal}, station_{station}, hub_{hub}, board_{board}, log_{log} {
  board_.set("central.link", std::string{"off"});
}

sync_service::~sync_service() { stop(); }

void sync_service::start(const config::station_config& config) {
  if (client_ || !config.central) return;
  settings_ = config.central;
  sync_client::options o{*config.central, config.station_id, config.journal.path, std::nullopt, std::nullopt};
  if (!config.central->insecure) o.keys = load_keys(config.central->key_directory);
  {
    journal::journal_reader reader{journal_.path()};
    auto q = reader.db().prepare("SELECT value FROM station_meta WHERE key = 'central_acked'");
    if (q.step()) {
      remembered_acked_ = std::stoull(q.column_text(0));
      o.last_known_acked = remembered_acked_;
    }
  }
  client_ = std::make_unique<sync_client>(
      io_, std::move(o), log_,
      [this](const message& revision, std::function<void(sync_client::applied, std::string)> done) {
        // Applied through the journal like any master data; the client hears when it is committed.
        asio::co_spawn(io_, station_.apply_revision(revision),
                       [done = std::move(done)](std::exception_ptr e) {
                         if (!e) return done(sync_client::applied::ok, {});
                         try {
                           std::rethrow_exception(e);
                         } catch (const workflow::json_reader::error& x) {
                           done(sync_client::applied::invalid, x.what());
                         } catch (const station::revision_mismatch& x) {
                           done(sync_client::applied::invalid, x.what());
                         } catch (const std::exception& x) {
                           done(sync_client::applied::failed, x.what());
                         }
                       });
      },
      [this](const sync_status& s) { on_status(s); });
  client_->start(station_.master_revision(), station_.master_revision_id());
  board_.set("central.link", std::string{"connecting"});
  board_.set("central.endpoint", config.central->endpoint);
}

void sync_service::stop() {
  if (client_) client_->stop();
}

void sync_service::remember_acked(std::uint64_t acked, bool caught_up) {
  // Every few seconds while a backlog drains, and whenever central has everything.
  const auto now = std::chrono::steady_clock::now();
  if (acked <= remembered_acked_ || (!caught_up && now - remembered_at_ < std::chrono::seconds{5})) return;
  remembered_acked_ = acked;
  remembered_at_ = now;
  journal::write_unit unit;
  unit.apply = [acked](sqlite::database& db, std::span<const std::uint64_t>) {
    auto st = db.prepare("INSERT OR REPLACE INTO station_meta(key, value) VALUES ('central_acked', ?1)");
    st.bind(1, std::to_string(acked));
    st.step();
  };
  journal_.async_append(std::move(unit), [this](boost::system::error_code ec, journal::append_result) {
    if (ec) log_.warning("sync", "central's acknowledgement not kept: {}", ec.message());
  });
}

void sync_service::on_status(const sync_status& s) {
  for (const auto& text : s.alarms) hub_.publish("alarm", {{"name", "central.link"}, {"text", text}});
  last_ = s;
  if (s.acked_known && s.link == "up") remember_acked(s.acked, s.acked >= s.last_seq);
  board_.set("central.link", s.link);
  board_.set("central.last_contact_s",
             s.last_contact_age_ms < 0 ? json::value(nullptr) : json::value(s.last_contact_age_ms / 1000));
  board_.set("central.error", s.error.empty() ? json::value(nullptr) : json::value(s.error));
  board_.set("outbox.depth", s.acked_known ? json::value(s.last_seq - std::min(s.acked, s.last_seq)) : json::value(nullptr));
  // By the wall clock, as events carry it: after a backward step the oldest event may
  // look recorded in the future; it is shown as just made (0), never negative.
  const std::int64_t age_s = s.oldest_unacked_ms == 0 ? 0 : std::max<std::int64_t>(0, wall_ms() - s.oldest_unacked_ms) / 1000;
  board_.set("outbox.oldest_age_s", s.acked_known ? json::value(age_s) : json::value(nullptr));
  const bool late = settings_ && age_s * 1000 >= settings_->outbox_alarm_after.count();
  if (late && !alarmed_) {
    hub_.publish("alarm", {{"name", "outbox.late"},
                           {"text", fmt::format("{} events wait for central; the oldest for {} s (link {})",
                                                s.last_seq - std::min(s.acked, s.last_seq), age_s, s.link)}});
  }
  alarmed_ = late;
}

json::object sync_service::describe() const {
  if (!client_) return {{"link", "off"}, {"text", "no [central] configured: the station works alone"}};
  return {{"link", last_.link},
          {"endpoint", settings_->endpoint},
          {"epoch", last_.epoch},
          {"last_seq", last_.last_seq},
          {"acked", last_.acked_known ? json::value(last_.acked) : json::value(nullptr)},
          {"depth", last_.acked_known ? json::value(last_.last_seq - std::min(last_.acked, last_.last_seq))
                                      : json::value(nullptr)},
          {"oldest_unacked_ms", last_.oldest_unacked_ms == 0 ? json::value(nullptr) : json::value(last_.oldest_unacked_ms)},
          {"last_contact_ms", last_.last_contact_ms == 0 ? json::value(nullptr) : json::value(last_.last_contact_ms)},
          {"revision", last_.revision},
          {"error", last_.error.empty() ? json::value(nullptr) : json::value(last_.error)}};
}

void sync_service::register_commands(control::command_registry& commands) {
  commands.add("outbox", "The link to central and the events waiting for it (docs/protocol.md).",
               [this](const json::object&) -> asio::awaitable<control::reply> {
                 auto d = describe();
                 std::string text;
                 if (!client_) {
                   text = "no [central] configured";
                 } else {
                   text = fmt::format("link {}, {} events waiting", last_.link,
                                      last_.acked_known ? std::to_string(last_.last_seq - std::min(last_.acked, last_.last_seq))
                                                        : std::string{"an unknown number of"});
                 }
                 co_return make_reply(result_code::success, std::move(text), std::move(d));
               });
}

} // namespace stationd::sync
