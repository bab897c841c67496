#include "app/application.hpp"

#include "stationd/version.hpp"
#include "util/caught.hpp"
#include "core/device_checks.hpp"
#include "labels/label_checks.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <unistd.h>

namespace stationd::app {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace asio::experimental::awaitable_operators;
using control::make_reply;
using control::result_code;

namespace {

journal::options journal_options(const config::station_config& c,
                                 std::shared_ptr<std::function<void(std::uint64_t)>> on_commit) {
  const auto& s = c.journal;
  journal::options o;
  // The 3PL status API's entities and changes, in each event's own transaction.
  o.project = api::entity_projector{c.station_id};
  o.on_commit = [on_commit](std::uint64_t last_seq) {
    if (*on_commit) (*on_commit)(last_seq);
  };
  o.path = s.path;
  o.group_commit_max_rows = s.group_commit_max_rows;
  o.group_commit_delay = s.group_commit_delay;
  o.max_size_bytes = s.max_size_bytes;
  o.check = s.integrity_check == "full"   ? journal::integrity_check::full
            : s.integrity_check == "none" ? journal::integrity_check::none
                                          : journal::integrity_check::quick;
  return o;
}

int current_year() {
  const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  return static_cast<int>(today.year());
}

// A string, or null when empty: "no error" reads as null in status replies.
json::value nullable(const std::string& text) { return text.empty() ? json::value(nullptr) : json::value(text); }

// Reads the station UI's files of `c` into `files`; what went wrong, or "".
std::string ui_files_problem(const config::station_config& c, std::optional<api::static_files>& files) {
  if (!c.http) return {};
  try {
    files.emplace(c.http->ui_directory);
  } catch (const std::exception& e) {
    return fmt::format("http.ui_directory: {}", e.what());
  }
  return {};
}

control::server_limits control_limits(const config::control_settings& s) {
  return {s.max_request_bytes, s.max_clients, s.idle_timeout};
}

} // namespace

application::application(asio::io_context& io, config::station_config config, config::environment env,
                         log::logger& log)
    : io_{io}, config_{std::move(config)}, env_{std::move(env)}, log_{log},
      devices_{io.get_executor(), drivers::built_in_drivers(), board_, hub_, log_} {
  apply_log_settings(config_.log);
  devices_.scanners().set_current_year(current_year());
}

application::~application() = default;

void application::apply_log_settings(const config::log_settings& settings) {
  log_.set_level(settings.level);
  if (settings.format == "journald") log_.set_format(log::format::journald);
  else if (settings.format == "plain") log_.set_format(log::format::plain);
  else log_.set_format(log::detect_format(std::getenv("JOURNAL_STREAM")));
  log_.set_traced_devices(settings.trace_devices);
}

asio::awaitable<void> application::run() {
  auto executor = co_await asio::this_coro::executor;
  // Signals are caught from the first moment: one that arrives during start-up
  // waits here instead of killing the process with its default action.
  signals_.emplace(executor, SIGTERM, SIGINT, SIGHUP);
  lock_ = std::make_unique<state_lock>(config_.state_directory);
  journal_ = std::make_unique<journal::journal>(executor, journal_options(config_, on_commit_), log_);
  reader_ = std::make_unique<journal::journal_reader>(journal_->path());
  apply_sscc_settings();
  printing_ = std::make_unique<printing::print_service>(executor, *journal_, devices_, hub_, board_, log_);
  printing_->apply(config_, sscc_);
  station_ = std::make_unique<station::station_service>(executor, *journal_, *printing_, devices_, hub_, board_, log_);
  station_->apply(config_, sscc_);
  sync_ = std::make_unique<sync::sync_service>(executor, *journal_, *station_, hub_, board_, log_);
  control_ = std::make_unique<control::control_server>(executor, config_.control.socket, config_.control.socket_mode,
                                                       control_limits(config_.control), commands_, hub_, log_);
  register_commands();
  devices_.register_commands(commands_);
  printing_->register_commands(commands_);
  station_->register_commands(commands_);
  sync_->register_commands(commands_);
  control_->open();

  // (Event payloads are built before co_await: GCC 12 mishandles braced string
  // literals inside a co_await expression.)
  json::object started{{"version", version_string}, {"pid", ::getpid()}, {"config", config_.file.string()}};
  co_await record("station.started", std::move(started));
  co_await printing_->recover();
  co_await station_->recover();
  sync_->start(config_); // after recovery: it sends what the journal holds
  if (config_.http) {
    api_ = std::make_unique<api::api_service>(executor, *journal_, *station_, *printing_, hub_, board_, log_);
    api_->apply(config_, api::static_files{config_.http->ui_directory});
    *on_commit_ = [this](std::uint64_t last_seq) { api_->committed(last_seq); };
    http_ = std::make_unique<http::http_server>(executor, *api_, log_);
    http_->open(config_.http->address, config_.http->port);
    board_.set("http.port", http_->port());
  }
  refresh_variables();
  log_.notice("stationd", "station {} ready (stationd {})", config_.station_id, version_string);
  notifier_.ready(status_text());

  // The first of these to end (a stop signal, or a failure) ends them all;
  // caught() makes a failure end the race instead of being set aside.
  auto first = co_await (util::caught(handle_signals()) || util::caught(control_->run()) ||
                         util::caught(feed_watchdog()) || util::caught(refresh_variables_periodically()) ||
                         util::caught(devices_.run(config_)) || util::caught(printing_->run()) ||
                         util::caught(station_->run()) || util::caught(run_http()));
  std::exception_ptr failure;
  try {
    std::visit([](auto& ended) { std::move(ended).get(); }, first);
  } catch (...) {
    failure = std::current_exception();
  }
  // HTTP connections end first, also when stopping for a failure: their
  // coroutines use the API and the station, which go next.
  if (http_) {
    api_->stop();
    co_await http_->drain(std::chrono::seconds{2});
    *on_commit_ = nullptr;
  }
  if (failure) std::rethrow_exception(failure);

  ignore_signals_while_stopping();
  notifier_.stopping();
  log_.notice("stationd", "stopping");
  control_->close();
  sync_->stop();
  co_await printing_->stop(); // before the printers go: a label on its way stays "sent", in doubt
  co_await devices_.stop();
  json::object stopped{{"pid", ::getpid()}};
  co_await record("station.stopped", std::move(stopped));
  co_await journal_->async_close(asio::use_awaitable);
  log_.notice("stationd", "stopped; journal closed at sequence {}", journal_->status().last_seq);
  signals_->cancel();
}

void application::ignore_signals_while_stopping() {
  signals_->async_wait([this](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    log_.notice("stationd", "received signal {} while stopping; finishing the stop first", signal);
    ignore_signals_while_stopping();
  });
}

std::string application::status_text() const {
  const auto js = journal_->status();
  if (js.state == journal::journal_state::failed) return fmt::format("journal failed: {}", js.failure);
  return fmt::format("station {} ready", config_.station_id);
}

asio::awaitable<void> application::handle_signals() {
  for (;;) {
    const auto [ec, signal] = co_await signals_->async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    if (signal == SIGHUP) {
      const auto outcome = co_await reload("SIGHUP");
      (void)outcome; // reload() logs the outcome itself
      continue;
    }
    log_.notice("stationd", "received {}", signal == SIGTERM ? "SIGTERM" : "SIGINT");
    co_return;
  }
}

asio::awaitable<void> application::feed_watchdog() {
  const auto interval = notifier_.watchdog_interval();
  asio::steady_timer timer{co_await asio::this_coro::executor};
  if (!interval) {
    timer.expires_at(asio::steady_timer::time_point::max());
    co_await timer.async_wait(asio::use_awaitable); // idle until cancelled at shutdown
    co_return;
  }
  for (;;) {
    // Fed only while the loop turns and the journal writer is not stuck.
    if (journal_->writer_responsive(*interval)) notifier_.watchdog();
    else log_.error("stationd", "journal writer unresponsive; withholding the watchdog ping");
    timer.expires_after(*interval / 3);
    co_await timer.async_wait(asio::use_awaitable);
  }
}

asio::awaitable<void> application::run_http() {
  if (!http_) {
    asio::steady_timer idle{co_await asio::this_coro::executor};
    idle.expires_at(asio::steady_timer::time_point::max());
    co_await idle.async_wait(asio::use_awaitable); // until cancelled at shutdown
    co_return;
  }
  co_await (http_->run() && api_->run());
}

asio::awaitable<void> application::refresh_variables_periodically() {
  asio::steady_timer timer{co_await asio::this_coro::executor};
  for (;;) {
    timer.expires_after(std::chrono::seconds{1});
    co_await timer.async_wait(asio::use_awaitable);
    refresh_variables();
  }
}

void application::apply_sscc_settings() {
  // The one database read: from here on the allocator counts for itself.
  if (config_.sscc) {
    sscc_ = std::make_shared<scan::sscc_allocator>(*journal_, *config_.sscc,
                                                   scan::sscc_remaining(reader_->db(), *config_.sscc));
  }
  else sscc_.reset();
}

void application::refresh_sscc_variables() {
  if (!sscc_) {
    board_.set("sscc.remaining", boost::json::value(nullptr));
    return;
  }
  const auto& range = sscc_->settings();
  const auto remaining = sscc_->remaining();
  board_.set("sscc.remaining", remaining);
  const bool low = remaining < range.warn_below;
  if (low && !sscc_low_) {
    const auto text = fmt::format("only {} SSCC serials left for company prefix {} (extension digit {}); configure a new range",
                                  remaining, range.company_prefix, range.extension_digit);
    log_.warning("sscc", "{}", text);
    hub_.publish("alarm", {{"name", "sscc.remaining"}, {"text", text}});
  }
  sscc_low_ = low;
}

void application::refresh_variables() {
  const auto js = journal_->status();
  board_.set("station.id", json::value(config_.station_id));
  board_.set("station.name", json::value(config_.station_name));
  const bool was_running = board_.find("journal.state") == nullptr ||
                           board_.find("journal.state")->as_string() == "running";
  board_.set("journal.state", json::value(journal::to_string(js.state)));
  board_.set("journal.last_seq", js.last_seq);
  board_.set("journal.queued", js.queued);
  board_.set("journal.error", nullable(js.failure));
  board_.set("control.clients", control_ ? control_->client_count() : 0);
  board_.set("config.reloads", reloads_);
  board_.set("config.error", nullable(last_reload_error_));
  devices_.scanners().set_current_year(current_year()); // GS1 dates: the century window moves with the year
  refresh_sscc_variables();
  if (was_running && js.state == journal::journal_state::failed) {
    notifier_.status(status_text());
    hub_.publish("alarm", {{"name", "journal.state"}, {"text", js.failure}});
  }
}

json::object application::status_report() const {
  const auto js = journal_->status();
  const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_);
  return {
      {"station", {{"id", config_.station_id}, {"name", config_.station_name}, {"site", config_.site}}},
      {"stationd", {{"version", version_string}, {"pid", ::getpid()}, {"uptime_s", uptime.count()}}},
      {"config",
       {{"file", config_.file.string()},
        {"reloads", reloads_},
        {"last_reload_error", nullable(last_reload_error_)}}},
      {"journal",
       {{"path", journal_->path().string()},
        {"state", journal::to_string(js.state)},
        {"last_seq", js.last_seq},
        {"queued", js.queued},
        {"commits", js.commits},
        {"units", js.units},
        {"largest_batch", js.largest_batch},
        {"failure", nullable(js.failure)}}},
      {"control", {{"socket", config_.control.socket.string()}, {"clients", control_->client_count()}}},
      {"variables", board_.snapshot()},
  };
}

