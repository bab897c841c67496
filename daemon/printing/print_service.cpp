#include "printing/print_service.hpp"

#include "labels/label_fields.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace stationd::printing {

namespace asio = boost::asio;
namespace json = boost::json;
using control::make_reply;
using control::result_code;
using namespace std::chrono_literals;

namespace {

// While a label waits for its confirmation the printer is asked for its status
// at once, then after 5 ms, twice as long each time, up to every 100 ms: a short
// label is confirmed quickly, a long one costs a poll per 100 ms.
constexpr auto first_confirm_interval = 5ms;
constexpr auto confirm_interval = 100ms;
// A queue held by a printer that cannot print looks again this often (status
// polls also wake it at once).
constexpr auto held_interval = 1s;
// After a send the printer took no byte of: wait before trying again.
constexpr auto retry_interval = 1s;

json::value nullable(std::string_view s) { return s.empty() ? json::value(nullptr) : json::value(s); }

std::string join(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& t : tokens) out += (out.empty() ? "" : " ") + t;
  return out;
}

print_job job_from(const sqlite::statement& st) {
  print_job j;
  j.id = st.column_int(0);
  j.printer = st.column_text(1);
  j.label = st.column_text(2);
  j.reference = st.column_text(3);
  j.zpl = st.column_text(4);
  j.state = st.column_text(5);
  j.attempts = st.column_int(6);
  j.detail = st.column_text(7);
  if (!st.column_is_null(8)) j.reprint_of = st.column_int(8);
  j.reason = st.column_text(9);
  j.requested_by = st.column_text(10);
  return j;
}

constexpr const char* job_columns =
    "id, printer, label, reference, zpl, state, attempts, detail, reprint_of, reason, requested_by";

// A ZPL format must be one or more ^XA...^XZ formats: anything else is refused
// before it is queued (a carrier label from central included).
std::optional<std::string> zpl_problem(std::string_view zpl) {
  const auto first = zpl.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "empty label";
  if (zpl.substr(first, 3) != "^XA") return "a ZPL label starts with ^XA";
  if (zpl.find("^XZ") == std::string_view::npos) return "a ZPL label ends with ^XZ";
  return std::nullopt;
}

} // namespace

json::object to_json(const print_job& j, bool with_zpl) {
  json::object o{{"job", j.id},         {"printer", j.printer},       {"label", j.label},
                 {"reference", j.reference}, {"state", j.state},     {"attempts", j.attempts},
                 {"detail", nullable(j.detail)}, {"reason", nullable(j.reason)}, {"requested_by", nullable(j.requested_by)},
                 {"bytes", j.zpl.size()}};
  o["reprint_of"] = j.reprint_of ? json::value(*j.reprint_of) : json::value(nullptr);
  if (with_zpl) o["zpl"] = j.zpl;
  return o;
}

struct print_service::worker {
  explicit worker(asio::any_io_executor ex, std::string name) : printer{std::move(name)}, wake{ex} {}
  std::string printer;
  asio::steady_timer wake;
  asio::cancellation_signal cancel;
  bool running = false;
  std::optional<drivers::printer_status> status;
  bool held = false;
  std::string hold_reason;
  bool stopping = false; // its printer was removed by a reload
};

print_service::print_service(asio::any_io_executor executor, journal::journal& journal, devices::device_manager& devices,
                             events::event_hub& hub, events::status_board& board, log::logger& log)
    : executor_{executor}, journal_{journal}, reader_{journal.path()}, devices_{devices}, hub_{hub}, board_{board},
      log_{log}, stopped_{executor} {
  devices_.set_printer_listener(
      [this](const std::string& printer, const drivers::printer_status& status) { on_status(printer, status); });
}

void print_service::apply(const config::station_config& config, std::shared_ptr<scan::sscc_allocator> sscc) {
  library_ = labels::load_library(config.labels.directory);
  for (const auto& e : library_.errors) log_.error("labels", "{}", e.to_string());
  settings_ = config.labels;
  sscc_settings_ = config.sscc;
  sscc_ = std::move(sscc);
  station_id_ = config.station_id;
}

std::string print_service::default_printer() const {
  if (!settings_.printer.empty()) return settings_.printer;
  const auto names = devices_.printer_names();
  if (names.size() == 1) return names.front();
  if (names.empty()) throw std::invalid_argument("no printer is configured (a [[device]] of class printer)");
  throw std::invalid_argument(fmt::format("{} printers are configured: set [labels] printer, or name one", names.size()));
}

std::optional<print_job> print_service::find(std::int64_t id) const {
  auto st = reader_.db().prepare(fmt::format("SELECT {} FROM print_jobs WHERE id = ?1", job_columns));
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return job_from(st);
}

