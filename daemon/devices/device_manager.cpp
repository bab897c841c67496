#include "devices/device_manager.hpp"

#include "devices/light_service.hpp"
#include "scale/scale_profile.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <fstream>
#include <iterator>

namespace stationd::devices {

namespace asio = boost::asio;
namespace json = boost::json;
using control::make_reply;
using control::result_code;

namespace {

// How often scales are checked for silence.
constexpr std::chrono::milliseconds staleness_check{250};

// A device's settings as one string, to see whether a reload changed them. A
// Modbus scale's profile file is part of its settings: a fixed profile is taken
// up by a reload.
std::string fingerprint(const config::device_config& d, const std::filesystem::path& config_directory) {
  std::string text;
  d.settings.for_each([&](const std::string& key, const config::config_entry& e) {
    text += key + "=" + config::render(e.value) + "\n";
  });
  if (d.driver == "modbus-scale") {
    const auto& profile = d.settings.get_string("profile");
    for (const auto& dir : drivers::profile_search_path(config_directory)) {
      const auto path = profile.find('/') != std::string::npos ? std::filesystem::path{profile}
                                                               : dir / "scales" / (profile + ".toml");
      std::ifstream in{path};
      if (!in) continue;
      text += std::string{std::istreambuf_iterator<char>{in}, {}};
      break;
    }
  }
  return text;
}

} // namespace

struct device_manager::entry {
  config::device_config config;
  std::string fingerprint;
  std::unique_ptr<drivers::device_supervisor> supervisor;
  drivers::scale_driver* scale = nullptr;
  drivers::light_driver* light = nullptr;
  drivers::printer_driver* printer = nullptr;
  asio::cancellation_signal cancel;
  bool running = false;  // its supervisor coroutine has not finished
  bool stopping = false; // cancellation was emitted; it will finish soon
  bool failed = false;   // its driver could not be set up
  std::optional<config::device_config> replacement; // start this once stopped
  bool removed = false;                             // erase once stopped (wins over replacement)
  std::string signal = "ready";
  std::unique_ptr<asio::steady_timer> buzz_timer;
};

device_manager::device_manager(asio::any_io_executor executor, drivers::driver_registries registries,
                               events::status_board& board, events::event_hub& hub, log::logger& log)
    : executor_{executor}, registries_{std::move(registries)}, board_{board}, hub_{hub}, log_{log},
      scanners_{board, hub, log}, scales_{board, hub, log}, wake_{executor} {}

device_manager::~device_manager() = default;

void device_manager::publish_config_state(const std::shared_ptr<entry>& e, const std::string& state,
                                          const std::string& error) {
  drivers::device_status s;
  s.state = state;
  s.error = error;
  on_status(e->config.name, s);
}

void device_manager::start(const std::shared_ptr<entry>& e) {
  const auto& d = e->config;
  if (!d.enabled) {
    publish_config_state(e, "disabled", "");
    return;
  }
  if (d.device_class == "scale") {
    scales_.add(d.name, drivers::settling_from(d.settings),
                d.settings.get_duration("poll_interval") * 3 + d.io_timeout);
  }
  drivers::driver_context context{
      executor_, log_, e->config, config_directory_,
      [this, name = d.name](scan::frame f) { scanners_.on_frame(name, f); },
      [this, name = d.name](drivers::scale_reading r) {
        scales_.on_reading(name, r, std::chrono::steady_clock::now());
      },
      [this, name = d.name](drivers::printer_status status) { on_printer_status(name, status); }};
  std::unique_ptr<drivers::device_driver> driver;
  try {
    if (d.device_class == "scanner") {
      driver = registries_.scanners.make(d.driver, context);
    } else if (d.device_class == "scale") {
      auto s = registries_.scales.make(d.driver, context);
      e->scale = s.get();
      driver = std::move(s);
    } else if (d.device_class == "printer") {
      auto p = registries_.printers.make(d.driver, context);
      e->printer = p.get();
      driver = std::move(p);
    } else {
      auto l = registries_.lights.make(d.driver, context);
      e->light = l.get();
      driver = std::move(l);
    }
  } catch (const std::exception& ex) {
    log_.error(d.name, "cannot set up the {} driver: {}", d.driver, ex.what());
    e->failed = true;
    publish_config_state(e, "failed", ex.what());
    return;
  }
  // A step (open, identify) may hold two waits of io_timeout each: give it room,
  // so the inner, more precise error wins over "no answer within".
  const auto step_timeout = d.io_timeout * 2 + std::chrono::milliseconds{500};
  e->supervisor = std::make_unique<drivers::device_supervisor>(d.name, std::move(driver),
                                                               drivers::reconnect_policy{d.reconnect_initial, d.reconnect_max},
                                                               step_timeout, *this, log_);
  e->running = true;
  e->stopping = false;
  e->failed = false;
  // Not detached: the completion handler records an unexpected failure for run() to rethrow.
  asio::co_spawn(executor_, e->supervisor->run(),
                 asio::bind_cancellation_slot(e->cancel.slot(),
                                              [this, e](std::exception_ptr failure) { finished(e, failure); }));
  if (e->light) show(e, e->signal); // what it showed before a restart, "ready" at first
}

void device_manager::finished(const std::shared_ptr<entry>& e, std::exception_ptr failure) {
  e->running = false;
  e->stopping = false;
  e->scale = nullptr;
  e->light = nullptr;
  e->printer = nullptr;
  e->supervisor.reset();
  if (failure && !stopping_) {
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& ex) {
      log_.critical(e->config.name, "device supervisor failed: {}", ex.what());
    }
    failure_ = failure;
  }
  if (e->removed) {
    forget(e);
  } else if (e->replacement && !stopping_) {
    e->config = std::move(*e->replacement);
    e->replacement.reset();
    e->fingerprint = fingerprint(e->config, config_directory_);
    start(e);
  }
  wake_.cancel();
}