asio::awaitable<bool> application::record(std::string_view type, json::object payload) {
  journal::write_unit unit;
  unit.events.push_back({std::string{type}, "stationd", json::serialize(payload)});
  const auto [ec, result] = co_await journal_->async_append(std::move(unit), asio::as_tuple(asio::use_awaitable));
  if (ec) {
    log_.error("journal", "could not record {}: {} {}", type, ec.message(), result.detail);
    co_return false;
  }
  co_return true;
}

asio::awaitable<reload_outcome> application::reload(std::string_view origin) {
  notifier_.reloading();
  reload_outcome outcome;
  std::optional<api::static_files> ui_files; // read before anything is switched
  auto loaded = config::load_station_config(config_.file, env_);
  if (loaded.config) {
    loaded.errors = drivers::check_devices(*loaded.config);
    const auto label_errors = labels::check_labels(*loaded.config);
    loaded.errors.insert(loaded.errors.end(), label_errors.begin(), label_errors.end());
    if (!loaded.errors.empty()) loaded.config.reset();
  }
  if (!loaded.config) {
    for (const auto& e : loaded.errors) {
      outcome.errors.emplace_back(e.to_string());
      log_.error("config", "{}", e.to_string());
    }
    outcome.text = fmt::format("reload refused: {} has {} error{}; still running the previous configuration",
                               config_.file.string(), loaded.errors.size(), loaded.errors.size() == 1 ? "" : "s");
  } else if (std::string problem = ui_files_problem(*loaded.config, ui_files); !problem.empty()) {
    outcome.errors.emplace_back(problem);
    outcome.text = fmt::format("reload refused: {}; still running the previous configuration", problem);
  } else if (config_.http.has_value() != loaded.config->http.has_value()) {
    outcome.errors.emplace_back("http: adding or removing [http] needs a restart");
    outcome.text = "reload refused: [http] was added or removed, which needs a restart; still running the previous configuration";
  } else if (const auto changed = config::restart_required_changes(config_.tree, loaded.config->tree); !changed.empty()) {
    for (const auto& key : changed) outcome.errors.emplace_back(fmt::format("{}: changing it needs a restart", key));
    outcome.text = fmt::format("reload refused: {} changed, which needs a restart; still running the previous configuration",
                               fmt::join(changed, ", "));
  } else {
    config_ = std::move(*loaded.config);
    apply_log_settings(config_.log);
    control_->set_limits(control_limits(config_.control));
    apply_sscc_settings();
    devices_.reconfigure(config_);
    printing_->apply(config_, sscc_);
    station_->apply(config_, sscc_);
    if (api_ && ui_files) api_->apply(config_, std::move(*ui_files));
    ++reloads_;
    outcome.ok = true;
    outcome.text = fmt::format("configuration reloaded from {}", config_.file.string());
  }
  last_reload_error_ = outcome.ok ? "" : outcome.text;
  json::object audit{{"origin", origin}, {"text", outcome.text}, {"errors", outcome.errors}};
  co_await record(outcome.ok ? "config.reloaded" : "config.reload_refused", std::move(audit));
  if (outcome.ok) log_.notice("config", "{} ({})", outcome.text, origin);
  else log_.error("config", "{} ({})", outcome.text, origin);
  refresh_variables();
  hub_.publish("config", {{"ok", outcome.ok}, {"text", outcome.text}, {"origin", origin}});
  notifier_.ready(status_text());
  co_return outcome;
}