std::optional<print_job> print_service::next_queued(const std::string& printer) const {
  auto st = reader_.db().prepare(
      fmt::format("SELECT {} FROM print_jobs WHERE printer = ?1 AND state = 'queued' ORDER BY id LIMIT 1", job_columns));
  st.bind(1, printer);
  if (!st.step()) return std::nullopt;
  return job_from(st);
}

std::vector<print_job> print_service::jobs(bool open_only, std::size_t limit) const {
  auto st = reader_.db().prepare(fmt::format(
      "SELECT {} FROM print_jobs {} ORDER BY id DESC LIMIT ?1", job_columns,
      open_only ? "WHERE state IN ('queued', 'sent', 'unconfirmed')" : ""));
  st.bind(1, static_cast<std::int64_t>(limit));
  std::vector<print_job> out;
  while (st.step()) out.push_back(job_from(st));
  return out;
}

void print_service::publish_counts(const std::string& printer) {
  auto st = reader_.db().prepare(
      "SELECT coalesce(sum(state = 'queued'), 0), coalesce(sum(state = 'unconfirmed'), 0) FROM print_jobs WHERE printer = ?1");
  st.bind(1, printer);
  if (!st.step()) return;
  board_.set(printer + ".jobs_waiting", st.column_int(0));
  board_.set(printer + ".jobs_unconfirmed", st.column_int(1));
}

asio::awaitable<print_job> print_service::change(const print_job& job, std::string_view to_view,
                                                  std::string_view detail_view, std::string_view event_type,
                                                  std::string_view reason_view, std::string_view by) {
  const std::string to{to_view};
  const std::string detail{detail_view};
  const std::string reason{reason_view};
  const json::object payload{{"job", job.id},          {"printer", job.printer}, {"label", job.label},
                             {"reference", job.reference}, {"from", job.state}, {"to", to},
                             {"detail", nullable(detail)}, {"reason", nullable(reason)}, {"by", nullable(by)}};
  journal::write_unit unit;
  unit.events.push_back({std::string{event_type}, "printing", json::serialize(payload)});
  unit.apply = [id = job.id, from = job.state, to, detail, reason](sqlite::database& db, std::span<const std::uint64_t> seqs) {
    auto st = db.prepare(
        "UPDATE print_jobs SET state = ?1, detail = ?2, attempts = attempts + (?1 = 'sent'), "
        "reason = CASE WHEN ?3 <> '' THEN ?3 ELSE reason END, updated_seq = ?4 WHERE id = ?5 AND state = ?6");
    st.bind(1, to).bind(2, detail).bind(3, reason).bind(4, static_cast<std::int64_t>(seqs.front())).bind(5, id).bind(6, from);
    st.step();
    if (db.changes() != 1) throw std::runtime_error(fmt::format("print job {} is no longer {}", id, from));
  };
  const auto [ec, result] = co_await journal_.async_append(std::move(unit), asio::as_tuple(asio::use_awaitable));
  if (ec == journal::journal_errc::rejected) throw job_changed(fmt::format("print job {}: {}", job.id, result.detail));
  if (ec) throw std::runtime_error(fmt::format("print job {}: {} {}", job.id, ec.message(), result.detail));
  auto changed = job;
  changed.state = to;
  changed.detail = detail;
  if (to == "sent") ++changed.attempts;
  if (!reason.empty()) changed.reason = reason;
  auto event = to_json(changed);
  hub_.publish("print", event);
  publish_counts(job.printer);
  log_.info("printing", "job {} ({} {}) on {}: {} -> {}{}", job.id, job.label, job.reference, job.printer, job.state, to,
            detail.empty() ? "" : ": " + detail);
  co_return changed;
}