void device_manager::forget(const std::shared_ptr<entry>& e) {
  if (e->config.device_class == "scale") scales_.remove(e->config.name);
  board_.erase_prefix(e->config.name + ".");
  entries_.erase(e->config.name);
}

void device_manager::stop_entry(const std::shared_ptr<entry>& e) {
  if (!e->running || e->stopping) return;
  e->stopping = true;
  e->cancel.emit(asio::cancellation_type::terminal);
}

asio::awaitable<void> device_manager::run(const config::station_config& config) {
  config_directory_ = config.config_directory;
  scanners_.apply(config.scan);
  for (const auto& d : config.devices) {
    auto e = std::make_shared<entry>();
    e->config = d;
    e->fingerprint = fingerprint(d, config_directory_);
    entries_.emplace(d.name, e);
    start(e);
  }
  for (;;) {
    wake_.expires_after(staleness_check);
    co_await wake_.async_wait(asio::as_tuple(asio::use_awaitable));
    if ((co_await asio::this_coro::cancellation_state).cancelled() != asio::cancellation_type::none) co_return;
    if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
    scales_.check_staleness(std::chrono::steady_clock::now());
  }
}

asio::awaitable<void> device_manager::stop() {
  stopping_ = true;
  for (auto& [name, e] : entries_) stop_entry(e);
  // finished() cancels wake_ as each supervisor ends; every wait in a driver has
  // a timeout, so they all end.
  const auto started = std::chrono::steady_clock::now();
  bool warned = false;
  for (;;) {
    bool any = false;
    for (const auto& [name, e] : entries_) any = any || e->running;
    if (!any) co_return;
    wake_.expires_after(std::chrono::seconds{1});
    co_await wake_.async_wait(asio::as_tuple(asio::use_awaitable));
    if (!warned && std::chrono::steady_clock::now() - started > std::chrono::seconds{5}) {
      log_.warning("devices", "still waiting for devices to stop");
      warned = true;
    }
  }
}

void device_manager::reconfigure(const config::station_config& config) {
  config_directory_ = config.config_directory;
  scanners_.apply(config.scan);
  std::map<std::string, const config::device_config*> wanted;
  for (const auto& d : config.devices) wanted.emplace(d.name, &d);
  std::vector<std::shared_ptr<entry>> gone;
  for (auto& [name, e] : entries_) {
    const auto it = wanted.find(name);
    if (it == wanted.end()) {
      gone.push_back(e);
      continue;
    }
    const auto& d = *it->second;
    wanted.erase(it);
    e->removed = false; // removed by an earlier reload and back before it stopped
    const auto print = fingerprint(d, config_directory_);
    if (e->running && e->stopping) {
      e->replacement = d; // already on its way down: come back with the newest settings
    } else if (e->running) {
      if (print != e->fingerprint) {
        log_.notice(name, "settings changed by reload: restarting the device");
        e->replacement = d;
        stop_entry(e);
      }
    } else if (print != e->fingerprint || e->failed) {
      // Not running (disabled, or its driver could not be set up): try again.
      e->config = d;
      e->fingerprint = print;
      start(e);
    }
  }
  for (const auto& e : gone) {
    log_.notice(e->config.name, "removed by reload");
    e->removed = true;
    e->replacement.reset();
    if (e->running) stop_entry(e);
    else forget(e);
  }
  for (const auto& [name, d] : wanted) {
    log_.notice(name, "added by reload");
    auto e = std::make_shared<entry>();
    e->config = *d;
    e->fingerprint = fingerprint(*d, config_directory_);
    entries_.emplace(name, e);
    start(e);
  }
}