void application::register_commands() {
  commands_.add("help", "List the commands this daemon answers.", [this](const json::object&) -> asio::awaitable<control::reply> {
    json::object list;
    for (const auto& [name, c] : commands_.all()) list[name] = c.help;
    list["subscribe"] = "Push live events on this connection; arguments: {\"classes\": [..]} (all when omitted).";
    list["unsubscribe"] = "Stop pushing events on this connection.";
    auto text = fmt::format("{} commands", list.size());
    co_return make_reply(result_code::success, std::move(text), std::move(list));
  });
  commands_.add("status", "Station, journal, configuration and variables.",
                [this](const json::object&) -> asio::awaitable<control::reply> {
                  refresh_variables();
                  const auto js = journal_->status();
                  co_return make_reply(result_code::success,
                                       fmt::format("station {} {}", config_.station_id,
                                                   js.state == journal::journal_state::running ? "running" : "journal " + std::string{journal::to_string(js.state)}),
                                       status_report());
                });
  commands_.add("variables", "Current status variables; arguments: {\"prefix\": \"journal.\"} to narrow.",
                [this](const json::object& args) -> asio::awaitable<control::reply> {
                  refresh_variables();
                  std::string prefix;
                  if (const auto* p = args.if_contains("prefix")) {
                    if (!p->is_string()) co_return make_reply(result_code::error, "variables: \"prefix\" must be a string");
                    prefix = p->get_string();
                  }
                  auto values = board_.snapshot(prefix);
                  if (values.empty()) co_return make_reply(result_code::empty, "no variables match");
                  auto text = fmt::format("{} variables", values.size());
                  co_return make_reply(result_code::success, std::move(text), std::move(values));
                });
  commands_.add("reload", "Re-read the configuration file; on any error keep the running configuration.",
                [this](const json::object&) -> asio::awaitable<control::reply> {
                  auto outcome = co_await reload("control socket");
                  co_return make_reply(outcome.ok ? result_code::success : result_code::error, outcome.text,
                                       outcome.errors.empty() ? json::value(nullptr) : json::value(json::object{{"errors", outcome.errors}}));
                });
  commands_.add("version", "The stationd version.", [](const json::object&) -> asio::awaitable<control::reply> {
    co_return make_reply(result_code::success, version_string, json::object{{"version", version_string}});
  });
}

} // namespace stationd::app