asio::awaitable<print_job> print_service::submit(submit_request r) {
  if (r.printer.empty()) r.printer = default_printer();
  const auto printers = devices_.printer_names();
  if (std::find(printers.begin(), printers.end(), r.printer) == printers.end()) {
    throw std::invalid_argument(fmt::format("no printer named {}", r.printer));
  }
  if (const auto problem = zpl_problem(r.zpl)) throw std::invalid_argument(*problem);
  const json::object payload{{"printer", r.printer},
                             {"label", r.label},
                             {"reference", r.reference},
                             {"bytes", r.zpl.size()},
                             {"reprint_of", r.reprint_of ? json::value(*r.reprint_of) : json::value(nullptr)},
                             {"reason", nullable(r.reason)},
                             {"by", nullable(r.requested_by)}};
  journal::write_unit unit;
  unit.events.push_back({"print.queued", "printing", json::serialize(payload)});
  if (r.replaces_original && r.reprint_of) {
    // The reprint's id is the sequence of its print.queued, the event just before this one.
    const std::string replaced_detail = "replaced by the reprint queued in the same transaction";
    const json::object resolved{{"job", *r.reprint_of},    {"printer", r.printer},          {"label", r.label},
                                {"reference", r.reference}, {"from", "unconfirmed"},        {"to", "cancelled"},
                                {"detail", replaced_detail}, {"reason", nullable(r.reason)}, {"by", nullable(r.requested_by)}};
    unit.events.push_back({"print.resolved", "printing", json::serialize(resolved)});
  }
  unit.apply = [r](sqlite::database& db, std::span<const std::uint64_t> seqs) {
    auto st = db.prepare(
        "INSERT INTO print_jobs(id, printer, label, reference, zpl, state, reprint_of, reason, requested_by, queued_seq, updated_seq) "
        "VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6, ?7, ?8, ?1, ?1)");
    st.bind(1, static_cast<std::int64_t>(seqs.front())).bind(2, r.printer).bind(3, r.label).bind(4, r.reference).bind(5, r.zpl);
    if (r.reprint_of) st.bind(6, *r.reprint_of);
    else st.bind_null(6);
    st.bind(7, r.reason).bind(8, r.requested_by);
    st.step();
    if (r.effect) {
      auto done = db.prepare("UPDATE workflow_effects SET done_seq = ?1 WHERE id = ?2 AND done_seq IS NULL");
      done.bind(1, static_cast<std::int64_t>(seqs.front())).bind(2, *r.effect);
      done.step();
      if (db.changes() != 1) throw std::runtime_error(fmt::format("the label of step effect {} is already queued", *r.effect));
    }
    if (r.replaces_original && r.reprint_of) {
      auto cancel = db.prepare(
          "UPDATE print_jobs SET state = 'cancelled', detail = ?1, reason = ?2, updated_seq = ?3 "
          "WHERE id = ?4 AND state = 'unconfirmed'");
      cancel.bind(1, fmt::format("replaced by reprint job {}", seqs.front())).bind(2, r.reason);
      cancel.bind(3, static_cast<std::int64_t>(seqs.back())).bind(4, *r.reprint_of);
      cancel.step();
      if (db.changes() != 1) throw std::runtime_error(fmt::format("print job {} is no longer unconfirmed", *r.reprint_of));
    }
  };
  const auto [ec, result] = co_await journal_.async_append(std::move(unit), asio::as_tuple(asio::use_awaitable));
  if (ec) throw std::runtime_error(fmt::format("print job not queued: {} {}", ec.message(), result.detail));
  print_job job{static_cast<std::int64_t>(result.first_seq), r.printer, r.label, r.reference, r.zpl, "queued", 0, "",
                r.reprint_of, r.reason, r.requested_by};
  hub_.publish("print", to_json(job));
  publish_counts(job.printer);
  wake(job.printer);
  co_return job;
}

asio::awaitable<print_job> print_service::reprint(std::int64_t id, std::string reason, std::string by) {
  if (reason.empty()) throw std::invalid_argument("a reprint needs a reason");
  const auto original = find(id);
  if (!original) throw std::invalid_argument(fmt::format("no print job {}", id));
  if (original->state == "queued" || original->state == "sent") {
    throw std::invalid_argument(fmt::format("print job {} is {}: it has not been printed yet", id, original->state));
  }
  // A job in doubt is settled by this decision: replaced by the reprint, in the
  // reprint's own transaction.
  submit_request again{original->printer, original->label, original->reference, original->zpl, id, reason, by,
                       std::nullopt, original->state == "unconfirmed"};
  auto copy = co_await submit(std::move(again));
  if (original->state == "unconfirmed") {
    // The original as that transaction left it.
    if (const auto cancelled = find(id)) hub_.publish("print", to_json(*cancelled));
    publish_counts(original->printer);
  }
  co_return copy;
}

asio::awaitable<print_job> print_service::resolve(std::int64_t id, std::string outcome, std::string reason, std::string by) {
  if (reason.empty()) throw std::invalid_argument("resolving a print job needs a reason");
  if (outcome != "printed" && outcome != "cancelled") throw std::invalid_argument("outcome must be printed or cancelled");
  const auto job = find(id);
  if (!job) throw std::invalid_argument(fmt::format("no print job {}", id));
  const bool open = job->state == "unconfirmed" || (job->state == "queued" && outcome == "cancelled");
  if (!open) throw std::invalid_argument(fmt::format("print job {} is {}: nothing to resolve", id, job->state));
  co_return co_await change(*job, outcome == "printed" ? "confirmed" : "cancelled",
                            outcome == "printed" ? "confirmed by an operator" : "cancelled by an operator", "print.resolved",
                            reason, by);
}