void device_manager::on_status(const std::string& device, const drivers::device_status& s) {
  board_.set(device + ".driver.state", s.state);
  board_.set(device + ".driver.address", s.address.empty() ? json::value(nullptr) : json::value(s.address));
  board_.set(device + ".driver.identity", s.identity.empty() ? json::value(nullptr) : json::value(s.identity));
  board_.set(device + ".driver.error", s.error.empty() ? json::value(nullptr) : json::value(s.error));
  board_.set(device + ".driver.reconnects", s.reconnects);
  hub_.publish("device", {{"device", device},
                          {"state", s.state},
                          {"address", s.address},
                          {"identity", s.identity},
                          {"error", s.error},
                          {"retry_in_ms", s.retry_in.count()}});
  if (s.state != "online" && scales_.has(device)) scales_.on_offline(device, s.error.empty() ? "not connected" : s.error);
  if (s.state != "online") {
    const auto it = entries_.find(device);
    if (it != entries_.end() && it->second->config.device_class == "printer") {
      drivers::printer_status offline;
      offline.tokens = {"OFFLINE"};
      offline.at = std::chrono::steady_clock::now();
      on_printer_status(device, offline);
    }
  }
}

void device_manager::show(const std::shared_ptr<entry>& e, const std::string& signal) {
  const auto pattern = pattern_for(signal);
  if (!pattern) return;
  e->signal = signal;
  board_.set(e->config.name + ".signal", signal);
  if (e->light == nullptr) return; // shown when the tower's driver starts
  e->light->show(*pattern);
  if (pattern->buzzer) {
    // The buzzer sounds for buzz_duration; the lamps stay as they are.
    e->buzz_timer = std::make_unique<asio::steady_timer>(executor_, e->config.settings.get_duration("buzz_duration"));
    e->buzz_timer->async_wait([e, signal, quiet = *pattern](const boost::system::error_code& ec) mutable {
      if (ec || e->signal != signal || e->light == nullptr) return;
      quiet.buzzer = false;
      e->light->show(quiet);
    });
  }
}

void device_manager::on_printer_status(const std::string& printer, const drivers::printer_status& status) {
  std::string tokens;
  for (const auto& t : status.tokens) tokens += (tokens.empty() ? "" : " ") + t;
  board_.set(printer + ".status", tokens);
  board_.set(printer + ".formats_in_buffer",
             status.host ? json::value(status.host->formats_in_buffer) : json::value(nullptr));
  board_.set(printer + ".labels_remaining",
             status.host ? json::value(status.host->labels_remaining) : json::value(nullptr));
  board_.set(printer + ".error", status.error.empty() ? json::value(nullptr) : json::value(status.error));
  if (printer_listener_) printer_listener_(printer, status);
}

drivers::printer_driver* device_manager::online_printer(const std::string& name) {
  const auto it = entries_.find(name);
  if (it == entries_.end() || it->second->printer == nullptr || it->second->supervisor == nullptr) return nullptr;
  return it->second->supervisor->status().state == "online" ? it->second->printer : nullptr;
}

std::vector<std::string> device_manager::names_of_class(std::string_view device_class) const {
  std::vector<std::string> names;
  for (const auto& [name, e] : entries_) {
    if (e->config.device_class == device_class) names.push_back(name);
  }
  return names;
}

bool device_manager::signal(const std::string& name, const std::string& device) {
  if (!pattern_for(name)) return false;
  for (auto& [n, e] : entries_) {
    if (e->config.device_class == "light" && (device.empty() || n == device)) show(e, name);
  }
  hub_.publish("light", {{"signal", name}, {"device", device.empty() ? json::value(nullptr) : json::value(device)}});
  return true;
}

json::array device_manager::describe() const {
  json::array out;
  for (const auto& [name, e] : entries_) {
    json::object d{{"name", name}, {"class", e->config.device_class}, {"driver", e->config.driver},
                   {"enabled", e->config.enabled}};
    d["status"] = board_.snapshot(name + ".");
    out.push_back(std::move(d));
  }
  return out;
}

