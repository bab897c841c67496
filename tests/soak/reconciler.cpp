#include "reconciler.hpp"

#include "json_fields.hpp"
#include "zpl_formats.hpp"

#include "journal/sqlite.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include <fstream>
#include <map>
#include <set>

namespace stationd::soak {
namespace json = boost::json;

namespace {

constexpr std::size_t max_problems = 10;

struct checker {
  check_result result;
  explicit checker(std::string name) { result.name = std::move(name); }
  void fail(std::string problem) {
    result.ok = false;
    if (result.problems.size() < max_problems) result.problems.push_back(std::move(problem));
  }
};

std::vector<json::value> read_lines(const std::filesystem::path& path) {
  std::vector<json::value> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    boost::system::error_code ec;
    auto v = json::parse(line, ec);
    if (ec) throw std::runtime_error(fmt::format("{}: a line that is not JSON: {}", path.string(), line));
    out.push_back(std::move(v));
  }
  return out;
}

json::value parse(const std::string& s) { return json::parse(s); }

// The journal is whole and its sequence has no gap.
check_result journal_intact(const sqlite::database& journal) {
  checker c{"journal intact, sequence gapless"};
  const auto integrity = journal.query_text("PRAGMA integrity_check");
  if (integrity != "ok") c.fail("integrity_check: " + integrity);
  const auto count = journal.query_int("SELECT count(*) FROM events");
  const auto last = journal.query_int("SELECT coalesce(max(seq), 0) FROM events");
  if (count != last) c.fail(fmt::format("{} events but the last seq is {}", count, last));
  c.result.summary = fmt::format("{} events", count);
  return c.result;
}

// Every input the station answered is in the journal as it was answered.
check_result acknowledged_inputs(const sqlite::database& journal, const std::vector<json::value>& acks) {
  checker c{"every acknowledged scan and action is journaled"};
  std::set<std::int64_t> seen;
  std::size_t acknowledged = 0, not_recorded = 0, unanswered = 0;
  auto st = journal.prepare("SELECT type, payload FROM events WHERE seq = ?1");
  for (const auto& a : acks) {
    if (a.as_object().contains("unanswered")) {
      ++unanswered;
      continue;
    }
    const auto seq = int_at(a, "seq");
    const auto kind = text_at(a, "kind");
    const auto& input = a.at("input");
    if (seq == 0) {
      // Refused without a record: only while the station stops or its journal has failed.
      const auto message = text_at(a, "message");
      if (message != "station.stopping" && message != "station.not_recorded") {
        c.fail(fmt::format("answered without a journal sequence: {}", json::serialize(a)));
      }
      ++not_recorded;
      continue;
    }
    ++acknowledged;
    if (!seen.insert(seq).second) c.fail(fmt::format("seq {} answered for two inputs", seq));
    st.reset();
    st.bind(1, seq);
    if (!st.step()) {
      c.fail(fmt::format("acknowledged as seq {} but not in the journal: {}", seq, json::serialize(a)));
      continue;
    }
    const auto payload = parse(st.column_text(1));
    bool same = st.column_text(0) == "workflow.input" && text_at(payload, "input") == kind &&
                text_at(payload, "verdict") == text_at(a, "verdict");
    if (kind == "scan") same = same && text_at(payload, "raw") == text_at(input, "code");
    if (kind == "action") same = same && text_at(payload, "name") == text_at(input, "name");
    if (!same) c.fail(fmt::format("seq {} holds {} {}, answered {}", seq, st.column_text(0), st.column_text(1), json::serialize(a)));
  }
  c.result.summary = fmt::format("{} acknowledged, {} refused unrecorded (station stopping), {} unanswered (killed)",
                                 acknowledged, not_recorded, unanswered);
  if (acknowledged == 0) c.fail("no input was acknowledged at all");
  return c.result;
}

// Central holds every event of the journal exactly once, with the station's UUID.
check_result central_exactly_once(const sqlite::database& journal, const sqlite::database& central,
                                  const std::string& station) {
  checker c{"central applied every event exactly once"};
  const auto epoch = journal.query_text("SELECT value FROM station_meta WHERE key = 'epoch'");
  const auto n = journal.query_int("SELECT count(*) FROM events");
  if (central.query_int("SELECT count(*) - count(DISTINCT uuid) FROM events") != 0) c.fail("a UUID applied twice");
  // The record of the final clean stop is written after the link closed: it
  // reaches central at the next start. Only that may be missing at the end.
  auto stop_record = journal.prepare("SELECT type FROM events WHERE seq = ?1");
  stop_record.bind(1, n);
  const bool ends_with_stop = stop_record.step() && stop_record.column_text(0) == "station.stopped";
  auto count = central.prepare("SELECT count(*), coalesce(min(seq), 0), coalesce(max(seq), 0) FROM events WHERE station = ?1 AND epoch = ?2");
  count.bind(1, station).bind(2, epoch);
  count.step();
  const auto held = count.column_int(0);
  const bool all = held == n || (ends_with_stop && held == n - 1);
  if (!all || (held > 0 && (count.column_int(1) != 1 || count.column_int(2) != held))) {
    c.fail(fmt::format("central holds {} events (seq {}..{}) of the station's {}", held, count.column_int(1),
                       count.column_int(2), n));
  }
  auto others = central.prepare("SELECT count(*) FROM events WHERE station = ?1 AND epoch <> ?2");
  others.bind(1, station).bind(2, epoch);
  others.step();
  if (others.column_int(0) != 0) c.fail(fmt::format("{} events of another epoch", others.column_int(0)));
  auto applied = central.prepare("SELECT applied FROM streams WHERE station = ?1 AND epoch = ?2");
  applied.bind(1, station).bind(2, epoch);
  if (!applied.step() || applied.column_int(0) != held) c.fail("central's applied mark is not its last event");
  std::map<std::int64_t, std::tuple<std::string, std::string, std::string>> at_central;
  auto rows = central.prepare("SELECT seq, uuid, type, payload FROM events WHERE station = ?1 AND epoch = ?2");
  rows.bind(1, station).bind(2, epoch);
  while (rows.step()) at_central[rows.column_int(0)] = {rows.column_text(1), rows.column_text(2), rows.column_text(3)};
  auto mine = journal.prepare("SELECT e.seq, o.uuid, e.type, e.payload FROM events e JOIN outbox o ON o.seq = e.seq ORDER BY e.seq");
  std::int64_t compared = 0;
  while (mine.step()) {
    const auto it = at_central.find(mine.column_int(0));
    if (it == at_central.end()) continue; // counted above
    const auto& [uuid, type, payload] = it->second;
    if (uuid != mine.column_text(1) || type != mine.column_text(2) || parse(payload) != parse(mine.column_text(3))) {
      c.fail(fmt::format("seq {} differs at central: {} {} vs {} {}", mine.column_int(0), type, uuid, mine.column_text(2),
                         mine.column_text(1)));
    }
    ++compared;
  }
  c.result.summary = fmt::format("{} events compared with central's store{}", compared,
                                 held < n ? " (the final stop record follows at the next start)" : "");
  return c.result;
}

// No SSCC was given twice; every package has its own.
check_result sscc_unique(const sqlite::database& journal) {
  checker c{"no SSCC issued twice"};
  std::map<std::string, int> allocated;
  auto st = journal.prepare("SELECT payload FROM events WHERE type = 'sscc.allocated'");
  while (st.step()) ++allocated[text_at(parse(st.column_text(0)), "sscc")];
  for (const auto& [sscc, n] : allocated) {
    if (n > 1) c.fail(fmt::format("SSCC {} allocated {} times", sscc, n));
  }
  if (journal.query_int("SELECT count(*) FROM sscc_issued") != static_cast<std::int64_t>(allocated.size())) {
    c.fail("the register of issued SSCCs and the sscc.allocated events differ");
  }
  auto pk = journal.prepare("SELECT id, json_extract(body, '$.order') FROM api_entities WHERE kind = 'package'");
  std::size_t packages = 0;
  while (pk.step()) {
    ++packages;
    const auto sscc = pk.column_text(0);
    if (!allocated.contains(sscc)) c.fail(fmt::format("package {} has an SSCC never allocated", sscc));
  }
  c.result.summary = fmt::format("{} SSCCs allocated, {} packages", allocated.size(), packages);
  return c.result;
}

// Every label on the printer belongs to a confirmed job; a second copy only by an audited reprint.
check_result labels_once(const sqlite::database& journal, const std::vector<json::value>& labels) {
  checker c{"no label printed twice without an audited reprint"};
  struct job {
    std::int64_t id;
    std::string reference, label, state;
    bool reprint;
    std::string reason, by;
  };
  std::map<std::string, std::vector<job>> by_zpl;
  auto st = journal.prepare("SELECT id, zpl, reference, label, state, reprint_of IS NOT NULL, reason, requested_by FROM print_jobs");
  std::size_t jobs = 0, reprints = 0;
  while (st.step()) {
    ++jobs;
    job j{st.column_int(0), st.column_text(2), st.column_text(3), st.column_text(4), st.column_int(5) != 0,
          st.column_text(6), st.column_text(7)};
    if (j.reprint) {
      ++reprints;
      if (j.reason.empty() || j.by.empty()) c.fail(fmt::format("reprint job {} without a reason or who asked", j.id));
    }
    // A job's ZPL may hold several formats (a carrier's label); each is a label.
    for (const auto& format : zpl_formats(st.column_text(1))) by_zpl[format].push_back(j);
  }
  std::map<std::string, std::int64_t> copies;
  for (const auto& l : labels) ++copies[std::string{l.as_string()}];
  for (const auto& [zpl, n] : copies) {
    const auto it = by_zpl.find(zpl);
    if (it == by_zpl.end()) {
      c.fail(fmt::format("{} label(s) printed that no job asked for: {}", n, zpl.substr(0, 80)));
      continue;
    }
    std::int64_t confirmed = 0;
    for (const auto& j : it->second) confirmed += j.state == "confirmed";
    if (n != confirmed) {
      c.fail(fmt::format("{} {}: {} copies on the printer, {} confirmed jobs", it->second.front().label,
                         it->second.front().reference, n, confirmed));
    }
  }
  // A job that is not a reprint was asked for by one workflow step: the step's
  // effect is marked done (done_seq) by the transaction that queued the job, so
  // a step cannot queue its label twice. (Two units of one product returned
  // together get two identical labels, one per unit: each has its own step effect.)
  const auto unrequested = journal.query_int(
      "SELECT count(*) FROM print_jobs j WHERE j.reprint_of IS NULL AND "
      "(SELECT count(*) FROM workflow_effects e WHERE e.kind = 'print' AND e.done_seq = j.id) <> 1");
  if (unrequested != 0) c.fail(fmt::format("{} print jobs that are neither one workflow step's label nor a reprint", unrequested));
  for (const auto& [zpl, js] : by_zpl) {
    for (const auto& j : js) {
      if (j.state == "queued" || j.state == "sent" || j.state == "unconfirmed") {
        c.fail(fmt::format("job {} ({} {}) is still {}", j.id, j.label, j.reference, j.state));
      }
    }
  }
  // Each reprint is audited in the journal by its print.queued event.
  const auto audited = journal.query_int(
      "SELECT count(*) FROM events WHERE type = 'print.queued' AND json_extract(payload, '$.reprint_of') IS NOT NULL "
      "AND json_extract(payload, '$.reason') IS NOT NULL AND json_extract(payload, '$.by') IS NOT NULL");
  if (audited != static_cast<std::int64_t>(reprints)) c.fail(fmt::format("{} reprints but {} audited", reprints, audited));
  // Every package that left has its logistic label, confirmed.
  const auto unlabeled = journal.query_int(
      "SELECT count(*) FROM api_entities p WHERE p.kind = 'package' AND json_extract(p.body, '$.state') = 'LOADED' "
      "AND NOT EXISTS (SELECT 1 FROM print_jobs j WHERE j.reference = p.id AND j.label = 'gs1-logistic' AND j.state = 'confirmed')");
  if (unlabeled != 0) c.fail(fmt::format("{} loaded packages without a confirmed logistic label", unlabeled));
  std::int64_t printed = 0;
  for (const auto& [zpl, n] : copies) printed += n;
  c.result.summary = fmt::format("{} labels on the printer, {} jobs, {} audited reprints", printed, jobs, reprints);
  return c.result;
}

// The 3PL client saw every change, and ends with the journal's entities.
check_result feed_complete(const sqlite::database& journal, const std::vector<json::value>& feed) {
  checker c{"the 3PL feed has every change, and ends with the journal's state"};
  std::map<std::string, std::string> by_event_id;
  std::set<std::int64_t> seqs;
  struct seen {
    std::int64_t version = 0;
    json::value data;
  };
  std::map<std::pair<std::string, std::string>, seen> entities;
  std::size_t duplicates = 0, unavailable = 0;
  for (const auto& e : feed) {
    if (e.as_object().contains("failure")) {
      // A 503 while the station starts or stops is an answer a client retries;
      // anything else (a 410 above all) must not happen to a cursor of this journal.
      if (e.at("failure") == 503) ++unavailable;
      else c.fail("the feed answered " + json::serialize(e));
      continue;
    }
    const auto id = text_at(e, "event_id");
    const auto whole = json::serialize(e);
    if (const auto [it, fresh] = by_event_id.emplace(id, whole); !fresh) {
      ++duplicates;
      if (it->second != whole) c.fail(fmt::format("event {} came twice with different contents", id));
      continue;
    }
    seqs.insert(int_at(e, "seq"));
    const auto& entity = e.at("entity");
    auto& known = entities[{text_at(entity, "type"), text_at(entity, "id")}];
    if (int_at(entity, "version") > known.version) known = {int_at(entity, "version"), e.at("data")};
  }
  std::size_t changes = 0;
  auto st = journal.prepare("SELECT seq FROM api_changes ORDER BY seq");
  while (st.step()) {
    ++changes;
    if (!seqs.contains(st.column_int(0))) c.fail(fmt::format("the change at seq {} never reached the feed", st.column_int(0)));
  }
  if (seqs.size() != changes) c.fail(fmt::format("the feed had {} changes, the journal {}", seqs.size(), changes));
  auto ent = journal.prepare("SELECT kind, id, version, body FROM api_entities");
  std::size_t compared = 0;
  while (ent.step()) {
    ++compared;
    const auto it = entities.find({ent.column_text(0), ent.column_text(1)});
    if (it == entities.end()) {
      c.fail(fmt::format("{} {} never appeared in the feed", ent.column_text(0), ent.column_text(1)));
    } else if (it->second.version != ent.column_int(2) || it->second.data != parse(ent.column_text(3))) {
      c.fail(fmt::format("{} {}: the feed ends at version {}, the journal at {}", ent.column_text(0), ent.column_text(1),
                         it->second.version, ent.column_int(2)));
    }
  }
  if (entities.size() != compared) c.fail(fmt::format("the feed knows {} entities, the journal {}", entities.size(), compared));
  c.result.summary = fmt::format("{} changes, {} entities, {} repeated deliveries, {} answers 503", changes, compared,
                                 duplicates, unavailable);
  return c.result;
}

// What the operator finished is finished in the journal too.
check_result work_done(const sqlite::database& journal, const std::vector<json::value>& done) {
  checker c{"every finished job is finished in the journal"};
  auto st = journal.prepare("SELECT json_extract(body, '$.state') FROM api_entities WHERE kind = ?1 AND id = ?2");
  std::size_t orders = 0, returns = 0;
  for (const auto& d : done) {
    const bool is_order = !text_at(d, "shipped").empty();
    const auto id = is_order ? text_at(d, "shipped") : text_at(d, "returned");
    st.reset();
    st.bind(1, std::string_view{is_order ? "order" : "return"}).bind(2, id);
    const auto state = st.step() ? st.column_text(0) : std::string{"(missing)"};
    const bool ok = is_order ? state == "SHIPPED" : (state == "INSPECTED" || state == "COMPLETED");
    if (!ok) c.fail(fmt::format("{} is {}", id, state));
    (is_order ? orders : returns)++;
  }
  if (orders == 0) c.fail("no order was shipped");
  c.result.summary = fmt::format("{} orders shipped, {} returns verified", orders, returns);
  return c.result;
}

} // namespace

std::vector<check_result> reconcile(const std::filesystem::path& run_dir, const std::string& station_id) {
  const sqlite::database journal{run_dir / "station/state/journal.db", sqlite::database::mode::read_only};
  const sqlite::database central{run_dir / "central/central.db", sqlite::database::mode::read_only};
  const auto acks = read_lines(run_dir / "acks.jsonl");
  const auto feed = read_lines(run_dir / "feed.jsonl");
  const auto labels = read_lines(run_dir / "labels.jsonl");
  const auto done = read_lines(run_dir / "done.jsonl");
  return {journal_intact(journal),
          acknowledged_inputs(journal, acks),
          central_exactly_once(journal, central, station_id),
          sscc_unique(journal),
          labels_once(journal, labels),
          feed_complete(journal, feed),
          work_done(journal, done)};
}

} // namespace stationd::soak