asio::awaitable<void> print_service::recover() {
  auto st = reader_.db().prepare(fmt::format("SELECT {} FROM print_jobs WHERE state = 'sent' ORDER BY id", job_columns));
  std::vector<print_job> in_doubt;
  while (st.step()) in_doubt.push_back(job_from(st));
  for (const auto& job : in_doubt) {
    co_await change(job, "unconfirmed",
                    "stationd stopped after sending and before the printer confirmed it: check the printer, then "
                    "resolve or reprint",
                    "print.unconfirmed");
    alarm(job.printer, fmt::format("print job {} ({} {}) may or may not have printed: decide", job.id, job.label,
                                   job.reference));
  }
  for (const auto& printer : devices_.printer_names()) publish_counts(printer);
}

void print_service::wake(const std::string& printer) {
  if (const auto it = workers_.find(printer); it != workers_.end()) it->second->wake.cancel();
}

void print_service::on_status(const std::string& printer, const drivers::printer_status& status) {
  const auto it = workers_.find(printer);
  if (it == workers_.end()) return;
  it->second->status = status;
  it->second->wake.cancel();
}

void print_service::hold(worker& w, const std::string& why) {
  if (w.held && w.hold_reason == why) return;
  w.held = true;
  w.hold_reason = why;
  auto waiting = reader_.db().prepare("SELECT count(*) FROM print_jobs WHERE printer = ?1 AND state IN ('queued', 'sent')");
  waiting.bind(1, w.printer);
  const auto count = waiting.step() ? waiting.column_int(0) : 0;
  const auto text = fmt::format("printer {}: {}; {} label{} waiting", w.printer, why, count, count == 1 ? "" : "s");
  log_.warning("printing", "{}", text);
  board_.set(w.printer + ".held", why);
  hub_.publish("alarm", {{"name", w.printer + ".held"}, {"text", text}});
}

void print_service::release(worker& w) {
  if (!w.held) return;
  w.held = false;
  w.hold_reason.clear();
  board_.set(w.printer + ".held", json::value(nullptr));
  log_.notice("printing", "printer {} prints again", w.printer);
}

namespace {

// Waits on the worker's timer; false when the worker is being stopped.
asio::awaitable<bool> pause(asio::steady_timer& timer, std::chrono::milliseconds d) {
  timer.expires_after(d);
  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  co_return (co_await asio::this_coro::cancellation_state).cancelled() == asio::cancellation_type::none;
}

std::string why_not_printing(const std::optional<drivers::printer_status>& status) {
  if (!status) return "no status yet";
  return join(status->tokens);
}

} // namespace

asio::awaitable<void> print_service::work(std::shared_ptr<worker> w) {
  for (;;) {
    try {
      if (!co_await work_once(w)) co_return;
    } catch (const job_changed& e) {
      // An operator settled the job while it waited here: take the next one.
      log_.notice("printing", "{}", e.what());
    }
  }
}

asio::awaitable<bool> print_service::work_once(std::shared_ptr<worker> w) {
  const auto job = next_queued(w->printer);
  if (!job) {
    release(*w);
    co_return co_await pause(w->wake, 1min);
  }
  if (devices_.online_printer(w->printer) == nullptr || !w->status || !w->status->can_print()) {
    hold(*w, devices_.online_printer(w->printer) == nullptr ? "OFFLINE" : why_not_printing(w->status));
    co_return co_await pause(w->wake, held_interval);
  }
  release(*w);
  // Journaled before the first byte goes out: after a crash the job is in doubt, never silently repeated.
  const auto sent = co_await change(*job, "sent", "", "print.sent");
  auto* driver = devices_.online_printer(w->printer);
  if (driver == nullptr) {
    co_await change(sent, "queued", "the printer went offline before the label was sent", "print.requeued");
    co_return true;
  }
  const auto result = co_await driver->send(sent.zpl);
  if (result.complete()) {
    co_await confirm(w, sent, result);
    co_return true;
  }
  if (result.safe_to_retry()) {
    const auto detail = fmt::format("not sent: {}", result.error);
    co_await change(sent, "queued", detail, "print.requeued");
    co_return co_await pause(w->wake, retry_interval);
  }
  auto text = fmt::format("the printer may hold part of the label ({} of {} bytes went out): {}", result.written,
                          result.size, result.error);
  co_await change(sent, "unconfirmed", text, "print.unconfirmed");
  alarm(w->printer, fmt::format("print job {}: {}: decide", sent.id, text));
  co_return true;
}