void device_manager::register_commands(control::command_registry& commands) {
  commands.add("devices", "Every device with its driver state and last values.",
               [this](const json::object&) -> asio::awaitable<control::reply> {
                 auto list = describe();
                 if (list.empty()) co_return make_reply(result_code::empty, "no devices configured");
                 auto text = fmt::format("{} devices", list.size());
                 co_return make_reply(result_code::success, std::move(text), json::object{{"devices", std::move(list)}});
               });
  commands.add("weigh",
               "Scale readings; arguments {\"device\": name, \"action\": \"zero\"|\"tare\"|\"clear-tare\"} to act.",
               [this](const json::object& args) -> asio::awaitable<control::reply> {
                 std::string device;
                 std::string action;
                 if (const auto* d = args.if_contains("device"); d && d->is_string()) device = d->get_string();
                 if (const auto* a = args.if_contains("action"); a && a->is_string()) action = a->get_string();
                 if (action.empty()) {
                   json::object readings;
                   for (const auto& [name, e] : entries_) {
                     if (e->config.device_class == "scale" && (device.empty() || device == name)) {
                       readings[name] = board_.snapshot(name + ".");
                     }
                   }
                   if (readings.empty()) co_return make_reply(result_code::empty, "no such scale");
                   co_return make_reply(result_code::success, "scale readings", std::move(readings));
                 }
                 if (action != "zero" && action != "tare" && action != "clear-tare") {
                   co_return make_reply(result_code::error, "weigh: action must be zero, tare or clear-tare");
                 }
                 std::shared_ptr<entry> target;
                 for (const auto& [name, e] : entries_) {
                   if (e->config.device_class == "scale" && (device.empty() || device == name)) {
                     if (target) co_return make_reply(result_code::error, "weigh: several scales; say which with \"device\"");
                     target = e;
                   }
                 }
                 if (!target) co_return make_reply(result_code::error, "weigh: no such scale");
                 if (target->scale == nullptr || target->supervisor == nullptr ||
                     target->supervisor->status().state != "online") {
                   co_return make_reply(result_code::refused, fmt::format("{} is not online", target->config.name));
                 }
                 // The weight before the command must not read as the weight after it.
                 const auto scale_name = target->config.name;
                 scales_.reset(scale_name);
                 std::string failure;
                 try {
                   if (action == "zero") co_await target->scale->zero();
                   else if (action == "tare") co_await target->scale->tare();
                   else co_await target->scale->clear_tare();
                 } catch (const std::exception& e) {
                   failure = e.what();
                 }
                 scales_.reset(scale_name);
                 if (!failure.empty()) co_return make_reply(result_code::error, fmt::format("{}: {}", target->config.name, failure));
                 co_return make_reply(result_code::success, fmt::format("{}: {} done", target->config.name, action));
               });
  commands.add("light", "Show a signal: {\"signal\": off|ready|busy|attention|error, \"device\": name (optional)}.",
               [this](const json::object& args) -> asio::awaitable<control::reply> {
                 const auto* s = args.if_contains("signal");
                 if (s == nullptr || !s->is_string()) {
                   co_return make_reply(result_code::error, "light: \"signal\" must be one of off, ready, busy, attention, error");
                 }
                 std::string device;
                 if (const auto* d = args.if_contains("device"); d && d->is_string()) device = d->get_string();
                 if (!signal(std::string{s->get_string()}, device)) {
                   co_return make_reply(result_code::error, "light: \"signal\" must be one of off, ready, busy, attention, error");
                 }
                 co_return make_reply(result_code::success, fmt::format("showing {}", std::string_view{s->get_string()}));
               });
  commands.add("scan", "Inject a scan as if from a scanner: {\"code\": \"...\", \"device\": name (optional)}.",
               [this](const json::object& args) -> asio::awaitable<control::reply> {
                 const auto* code = args.if_contains("code");
                 if (code == nullptr || !code->is_string()) co_return make_reply(result_code::error, "scan: \"code\" must be a string");
                 std::string source = "stationctl";
                 if (const auto* d = args.if_contains("device"); d && d->is_string()) source = d->get_string();
                 const auto decider = scan_decider_;
                 const auto event = scanners_.inject(source, std::string{code->get_string()}, !decider);
                 auto out = scanner_service::to_json(event, scanners_.current_year());
                 if (event.error) co_return make_reply(result_code::error, event.error->message, std::move(out));
                 auto text = fmt::format("{} {}", scan::to_string(event.meaning->kind), event.meaning->key);
                 if (decider) {
                   auto decided = co_await decider(event);
                   if (const auto* t = decided.if_contains("text"); t && t->is_string()) text = t->get_string();
                   const bool refused = decided.contains("verdict") && decided.at("verdict") == "refused";
                   out["decision"] = std::move(decided);
                   co_return make_reply(refused ? result_code::refused : result_code::success, std::move(text), std::move(out));
                 }
                 co_return make_reply(result_code::success, std::move(text), std::move(out));
               });
}

} // namespace stationd::devices
