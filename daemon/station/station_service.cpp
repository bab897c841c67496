#include "station/station_service.hpp"

#include "scan/raw_notation.hpp"
#include "scan/scan_json.hpp"
#include "workflow/json_reader.hpp"
#include "workflow/master_update.hpp"
#include "workflow/messages.hpp"
#include "workflow/station_view.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>

namespace stationd::station {

namespace asio = boost::asio;
namespace json = boost::json;
using control::make_reply;
using control::result_code;
using namespace std::chrono_literals;

namespace {

// How often an idle session's time-out is checked: it ends at most this late.
constexpr auto tick_interval = 5s;

json::object input_json(const workflow::input& in) {
  return std::visit(
      [](const auto& i) -> json::object {
        using T = std::decay_t<decltype(i)>;
        if constexpr (std::is_same_v<T, workflow::scan_input>) {
          json::object m{{"kind", scan::to_string(i.meaning.kind)}, {"key", i.meaning.key}};
          if (!i.meaning.carrier.empty()) m["carrier"] = i.meaning.carrier;
          if (i.meaning.lot) m["lot"] = *i.meaning.lot;
          if (i.meaning.serial) m["serial"] = *i.meaning.serial;
          if (i.meaning.expiry) m["expiry"] = gs1::to_iso(*i.meaning.expiry);
          return {{"input", "scan"}, {"raw", scan::show_notation(i.raw)}, {"scan", std::move(m)}};
        } else if constexpr (std::is_same_v<T, workflow::weight_input>) {
          return {{"input", "weight"}, {"grams", i.grams}};
        } else if constexpr (std::is_same_v<T, workflow::action_input>) {
          json::object args;
          for (const auto& [k, v] : i.args) args[k] = v;
          return {{"input", "action"}, {"name", i.name}, {"args", std::move(args)}};
        } else if constexpr (std::is_same_v<T, workflow::sscc_input>) {
          return {{"input", "sscc"}, {"order", i.order_id}, {"package", i.package}, {"sscc", i.sscc}};
        } else if constexpr (std::is_same_v<T, workflow::label_input>) {
          return {{"input", "label"}, {"reference", i.reference}, {"job", i.job}, {"printed", i.printed}};
        } else {
          return {{"input", "tick"}};
        }
      },
      in);
}

json::object message_json(const workflow::message& m) {
  json::object args;
  for (const auto& [k, v] : m.args) args[k] = v;
  return {{"id", m.id}, {"args", std::move(args)}};
}

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", p.string()));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::optional<std::int64_t> grams_of(const devices::stable_weight& w) {
  double factor = 0;
  if (w.unit == "g") factor = 1;
  else if (w.unit == "kg") factor = 1000;
  else if (w.unit == "lb") factor = 453.59237;
  else if (w.unit == "oz") factor = 28.349523125;
  else return std::nullopt;
  return static_cast<std::int64_t>(w.value.to_double() * factor + (w.value.units < 0 ? -0.5 : 0.5));
}

std::string iso_today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return fmt::format("{:04}-{:02}-{:02}", local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

workflow::workflow_rules rules_from(const config::workflow_settings& w) {
  workflow::workflow_rules r;
  r.language = w.language;
  r.idle_timeout_ms = w.idle_timeout.count();
  r.min_shelf_life_days = static_cast<int>(w.min_shelf_life_days);
  r.weight_tolerance_g = w.weight_tolerance_g;
  r.weight_tolerance_percent = w.weight_tolerance_percent;
  r.max_quantity_per_scan = w.max_quantity_per_scan;
  r.return_window_days = static_cast<int>(w.return_window_days);
  r.return_packaging_g = w.return_packaging_g;
  r.return_weight_tolerance_g = w.return_weight_tolerance_g;
  r.return_weight_tolerance_percent = w.return_weight_tolerance_percent;
  r.short_reasons = w.short_reasons;
  r.grade_reasons = w.grade_reasons;
  if (!w.dispositions.empty()) {
    r.dispositions.clear();
    for (const auto& d : w.dispositions) r.dispositions.push_back({d.grade, d.category, d.disposition, d.location});
  }
  return r;
}

std::string_view light_signal(workflow::signal s) {
  switch (s) {
  case workflow::signal::ok: return "ready";
  case workflow::signal::error: return "error";
  case workflow::signal::attention: return "attention";
  case workflow::signal::none: break;
  }
  return "";
}

} // namespace

json::object decision::to_json() const {
  return {{"verdict", workflow::to_string(result)},
          {"message", message_json(message)},
          {"text", text},
          {"text_en", text_en},
          {"light", workflow::to_string(light)},
          {"seq", seq}};
}

// The answer to an input that arrives while the station stops.
static decision stopping_decision() {
  decision d;
  d.result = workflow::verdict::refused;
  d.message = {"station.stopping", {}};
  d.text = workflow::render(d.message, "sv");
  d.text_en = workflow::render(d.message, "en");
  return d;
}

json::object decision::to_ui_json() const {
  std::string_view colour;
  switch (light) {
  case workflow::signal::ok: colour = "green"; break;
  case workflow::signal::error: colour = "red"; break;
  case workflow::signal::attention: colour = "amber"; break;
  case workflow::signal::none: break;
  }
  return {{"result", workflow::to_string(result)},
          {"message", message_json(message)},
          {"text", {{"sv", workflow::render(message, "sv")}, {"en", workflow::render(message, "en")}}},
          {"light", colour},
          {"seq", seq}};
}

station_service::station_service(asio::any_io_executor executor, journal::journal& journal,
                                 printing::print_service& printing, devices::device_manager& devices,
                                 events::event_hub& hub, events::status_board& board, log::logger& log)
    : executor_{executor},
      journal_{journal},
      reader_{journal.path()},
      printing_{printing},
      devices_{devices},
      hub_{hub},
      board_{board},
      log_{log},
      master_{std::make_shared<workflow::catalog>()},
      wake_{executor} {
  devices_.scanners().set_listener([this](const devices::scan_event& e) {
    if (e.meaning) enqueue(workflow::scan_input{e.raw, *e.meaning}, e.device, nullptr);
  });
  devices_.scales().set_settled_listener([this](const std::string& scale, const devices::stable_weight& w) {
    const auto grams = grams_of(w);
    if (!grams) {
      log_.warning("station", "{} weighs in \"{}\": the workflows need g, kg, lb or oz", scale, w.unit);
      return;
    }
    if (*grams < min_weight_g_) return; // an empty scale
    enqueue(workflow::weight_input{*grams}, scale, nullptr);
  });
  devices_.set_scan_decider([this](const devices::scan_event& e) -> asio::awaitable<json::object> {
    // (Named, not temporaries: GCC 12 can destroy a temporary inside a co_await expression twice.)
    workflow::input in = workflow::scan_input{e.raw, *e.meaning};
    std::string source = e.device;
    const auto d = co_await submit(std::move(in), std::move(source));
    co_return d.to_json();
  });
  print_subscription_ = hub_.subscribe({"print"}, [this](std::string_view, const json::object& event) {
    on_print_event(event);
  });
}

station_service::~station_service() {
  hub_.unsubscribe(print_subscription_);
  devices_.scanners().set_listener(nullptr);
  devices_.scales().set_settled_listener(nullptr);
  devices_.set_scan_decider(nullptr);
}

void station_service::apply(const config::station_config& config, std::shared_ptr<scan::sscc_allocator> sscc) {
  rules_ = rules_from(config.workflow);
  station_id_ = config.station_id;
  station_name_ = config.station_name;
  min_weight_g_ = config.workflow.min_weight_g;
  master_file_ = config.workflow.master_data;
  sscc_ = std::move(sscc);
}

std::string station_service::language() const {
  return state_.session ? state_.session->language : rules_.language;
}

workflow::context station_service::make_context() const {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return workflow::context{*master_, rules_, now, iso_today(), station_id_};
}

asio::awaitable<void> station_service::recover() {
  {
    auto st = reader_.db().prepare("SELECT data FROM master_data WHERE id = 1");
    if (st.step()) {
      master_ = std::make_shared<workflow::catalog>(workflow::parse_master_data(st.column_text(0)));
    }
    auto id = reader_.db().prepare("SELECT value FROM station_meta WHERE key = 'master_revision_id'");
    if (id.step()) master_revision_id_ = id.column_text(0);
  }
  {
    auto st = reader_.db().prepare("SELECT state, seq FROM workflow_state WHERE id = 1");
    if (st.step()) {
      const auto text = st.column_text(0);
      workflow::station_state s;
      try {
        workflow::json_reader::read(json::parse(text), s, "");
      } catch (const std::exception& e) {
        throw std::runtime_error(fmt::format("the workflow state in the journal (event {}) cannot be read: {}",
                                             st.column_int(1), e.what()));
      }
      state_ = std::move(s);
      log_.info("station", "resumed at step {} ({} mode{}{})", state_.steps, state_.mode,
                state_.session ? ", operator " : "", state_.session ? state_.session->name : "");
    }
  }
  {
    auto st = reader_.db().prepare("SELECT id, kind, payload FROM workflow_effects WHERE done_seq IS NULL ORDER BY id");
    while (st.step()) {
      undone_.push_back({st.column_int(0), st.column_text(1), json::parse(st.column_text(2)).as_object()});
    }
  }
  if (master_->data().revision == 0 && master_->data().orders.empty() && !master_file_.empty()) {
    std::string text = read_text(master_file_);
    std::string source = master_file_.string();
    co_await load_master_data(std::move(text), std::move(source));
  }
  board_.set("station.mode", state_.mode);
  board_.set("station.operator", state_.session ? json::value(state_.session->name) : json::value(nullptr));
  board_.set("station.master_revision", master_->data().revision);
}

asio::awaitable<std::uint64_t> station_service::load_master_data(std::string json_text, std::string source) {
  auto data = workflow::parse_master_data(json_text); // throws with the path of a bad value
  co_return co_await record_master(std::move(data), std::move(source));
}

asio::awaitable<void> station_service::in_turn(std::function<asio::awaitable<void>()> job) {
  using channel = asio::experimental::channel<void(boost::system::error_code, std::exception_ptr)>;
  auto ch = std::make_shared<channel>(executor_, 1);
  pending p{workflow::tick_input{}, "job", nullptr, std::nullopt, nullptr, nullptr};
  p.job = [job = std::move(job), ch]() -> asio::awaitable<void> {
    std::exception_ptr failure;
    try {
      co_await job();
    } catch (...) {
      failure = std::current_exception();
    }
    ch->try_send(boost::system::error_code{}, failure);
  };
  p.abandon = [ch] { ch->try_send(boost::system::error_code{}, std::make_exception_ptr(std::runtime_error("the station is stopping"))); };
  if (stopped_) p.abandon();
  else queue_.push_back(std::move(p));
  wake_.cancel();
  const auto failure = co_await ch->async_receive(asio::use_awaitable);
  if (failure) std::rethrow_exception(failure);
}

asio::awaitable<void> station_service::apply_revision(sync::message revision) {
  // Between two steps: a step is decided and journaled against one revision.
  std::function<asio::awaitable<void>()> job = [this, revision]() -> asio::awaitable<void> {
    co_await apply_revision_now(revision);
  };
  co_await in_turn(std::move(job));
}

asio::awaitable<void> station_service::apply_revision_now(const sync::message& revision) {
  if (const auto* s = std::get_if<sync::snapshot>(&revision)) {
    auto data = workflow::parse_master_data(json::serialize(s->data));
    data.revision = s->revision;
    std::string source = fmt::format("central snapshot {}", s->revision);
    std::string id = s->revision_id;
    co_await record_master(std::move(data), std::move(source), std::move(id));
  } else if (const auto* u = std::get_if<sync::update>(&revision)) {
    if (u->base != master_->data().revision) {
      throw revision_mismatch(
          fmt::format("update {} is based on {}, the station has {}", u->revision, u->base, master_->data().revision));
    }
    auto data = workflow::apply_changes(master_->data(), u->changes, u->revision);
    std::string source = fmt::format("central update {} -> {}", u->base, u->revision);
    std::string id = u->revision_id;
    co_await record_master(std::move(data), std::move(source), std::move(id));
  } else {
    throw std::invalid_argument("not a master data revision");
  }
}

asio::awaitable<std::uint64_t> station_service::record_master(workflow::master_data data, std::string source,
                                                             std::string revision_id) {
  const auto canonical = workflow::to_json_text(data);
  const json::object payload{{"revision", data.revision},
                             {"source", source},
                             {"products", data.products.size()},
                             {"operators", data.operators.size()},
                             {"orders", data.orders.size()},
                             {"rmas", data.rmas.size()}};
  journal::write_unit unit;
  unit.events.push_back({"master.loaded", "station", json::serialize(payload)});
  const auto revision = static_cast<std::int64_t>(data.revision);
  unit.apply = [canonical, revision, revision_id](sqlite::database& db, std::span<const std::uint64_t> seqs) {
    auto st = db.prepare("INSERT OR REPLACE INTO master_data(id, seq, revision, data) VALUES (1, ?1, ?2, ?3)");
    st.bind(1, static_cast<std::int64_t>(seqs.front())).bind(2, revision).bind(3, canonical);
    st.step();
    // Central's id of the revision, with it (a file's master data has none).
    auto id = db.prepare("INSERT OR REPLACE INTO station_meta(key, value) VALUES ('master_revision_id', ?1)");
    id.bind(1, revision_id);
    id.step();
  };
  const auto [ec, result] = co_await journal_.async_append(std::move(unit), asio::as_tuple(asio::use_awaitable));
  if (ec) throw std::runtime_error(fmt::format("master data not recorded: {} {}", ec.message(), result.detail));
  master_ = std::make_shared<workflow::catalog>(std::move(data));
  master_revision_id_ = std::move(revision_id);
  board_.set("station.master_revision", master_->data().revision);
  log_.info("station", "master data revision {} loaded from {}: {} products, {} orders, {} RMAs",
            master_->data().revision, source, master_->data().products.size(), master_->data().orders.size(),
            master_->data().rmas.size());
  co_return result.first_seq;
}

void station_service::enqueue(workflow::input in, std::string source, std::function<void(decision)> done, bool first,
                              std::optional<std::int64_t> completes) {
  pending p{std::move(in), std::move(source), std::move(done), completes, nullptr, nullptr};
  if (stopped_) {
    // run() has ended: nobody will decide this input.
    if (p.done) asio::post(executor_, [d = std::move(p.done), refused = stopping_decision()] { d(refused); });
    return;
  }
  if (first) queue_.push_front(std::move(p));
  else queue_.push_back(std::move(p));
  wake_.cancel();
}

asio::awaitable<decision> station_service::submit(workflow::input in, std::string source) {
  // A one-shot channel carries the decision back from the processing loop.
  using channel = asio::experimental::channel<void(boost::system::error_code, decision)>;
  auto ch = std::make_shared<channel>(executor_, 1);
  enqueue(std::move(in), std::move(source), [ch](decision d) { ch->try_send(boost::system::error_code{}, std::move(d)); });
  co_return co_await ch->async_receive(asio::use_awaitable);
}

void station_service::refuse_queued() {
  stopped_ = true;
  auto queued = std::move(queue_);
  queue_.clear();
  for (auto& p : queued) {
    if (p.done) p.done(stopping_decision());
    if (p.abandon) p.abandon();
  }
}

asio::awaitable<void> station_service::run() {
  struct on_exit {
    station_service& s;
    ~on_exit() { s.refuse_queued(); }
  } refuse_at_end{*this};
  auto undone = std::move(undone_);
  undone_.clear();
  for (auto& e : undone) {
    log_.notice("station", "carrying out {} {} left undone by the last run", e.kind, e.id);
    co_await carry_out(std::move(e));
  }
  // Ticks come by the steady clock, every tick_interval however busy the queue is:
  // inputs that keep arriving (a scanner reading junk, print confirmations) must not
  // keep an idle session alive by pushing its time-out check away.
  auto next_tick = std::chrono::steady_clock::now() + tick_interval;
  for (;;) {
    if (std::chrono::steady_clock::now() >= next_tick) {
      next_tick = std::chrono::steady_clock::now() + tick_interval;
      queue_.push_back({workflow::tick_input{}, "clock", nullptr, std::nullopt, nullptr, nullptr});
    }
    if (queue_.empty()) {
      wake_.expires_at(next_tick);
      co_await wake_.async_wait(asio::as_tuple(asio::use_awaitable));
      const auto cs = co_await asio::this_coro::cancellation_state;
      if (cs.cancelled() != asio::cancellation_type::none) co_return;
      continue;
    }
    auto p = std::move(queue_.front());
    queue_.pop_front();
    if (p.job) {
      co_await p.job(); // in_turn() hands its outcome back
      continue;
    }
    co_await process(std::move(p));
  }
}

asio::awaitable<void> station_service::process(pending p) {
  const bool is_operator_input =
      std::holds_alternative<workflow::scan_input>(p.in) || std::holds_alternative<workflow::action_input>(p.in);
  const workflow::context ctx = make_context();
  // A wall clock that went back restarts the session's idle time (kept in memory;
  // the next accepted step journals it with the state).
  workflow::follow_clock(state_, ctx.now_ms);
  auto next = state_;
  workflow::outcome o = workflow::step(next, p.in, ctx);
  decision d;
  d.result = o.result;
  d.message = o.text;
  d.light = o.light;
  const std::string lang = next.session ? next.session->language : language();
  d.text = o.text.id.empty() ? std::string{} : workflow::render(o.text, lang);
  d.text_en = o.text.id.empty() ? std::string{} : workflow::render(o.text, "en");

  if (o.result == workflow::verdict::ignored && o.events.empty() && !is_operator_input && !p.effect) {
    if (p.done) p.done(std::move(d));
    co_return; // a tick or a weight nobody waits for: nothing to record
  }

  journal::write_unit unit;
  json::object record = input_json(p.in);
  record["source"] = p.source;
  record["verdict"] = workflow::to_string(o.result);
  record["message"] = message_json(o.text);
  record["mode"] = next.mode;
  record["operator"] = next.session ? json::value(next.session->badge) : json::value(nullptr);
  record["step"] = next.steps;
  unit.events.push_back({"workflow.input", "station", json::serialize(record)});
  for (const auto& e : o.events) unit.events.push_back({e.type, "station", json::serialize(e.payload)});
  std::vector<effect> effects;
  auto effect_ids = std::make_shared<std::vector<std::int64_t>>();
  if (p.effect && o.result != workflow::verdict::accepted) {
    // The answer to a request (an SSCC) the workflow no longer wants: settled
    // all the same, so it is not asked for again at the next start.
    unit.apply = [completes = *p.effect](sqlite::database& db, std::span<const std::uint64_t> seqs) {
      auto done = db.prepare("UPDATE workflow_effects SET done_seq = ?1 WHERE id = ?2 AND done_seq IS NULL");
      done.bind(1, static_cast<std::int64_t>(seqs.front())).bind(2, completes);
      done.step();
    };
  }
  if (o.result == workflow::verdict::accepted) {
    for (const auto& r : o.prints) {
      effects.push_back({0, "print",
                         {{"label", r.label}, {"reference", r.reference}, {"fields", r.fields}, {"zpl", r.zpl},
                          {"by", next.session ? next.session->badge : std::string{"station"}}}});
    }
    if (o.allocate_sscc) {
      effects.push_back({0, "sscc", {{"order", o.allocate_sscc->order_id}, {"package", o.allocate_sscc->package}}});
    }
    std::vector<std::pair<std::string, std::string>> rows;
    for (const auto& e : effects) rows.emplace_back(e.kind, json::serialize(e.payload));
    const auto snapshot = json::serialize(json::value_from(next));
    unit.apply = [snapshot, rows, effect_ids, completes = p.effect](sqlite::database& db,
                                                                   std::span<const std::uint64_t> seqs) {
      const auto seq = static_cast<std::int64_t>(seqs.front());
      auto st = db.prepare("INSERT OR REPLACE INTO workflow_state(id, seq, state) VALUES (1, ?1, ?2)");
      st.bind(1, seq).bind(2, snapshot);
      st.step();
      effect_ids->clear(); // (a retried batch runs this again)
      for (const auto& [kind, payload] : rows) {
        auto insert = db.prepare("INSERT INTO workflow_effects(step_seq, kind, payload) VALUES (?1, ?2, ?3)");
        insert.bind(1, seq).bind(2, kind).bind(3, payload);
        insert.step();
        effect_ids->push_back(db.last_insert_rowid());
      }
      if (completes) {
        auto done = db.prepare("UPDATE workflow_effects SET done_seq = ?1 WHERE id = ?2 AND done_seq IS NULL");
        done.bind(1, seq).bind(2, *completes);
        done.step();
        if (db.changes() != 1) throw std::runtime_error(fmt::format("step effect {} was carried out already", *completes));
      }
    };
  }
  const auto [ec, result] = co_await journal_.async_append(std::move(unit), asio::as_tuple(asio::use_awaitable));
  if (ec) {
    // Not recorded means not done: the state stays as it was and the operator is told.
    log_.error("station", "step not recorded: {} {}", ec.message(), result.detail);
    d.result = workflow::verdict::refused;
    d.message = {"station.not_recorded", {{"detail", ec.message()}}};
    d.text = workflow::render(d.message, lang);
    d.text_en = workflow::render(d.message, "en");
    d.light = workflow::signal::error;
    show(d, p.source);
    if (p.done) p.done(std::move(d));
    co_return;
  }
  d.seq = result.first_seq;
  if (o.result == workflow::verdict::accepted) state_ = std::move(next);
  last_ = d;
  show(d, p.source);
  if (p.done) p.done(d);
  if (o.result == workflow::verdict::accepted && !std::holds_alternative<workflow::weight_input>(p.in)) {
    feed_settled_weight();
  }
  for (std::size_t i = 0; i < effects.size() && i < effect_ids->size(); ++i) {
    effects[i].id = (*effect_ids)[i];
    co_await carry_out(std::move(effects[i]));
  }
}

void station_service::feed_settled_weight() {
  // A package already on the scale when the packer closes it has settled
  // before anyone asked: its weight is taken now rather than after a lift.
  const bool waiting = (state_.mode == "pack" && state_.pack && state_.pack->step == "weigh") ||
                       (state_.mode == "return" && state_.ret && state_.ret->step == "weigh");
  if (!waiting) return;
  for (const auto& scale : devices_.names_of_class("scale")) {
    const auto current = devices_.scales().current(scale);
    if (!current) continue;
    const auto grams = grams_of(*current);
    if (!grams || *grams < min_weight_g_) continue;
    enqueue(workflow::weight_input{*grams}, scale, nullptr, true);
    return;
  }
}

void station_service::show(const decision& d, std::string_view source) {
  json::object event = d.to_json();
  event["source"] = source;
  event["mode"] = state_.mode;
  event["operator"] = state_.session ? json::value(state_.session->name) : json::value(nullptr);
  hub_.publish("station", std::move(event));
  board_.set("station.mode", state_.mode);
  board_.set("station.operator", state_.session ? json::value(state_.session->name) : json::value(nullptr));
  board_.set("station.message", d.text);
  if (const auto s = light_signal(d.light); !s.empty()) devices_.signal(std::string{s});
}

asio::awaitable<void> station_service::carry_out(effect e) {
  if (e.kind == "print") co_await print(e);
  else if (e.kind == "sscc") co_await allocate_sscc(e);
}

asio::awaitable<void> station_service::print(const effect& e) {
  const auto text = [&](const char* key) {
    const auto* v = e.payload.if_contains(key);
    return v && v->is_string() ? std::string{v->get_string()} : std::string{};
  };
  const std::string label = text("label");
  const std::string reference = text("reference");
  std::string problem;
  try {
    if (label == "zpl") {
      printing::submit_request r;
      r.label = "zpl";
      r.reference = reference;
      r.zpl = text("zpl");
      r.requested_by = text("by");
      r.effect = e.id;
      co_await printing_.submit(std::move(r));
    } else {
      json::object args;
      if (const auto* f = e.payload.if_contains("fields"); f && f->is_object()) args = f->get_object();
      args["label"] = label;
      if (!args.contains("by")) args["by"] = text("by");
      args["effect"] = e.id;
      const auto reply = co_await printing_.print_label(args);
      if (reply.result != result_code::success) problem = reply.text;
    }
  } catch (const std::exception& ex) {
    problem = ex.what();
  }
  if (!problem.empty()) {
    // The step stands; the label is for an operator to print (stationctl print-label) once the
    // cause is fixed. The request is settled as failed so that no restart prints it later,
    // unasked, next to the one the operator printed.
    log_.error("station", "label {} for {} not queued: {}", label, reference, problem);
    hub_.publish("alarm", {{"name", "station.label"},
                           {"text", fmt::format("label {} for {} not printed: {}", label, reference, problem)}});
    journal::write_unit unit;
    unit.events.push_back({"label.failed", "station",
                           json::serialize(json::object{{"label", label}, {"reference", reference}, {"error", problem},
                                                        {"effect", e.id}})});
    unit.apply = [id = e.id](sqlite::database& db, std::span<const std::uint64_t> seqs) {
      auto done = db.prepare("UPDATE workflow_effects SET done_seq = ?1 WHERE id = ?2 AND done_seq IS NULL");
      done.bind(1, static_cast<std::int64_t>(seqs.front())).bind(2, id);
      done.step();
    };
    const auto [ec, result] = co_await journal_.async_append(std::move(unit), asio::as_tuple(asio::use_awaitable));
    if (ec) log_.error("station", "the failed label {} for {} not recorded: {}", label, reference, ec.message());
  }
}

asio::awaitable<void> station_service::allocate_sscc(const effect& e) {
  const auto* order = e.payload.if_contains("order");
  const auto* package = e.payload.if_contains("package");
  if (!order || !order->is_string() || !package || !package->is_int64()) co_return;
  const std::string order_id{order->get_string()};
  const int number = static_cast<int>(package->get_int64());
  if (!sscc_) {
    log_.error("station", "package {} of {} cannot be closed: [sscc] is not configured", number, order_id);
    hub_.publish("alarm", {{"source", "station"}, {"text", "no SSCC: [sscc] is not configured"}});
    co_return;
  }
  json::object context{{"purpose", "package"}, {"order_number", order_id}, {"package", number}};
  const auto allocator = sscc_;
  const auto [ec, sscc] = co_await allocator->async_allocate(std::move(context), asio::as_tuple(asio::use_awaitable));
  if (ec) {
    log_.error("station", "no SSCC for package {} of {}: {}", number, order_id, sscc);
    hub_.publish("alarm", {{"source", "station"}, {"text", fmt::format("no SSCC: {}", sscc)}});
    co_return;
  }
  // An SSCC allocated here and lost to a crash before the step below commits is
  // never used again: the next start allocates another.
  enqueue(workflow::sscc_input{order_id, number, sscc}, "sscc", nullptr, true, e.id);
}

void station_service::on_print_event(const json::object& event) {
  const auto* state = event.if_contains("state");
  const auto* reference = event.if_contains("reference");
  const auto* id = event.if_contains("job");
  if (!state || !state->is_string() || !reference || !reference->is_string() || !id || !id->is_int64()) return;
  const std::string s{state->get_string()};
  if (s != "confirmed" && s != "unconfirmed" && s != "cancelled") return;
  const auto* label = event.if_contains("label");
  if (!label || !label->is_string() || (label->get_string() != "gs1-logistic" && label->get_string() != "zpl" &&
                                        label->get_string() != "return-disposition")) {
    return;
  }
  const std::string ref{reference->get_string()};
  enqueue(workflow::label_input{ref, id->get_int64(), s == "confirmed"}, "printing", nullptr);
}

json::object station_service::summary() const {
  json::object out = json::value_from(state_).as_object();
  if (const auto* o = state_.pick ? &state_.pick->order_id : state_.pack ? &state_.pack->order_id
                                                     : state_.ship ? &state_.ship->order_id : nullptr;
      o && !o->empty()) {
    if (auto it = state_.orders.find(*o); it != state_.orders.end()) out["order"] = json::value_from(it->second);
  }
  if (state_.ret) {
    if (auto it = state_.returns.find(state_.ret->rma); it != state_.returns.end()) out["return"] = json::value_from(it->second);
  }
  out["master_revision"] = master_->data().revision;
  out["language"] = language();
  if (last_) out["last"] = last_->to_json();
  return out;
}

asio::awaitable<decision> station_service::submit_scan(std::string code, std::string source) {
  const auto event = devices_.scanners().inject(source, code, false);
  if (event.error) {
    decision d;
    d.result = workflow::verdict::refused;
    d.message = {"scan.unreadable", {{"reason", event.error->message}}};
    d.text = workflow::render(d.message, language());
    d.text_en = workflow::render(d.message, "en");
    d.light = workflow::signal::error;
    show(d, source);
    co_return d;
  }
  workflow::input in = workflow::scan_input{event.raw, *event.meaning};
  co_return co_await submit(std::move(in), std::move(source));
}

json::object station_service::view() const {
  auto v = workflow::station_view(state_, *master_, rules_);
  v["station"] = {{"id", station_id_}, {"name", station_name_}};
  v["last"] = last_ ? json::value(last_->to_ui_json()) : json::value(nullptr);
  json::array jobs;
  for (const auto& job : printing_.jobs(false, 10)) {
    jobs.push_back({{"id", job.id}, {"label", job.label}, {"reference", job.reference}, {"state", job.state},
                    {"printer", job.printer}});
  }
  v["print_jobs"] = std::move(jobs);
  return v;
}

void station_service::register_commands(control::command_registry& commands) {
  commands.add("station", "The workflows' state: operator, mode, current task and progress, last message.",
               [this](const json::object&) -> asio::awaitable<control::reply> {
                 auto text = fmt::format("{} mode, step {}{}", state_.mode, state_.steps,
                                         state_.session ? ", operator " + state_.session->name : ", nobody logged in");
                 co_return make_reply(result_code::success, std::move(text), summary());
               });
  commands.add("action",
               "An operator action for the workflows: {\"name\": \"close\", \"args\": {\"reason\": \"...\"}} "
               "(docs/workflows.md lists them).",
               [this](const json::object& args) -> asio::awaitable<control::reply> {
                 const auto* name = args.if_contains("name");
                 if (!name || !name->is_string() || name->get_string().empty()) {
                   co_return make_reply(result_code::error, "action: \"name\" must be a non-empty string");
                 }
                 workflow::action_input a{std::string{name->get_string()}, {}};
                 if (const auto* given = args.if_contains("args")) {
                   if (!given->is_object()) co_return make_reply(result_code::error, "action: \"args\" must be an object of strings");
                   for (const auto& [k, v] : given->get_object()) {
                     if (!v.is_string()) {
                       co_return make_reply(result_code::error,
                                            fmt::format("action: argument \"{}\" must be a string", std::string_view{k}));
                     }
                     a.args[std::string{k}] = std::string{v.get_string()};
                   }
                 }
                 std::string source = "stationctl";
                 if (const auto* s = args.if_contains("source"); s && s->is_string()) source = s->get_string();
                 workflow::input in = std::move(a); // named: no temporary inside the co_await (GCC 12)
                 const auto d = co_await submit(std::move(in), std::move(source));
                 const auto code = d.result == workflow::verdict::accepted ? result_code::success : result_code::refused;
                 co_return make_reply(code, d.text, d.to_json());
               });
  commands.add("master-load",
               "Replace the station's master data: {\"data\": {...}} (docs/master-data.md). Checked before use.",
               [this](const json::object& args) -> asio::awaitable<control::reply> {
                 const auto* data = args.if_contains("data");
                 if (!data || !data->is_object()) co_return make_reply(result_code::error, "master-load: \"data\" must be an object");
                 std::string source = "stationctl";
                 if (const auto* s = args.if_contains("source"); s && s->is_string()) source = s->get_string();
                 std::string problem;
                 std::uint64_t seq = 0;
                 try {
                   std::function<asio::awaitable<void>()> job = [this, &seq, text = json::serialize(*data),
                                                                 source]() -> asio::awaitable<void> {
                     std::string t = text;
                     std::string from = source;
                     seq = co_await load_master_data(std::move(t), std::move(from));
                   };
                   co_await in_turn(std::move(job));
                 } catch (const std::exception& e) {
                   problem = e.what();
                 }
                 if (!problem.empty()) co_return make_reply(result_code::error, fmt::format("master-load: {}", problem));
                 const auto& d = master_->data();
                 auto text = fmt::format("master data revision {}: {} products, {} orders, {} RMAs, {} operators",
                                         d.revision, d.products.size(), d.orders.size(), d.rmas.size(), d.operators.size());
                 co_return make_reply(result_code::success, std::move(text),
                                      json::object{{"revision", d.revision}, {"seq", seq}});
               });
}

} // namespace stationd::station