asio::awaitable<void> print_service::confirm(std::shared_ptr<worker> w, const print_job& job,
                                            const drivers::send_result& sent) {
  std::chrono::milliseconds interval = first_confirm_interval;
  bool first_poll = true;
  for (;;) {
    const auto& s = w->status;
    const bool offline = devices_.online_printer(w->printer) == nullptr ||
                         (s && std::find(s->tokens.begin(), s->tokens.end(), "OFFLINE") != s->tokens.end());
    // A new connection: the printer may have dropped the format with the old one.
    const bool reconnected = s && s->sequence > sent.polls_before && s->connection != sent.connection;
    if (offline || reconnected) {
      std::string text = offline ? "the printer went offline before confirming the label"
                                 : "the printer was reconnected before confirming the label";
      co_await change(job, "unconfirmed", text, "print.unconfirmed");
      alarm(w->printer, fmt::format("print job {}: {}: decide", job.id, text));
      co_return;
    }
    if (s && s->sequence > sent.polls_before) {
      if (s->all_printed()) {
        release(*w);
        co_await change(job, "confirmed", "", "print.confirmed");
        co_return;
      }
      if (!s->can_print()) hold(*w, why_not_printing(s)); // media out: the label waits in the printer
      else release(*w);
    }
    // Status polls of the driver's own loop wake this early.
    if (!first_poll && !co_await pause(w->wake, w->held ? std::chrono::milliseconds{held_interval} : interval)) co_return;
    if (!first_poll) interval = std::min<std::chrono::milliseconds>(interval * 2, confirm_interval);
    first_poll = false;
    if (auto* driver = devices_.online_printer(w->printer)) {
      try {
        (void)co_await driver->poll(); // on_status() keeps what it says
      } catch (const std::exception&) {
        // Not connected now: the status says OFFLINE.
      }
    }
  }
}

void print_service::alarm(const std::string& printer, std::string text) {
  log_.warning("printing", "{}", text);
  hub_.publish("alarm", {{"name", printer + ".print"}, {"text", std::move(text)}});
}

void print_service::start_worker(const std::string& printer) {
  auto w = std::make_shared<worker>(executor_, printer);
  workers_.emplace(printer, w);
  w->running = true;
  // Not detached: a failure (the journal stopped, say) is kept for run() to rethrow.
  asio::co_spawn(executor_, work(w), asio::bind_cancellation_slot(w->cancel.slot(), [this, w](std::exception_ptr e) {
                   w->running = false;
                   stopped_.cancel();
                   if (!e || stopping_ || w->stopping) return;
                   try {
                     std::rethrow_exception(e);
                   } catch (const std::exception& ex) {
                     log_.error("printing", "print queue of {} stopped: {}", w->printer, ex.what());
                   }
                   failure_ = e;
                 }));
  publish_counts(printer);
}

asio::awaitable<void> print_service::run() {
  asio::steady_timer tick{executor_};
  for (;;) {
    // Printers come and go with reloads: a worker per configured printer.
    const auto names = devices_.printer_names();
    for (const auto& name : names) {
      const auto it = workers_.find(name);
      if (it == workers_.end()) start_worker(name);
    }
    for (auto it = workers_.begin(); it != workers_.end();) {
      auto& w = it->second;
      if (std::find(names.begin(), names.end(), it->first) != names.end()) {
        ++it;
        continue;
      }
      if (!w->stopping) {
        w->stopping = true; // its jobs stay queued until the printer is configured again
        w->cancel.emit(asio::cancellation_type::terminal);
        w->wake.cancel();
      }
      if (w->running) ++it;
      else it = workers_.erase(it);
    }
    if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
    tick.expires_after(1s);
    co_await tick.async_wait(asio::use_awaitable); // throws when run() is cancelled
  }
}

asio::awaitable<void> print_service::stop() {
  stopping_ = true;
  for (auto& [name, w] : workers_) {
    w->cancel.emit(asio::cancellation_type::terminal);
    w->wake.cancel();
  }
  // Every wait of a worker has a timeout (a send, a poll, a journal write), so they all end.
  for (;;) {
    bool any = false;
    for (const auto& [name, w] : workers_) any = any || w->running;
    if (!any) break;
    stopped_.expires_after(1s);
    co_await stopped_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  workers_.clear();
}

namespace {

std::string string_arg(const json::object& args, std::string_view key) {
  const auto* v = args.if_contains(key);
  if (v == nullptr || v->is_null()) return {};
  if (!v->is_string()) throw std::invalid_argument(fmt::format("\"{}\" must be a string", key));
  return std::string{v->get_string()};
}

std::string required_arg(const json::object& args, std::string_view key) {
  auto value = string_arg(args, key);
  if (value.empty()) throw std::invalid_argument(fmt::format("\"{}\" is required", key));
  return value;
}

std::int64_t int_arg(const json::object& args, std::string_view key, std::int64_t fallback) {
  const auto* v = args.if_contains(key);
  if (v == nullptr || v->is_null()) return fallback;
  if (!v->is_int64() && !v->is_uint64()) throw std::invalid_argument(fmt::format("\"{}\" must be a whole number", key));
  return v->is_int64() ? v->get_int64() : static_cast<std::int64_t>(v->get_uint64());
}

bool bool_arg(const json::object& args, std::string_view key) {
  const auto* v = args.if_contains(key);
  if (v == nullptr || v->is_null()) return false;
  if (!v->is_bool()) throw std::invalid_argument(fmt::format("\"{}\" must be true or false", key));
  return v->get_bool();
}

std::string today_iso() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm local{};
  ::localtime_r(&now, &local);
  return fmt::format("{:04}-{:02}-{:02}", local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

// "1250" g -> "1.25" kg, exactly (decimal shift, no floating point).
std::optional<std::string> grams_to_kg(std::string grams) {
  const auto dot = grams.find('.');
  auto whole = grams.substr(0, dot);
  auto fraction = dot == std::string::npos ? std::string{} : grams.substr(dot + 1);
  if (whole.empty() || whole.find_first_not_of("0123456789") != std::string::npos ||
      fraction.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  whole = std::string(3, '0') + whole;
  auto kg_whole = whole.substr(0, whole.size() - 3);
  auto kg_fraction = whole.substr(whole.size() - 3) + fraction;
  kg_whole.erase(0, std::min(kg_whole.find_first_not_of('0'), kg_whole.size() - 1));
  while (!kg_fraction.empty() && kg_fraction.back() == '0') kg_fraction.pop_back();
  return kg_fraction.empty() ? kg_whole : kg_whole + "." + kg_fraction;
}

control::reply failed(std::string_view command, const std::exception& e) {
  return make_reply(result_code::error, fmt::format("{}: {}", command, e.what()));
}

} // namespace

std::string print_service::current_weight_kg(const std::string& wanted) const {
  std::string scale = wanted;
  if (scale.empty()) {
    const auto scales = devices_.names_of_class("scale");
    if (scales.empty()) throw std::invalid_argument("no gross_weight_kg given and no scale configured");
    if (scales.size() > 1) throw std::invalid_argument("no gross_weight_kg given and several scales: say which with \"scale\"");
    scale = scales.front();
  }
  const auto* weight = board_.find(scale + ".weight");
  const auto* stable = board_.find(scale + ".stable");
  const auto* unit = board_.find(scale + ".unit");
  if (weight == nullptr || !weight->is_string()) {
    const auto* error = board_.find(scale + ".error");
    throw std::invalid_argument(fmt::format("{} has no weight{}", scale,
                                            error && error->is_string() ? fmt::format(" ({})", error->get_string().c_str()) : ""));
  }
  if (stable == nullptr || !stable->is_bool() || !stable->get_bool()) {
    throw std::invalid_argument(fmt::format("{} is not stable: wait for the weight to settle", scale));
  }
  const std::string value{weight->get_string()};
  const std::string u = unit != nullptr && unit->is_string() ? std::string{unit->get_string()} : "";
  if (u == "kg") return value;
  if (u == "g") {
    if (auto kg = grams_to_kg(value)) return *kg;
  }
  throw std::invalid_argument(
      fmt::format("{} weighs in \"{}\": a GS1 gross weight (AI 330n) is in kg; give gross_weight_kg", scale, u));
}

asio::awaitable<control::reply> print_service::print_label(const json::object& args) {
  const auto label = required_arg(args, "label");
  const auto* found = library_.find(label);
  if (found == nullptr) {
    co_return make_reply(result_code::error, fmt::format("print-label: no label template \"{}\" in {}", label,
                                                         settings_.directory.string()));
  }
  const labels::label_template tmpl = *found; // a copy: a reload may replace the library while an SSCC is allocated
  submit_request request;
  request.printer = string_arg(args, "printer");
  request.label = label;
  request.requested_by = string_arg(args, "by");
  if (const auto effect = int_arg(args, "effect", 0); effect > 0) request.effect = effect;
  labels::field_result fields;
  json::object extra;
  if (label == "gs1-logistic") {
    if (!sscc_ || !sscc_settings_) co_return make_reply(result_code::error, "print-label: gs1-logistic needs [sscc] configured");
    const auto* to = args.if_contains("ship_to");
    if (to == nullptr || !to->is_object()) {
      co_return make_reply(result_code::error,
                           "print-label: \"ship_to\" must be an object {name, street, postal_code, city, country}");
    }
    labels::logistic_label l;
    l.ship_from = settings_.ship_from;
    l.ship_to = {required_arg(to->get_object(), "name"), string_arg(to->get_object(), "street"),
                 required_arg(to->get_object(), "postal_code"), string_arg(to->get_object(), "city"),
                 string_arg(to->get_object(), "country")};
    l.order_number = required_arg(args, "order_number");
    l.gross_weight_kg = string_arg(args, "gross_weight_kg");
    if (l.gross_weight_kg.empty()) l.gross_weight_kg = current_weight_kg(string_arg(args, "scale"));
    l.package_number = static_cast<int>(int_arg(args, "package_number", 1));
    // Without a count ("package 2", more to come) the label says only the number.
    l.package_count = static_cast<int>(int_arg(args, "package_count", args.contains("package_count") ? 1 : 0));
    if (l.package_number < 1 || (l.package_count != 0 && l.package_number > l.package_count)) {
      co_return make_reply(result_code::error, "print-label: package_number must be between 1 and package_count");
    }
    l.company_prefix_length = sscc_settings_->company_prefix.size();
    // Checked and rendered with a placeholder SSCC first: a bad address or weight must not use up a serial.
    l.sscc = "000000000000000000";
    const auto check = labels::logistic_label_fields(l);
    if (!check.fields) co_return make_reply(result_code::error, fmt::format("print-label: {}", check.error));
    if (const auto trial = tmpl.render(*check.fields); !trial.zpl) {
      co_return make_reply(result_code::error, fmt::format("print-label: {}", trial.error.value_or("")));
    }
    std::string sscc = string_arg(args, "sscc");
    if (!sscc.empty()) {
      // Allocated earlier (a package closed by the packing workflow): it must be one this station issued.
      auto st = reader_.db().prepare("SELECT count(*) FROM sscc_issued WHERE sscc = ?1");
      st.bind(1, sscc);
      if (!st.step() || st.column_int(0) != 1) {
        co_return make_reply(result_code::error, fmt::format("print-label: SSCC {} was not issued by this station", sscc));
      }
    } else {
      json::object context{{"purpose", "logistic label"}, {"order_number", l.order_number},
                           {"package", fmt::format("{}/{}", l.package_number, l.package_count)}};
      const auto allocator = sscc_; // a reload may replace sscc_ meanwhile
      const auto [ec, allocated] =
          co_await allocator->async_allocate(std::move(context), asio::as_tuple(asio::use_awaitable));
      if (ec) co_return make_reply(result_code::refused, fmt::format("print-label: no SSCC: {}", allocated));
      sscc = allocated;
    }
    l.sscc = sscc;
    fields = labels::logistic_label_fields(l);
    request.reference = sscc;
    extra["sscc"] = sscc;
    extra["gross_weight_kg"] = l.gross_weight_kg;
  } else if (label == "return-disposition") {
    labels::return_label l;
    l.rma = required_arg(args, "rma");
    l.order_number = string_arg(args, "order_number");
    l.date = today_iso();
    l.item_description = required_arg(args, "item_description");
    l.gtin = required_arg(args, "gtin");
    l.serial = string_arg(args, "serial");
    l.grade = required_arg(args, "grade");
    l.disposition = required_arg(args, "disposition");
    l.destination = string_arg(args, "destination");
    l.reason = string_arg(args, "reason");
    l.inspected_by = required_arg(args, "by");
    l.station = station_id_;
    fields = labels::return_label_fields(l);
    request.reference = l.rma;
  } else if (label == "tote-location") {
    labels::tote_label l;
    l.kind = string_arg(args, "kind");
    if (l.kind.empty()) l.kind = "TOTE";
    if (l.kind != "TOTE" && l.kind != "LOCATION") co_return make_reply(result_code::error, "print-label: \"kind\" must be TOTE or LOCATION");
    l.code = required_arg(args, "code");
    l.description = string_arg(args, "description");
    fields = labels::tote_label_fields(l);
    request.reference = l.code;
  } else {
    // A station's own template: the caller gives every field.
    const auto* given = args.if_contains("fields");
    if (given == nullptr || !given->is_object()) {
      co_return make_reply(result_code::error, fmt::format("print-label: template {} needs \"fields\": an object of strings", label));
    }
    labels::field_map values;
    for (const auto& [key, value] : given->get_object()) {
      if (!value.is_string()) co_return make_reply(result_code::error, fmt::format("print-label: field {} must be a string", std::string_view{key}));
      values.emplace(std::string{key}, std::string{value.get_string()});
    }
    fields.fields = std::move(values);
    request.reference = string_arg(args, "reference");
  }
  if (!fields.fields) co_return make_reply(result_code::error, fmt::format("print-label: {}", fields.error));
  auto rendered = tmpl.render(*fields.fields);
  if (!rendered.zpl) co_return make_reply(result_code::error, fmt::format("print-label: {}", rendered.error.value_or("")));
  request.zpl = std::move(*rendered.zpl);
  const auto job = co_await submit(std::move(request));
  auto reply = to_json(job);
  for (auto& [key, value] : extra) reply[key] = value;
  auto text = fmt::format("{} label {} queued as job {} on {}", job.label, job.reference, job.id, job.printer);
  co_return make_reply(result_code::success, std::move(text), std::move(reply));
}

void print_service::register_commands(control::command_registry& commands) {
  commands.add("print-queue",
               "Print jobs: open ones (queued, sent, unconfirmed), or {\"all\": true, \"limit\": n}; {\"job\": id} shows one with its ZPL.",
               [this](const json::object& args) -> asio::awaitable<control::reply> {
                 try {
                   if (const auto id = int_arg(args, "job", 0); id != 0) {
                     const auto job = find(id);
                     if (!job) co_return make_reply(result_code::error, fmt::format("print-queue: no print job {}", id));
                     auto text = fmt::format("job {} is {}", id, job->state);
                     co_return make_reply(result_code::success, std::move(text), to_json(*job, true));
                   }
                   const auto all = bool_arg(args, "all");
                   const auto limit = int_arg(args, "limit", 100);
                   if (limit < 1) co_return make_reply(result_code::error, "print-queue: \"limit\" must be at least 1");
                   json::array list;
                   for (const auto& j : jobs(!all, static_cast<std::size_t>(limit))) list.push_back(to_json(j));
                   if (list.empty()) co_return make_reply(result_code::empty, all ? "no print jobs" : "no open print jobs");
                   auto text = fmt::format("{} print job{}", list.size(), list.size() == 1 ? "" : "s");
                   co_return make_reply(result_code::success, std::move(text), json::object{{"jobs", std::move(list)}});
                 } catch (const std::invalid_argument& e) {
                   co_return failed("print-queue", e);
                 }
               });
  commands.add("print-label",
               "Print a label from a template: {\"label\": gs1-logistic|return-disposition|tote-location|<template>, ...} "
               "(docs/printing.md lists the arguments of each).",
               [this](const json::object& args) -> asio::awaitable<control::reply> {
                 try {
                   auto given = args;
                   given.erase("effect"); // only the workflows' own requests carry one
                   co_return co_await print_label(given);
                 } catch (const std::invalid_argument& e) {
                   co_return failed("print-label", e);
                 }
               });
  commands.add("print-zpl",
               "Print a ready ZPL label as it is (a carrier's label): {\"zpl\": \"^XA...^XZ\", \"reference\": text, "
               "\"printer\": name, \"by\": who}.",
               [this](const json::object& args) -> asio::awaitable<control::reply> {
                 try {
                   submit_request r;
                   r.zpl = required_arg(args, "zpl");
                   r.reference = required_arg(args, "reference");
                   r.printer = string_arg(args, "printer");
                   r.requested_by = string_arg(args, "by");
                   r.label = "zpl";
                   const auto job = co_await submit(std::move(r));
                   auto text = fmt::format("label {} queued as job {} on {}", job.reference, job.id, job.printer);
                   co_return make_reply(result_code::success, std::move(text), to_json(job));
                 } catch (const std::invalid_argument& e) {
                   co_return failed("print-zpl", e);
                 }
               });
  commands.add("reprint", "Print a job again, as a new job: {\"job\": id, \"reason\": why, \"by\": who}.",
               [this](const json::object& args) -> asio::awaitable<control::reply> {
                 try {
                   const auto id = int_arg(args, "job", 0);
                   auto reason = required_arg(args, "reason");
                   auto by = required_arg(args, "by");
                   const auto job = co_await reprint(id, std::move(reason), std::move(by));
                   auto text = fmt::format("reprint of job {} queued as job {}", id, job.id);
                   co_return make_reply(result_code::success, std::move(text), to_json(job));
                 } catch (const std::invalid_argument& e) {
                   co_return failed("reprint", e);
                 }
               });
  commands.add("print-resolve",
               "Settle a job in doubt: {\"job\": id, \"outcome\": \"printed\"|\"cancelled\", \"reason\": why, \"by\": who}.",
               [this](const json::object& args) -> asio::awaitable<control::reply> {
                 try {
                   const auto id = int_arg(args, "job", 0);
                   auto outcome = required_arg(args, "outcome");
                   auto reason = required_arg(args, "reason");
                   auto by = required_arg(args, "by");
                   const auto job = co_await resolve(id, std::move(outcome), std::move(reason), std::move(by));
                   auto text = fmt::format("job {} is {}", job.id, job.state);
                   co_return make_reply(result_code::success, std::move(text), to_json(job));
                 } catch (const std::invalid_argument& e) {
                   co_return failed("print-resolve", e);
                 } catch (const job_changed& e) {
                   co_return make_reply(result_code::refused, fmt::format("print-resolve: {}", e.what()));
                 }
               });
}

} // namespace stationd::printing
