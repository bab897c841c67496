#include "api/entity_store.hpp"
#include "api/entity_projection.hpp"
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace stationd::api {
namespace json = boost::json;

namespace {

// A read transaction: everything read inside it comes from one snapshot.
class read_transaction {
public:
  explicit read_transaction(const sqlite::database& db) : db_{const_cast<sqlite::database&>(db)} { db_.exec("BEGIN"); }
  ~read_transaction() {
    try {
      if (db_.in_transaction()) db_.exec("COMMIT");
    } catch (const sqlite::error&) {
    }
  }
  read_transaction(const read_transaction&) = delete;
  read_transaction& operator=(const read_transaction&) = delete;

private:
  sqlite::database& db_;
};

std::uint64_t meta_number(const sqlite::database& db, std::string_view key) {
  auto st = db.prepare("SELECT value FROM station_meta WHERE key = ?1");
  st.bind(1, key);
  if (!st.step()) return 0;
  const auto text = st.column_text(0);
  try {
    return std::stoull(text);
  } catch (const std::exception&) {
    return 0;
  }
}

std::string in_list(const std::set<std::string, std::less<>>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ", ";
    out += '\'';
    for (char c : v) {
      if (c == '\'') out += '\'';
      out += c;
    }
    out += '\'';
  }
  return out;
}

std::string where_visible(const visibility& who) {
  std::string sql;
  if (!who.kinds.empty()) sql += fmt::format(" AND kind IN ({})", in_list(who.kinds));
  if (!who.clients.empty()) sql += fmt::format(" AND client_id IN ({})", in_list(who.clients));
  return sql;
}

} // namespace

bool visibility::sees(std::string_view kind, std::string_view client) const {
  return (kinds.empty() || kinds.contains(kind)) && (clients.empty() || clients.contains(client));
}

void entity_projector::operator()(sqlite::database& db, const journal::stored_event& event) const {
  // Only the few event types that change an entity are parsed at all.
  if (!event.type.starts_with("order.") && !event.type.starts_with("package.") && !event.type.starts_with("return.")) {
    return;
  }
  boost::system::error_code ec;
  auto parsed = json::parse(event.payload, ec);
  if (ec || !parsed.is_object()) return;
  const auto at = iso_time(event.recorded_at_ms);
  const auto change = change_of(event.type, parsed.as_object(), at);
  if (!change) return;

  auto find = db.prepare("SELECT body, version, client_id FROM api_entities WHERE kind = ?1 AND id = ?2");
  find.bind(1, change->kind).bind(2, change->id);
  json::object entity;
  std::int64_t version = 0;
  std::string client = change->client_id;
  if (find.step()) {
    entity = json::parse(find.column_text(0)).as_object();
    version = find.column_int(1);
    if (client.empty()) client = find.column_text(2);
  } else {
    entity = new_entity(change->kind, change->id, station_id_);
  }
  if (client.empty() && !change->related_order.empty()) {
    auto order = db.prepare("SELECT client_id FROM api_entities WHERE kind = 'order' AND id = ?1");
    order.bind(1, change->related_order);
    if (order.step()) client = order.column_text(0);
  }
  ++version;
  apply(entity, *change, client, version, event.seq, at);
  const auto body = json::serialize(entity);

  auto upsert = db.prepare(
      "INSERT INTO api_entities(kind, id, client_id, version, seq, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
      "ON CONFLICT(kind, id) DO UPDATE SET client_id = excluded.client_id, version = excluded.version, "
      "seq = excluded.seq, body = excluded.body");
  upsert.bind(1, change->kind).bind(2, change->id).bind(3, client).bind(4, version);
  upsert.bind(5, static_cast<std::int64_t>(event.seq)).bind(6, body);
  upsert.step();
  auto feed = db.prepare(
      "INSERT INTO api_changes(seq, kind, id, version, type, client_id, recorded_at, data) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  feed.bind(1, static_cast<std::int64_t>(event.seq)).bind(2, change->kind).bind(3, change->id).bind(4, version);
  feed.bind(5, change->type).bind(6, client).bind(7, event.recorded_at_ms).bind(8, body);
  feed.step();
}

entity_reader::entity_reader(const std::filesystem::path& journal_path)
    : db_{journal_path, sqlite::database::mode::read_only} {
  db_.exec("PRAGMA busy_timeout=10000");
}

std::string entity_reader::epoch() const {
  auto st = db_.prepare("SELECT value FROM station_meta WHERE key = 'epoch'");
  return st.step() ? st.column_text(0) : std::string{};
}

std::uint64_t entity_reader::last_seq() const {
  return static_cast<std::uint64_t>(db_.query_int("SELECT coalesce(max(seq), 0) FROM events"));
}

std::optional<stored_entity> entity_reader::entity(std::string_view kind, std::string_view id) const {
  auto st = db_.prepare("SELECT body, version, client_id FROM api_entities WHERE kind = ?1 AND id = ?2");
  st.bind(1, kind).bind(2, id);
  if (!st.step()) return std::nullopt;
  return stored_entity{st.column_text(0), st.column_int(1), st.column_text(2)};
}

std::string entity_reader::tag_of(std::uint64_t seq) const {
  if (seq == 0) return "0";
  auto st = db_.prepare("SELECT substr(uuid, 1, 8) FROM outbox WHERE seq = ?1");
  st.bind(1, static_cast<std::int64_t>(seq));
  return st.step() ? st.column_text(0) : std::string{};
}

feed_page entity_reader::changes(std::uint64_t after_seq, std::string_view after_tag, std::size_t limit,
                                 const visibility& who) const {
  read_transaction txn{db_};
  feed_page page;
  page.high_watermark = last_seq();
  if (after_seq < meta_number(db_, "changes_floor")) page.state = cursor_check::expired;
  else if (after_seq > page.high_watermark) page.state = cursor_check::ahead;
  else if (tag_of(after_seq) != after_tag) page.state = cursor_check::foreign;
  if (page.state != cursor_check::ok) return page;
  auto st = db_.prepare(fmt::format(
      "SELECT c.seq, coalesce(o.uuid, ''), c.kind, c.id, c.type, c.client_id, c.version, c.recorded_at, c.data "
      "FROM api_changes c LEFT JOIN outbox o ON o.seq = c.seq WHERE c.seq > ?1{} ORDER BY c.seq LIMIT ?2",
      where_visible(who)));
  st.bind(1, static_cast<std::int64_t>(after_seq)).bind(2, static_cast<std::int64_t>(limit + 1));
  while (st.step()) {
    if (page.events.size() == limit) {
      page.has_more = true;
      break;
    }
    page.events.push_back({static_cast<std::uint64_t>(st.column_int(0)), st.column_text(1), st.column_text(2),
                           st.column_text(3), st.column_text(4), st.column_text(5), st.column_int(6),
                           st.column_int(7), st.column_text(8)});
  }
  // Without more to read, the next page starts after everything committed so
  // far: events that concern no entity are not scanned again.
  page.next_seq = page.has_more ? page.events.back().seq : std::max(page.high_watermark, after_seq);
  page.next_tag = tag_of(page.next_seq);
  return page;
}

snapshot_page entity_reader::snapshot(const visibility& who, const std::optional<snapshot_position>& from,
                                     std::size_t limit) const {
  read_transaction txn{db_};
  snapshot_page page;
  if (from) {
    page.high_watermark = from->high_watermark;
    page.tag = from->tag;
  } else {
    page.high_watermark = last_seq();
    page.tag = tag_of(page.high_watermark);
  }
  auto st = db_.prepare(fmt::format("SELECT kind, id, body, version, client_id FROM api_entities "
                                    "WHERE (kind, id) > (?1, ?2){} ORDER BY kind, id LIMIT ?3",
                                    where_visible(who)));
  // ("" rather than an empty view, which SQLite would take for NULL.)
  st.bind(1, from ? std::string_view{from->kind} : std::string_view{""});
  st.bind(2, from ? std::string_view{from->id} : std::string_view{""});
  st.bind(3, static_cast<std::int64_t>(limit + 1));
  std::size_t n = 0;
  std::string last_kind, last_id;
  while (st.step()) {
    if (n == limit) {
      page.next = snapshot_position{page.high_watermark, page.tag, last_kind, last_id};
      break;
    }
    ++n;
    last_kind = st.column_text(0);
    last_id = st.column_text(1);
    stored_entity e{st.column_text(2), st.column_int(3), st.column_text(4)};
    if (last_kind == "order") page.orders.push_back(std::move(e));
    else if (last_kind == "package") page.packages.push_back(std::move(e));
    else page.returns.push_back(std::move(e));
  }
  return page;
}

void prune_changes(sqlite::database& db, std::int64_t before_ms) {
  // Only the old prefix goes: a change with a wrong (early) clock behind newer
  // ones stays, so no change newer than the cutoff is ever deleted.
  auto first_kept = db.prepare("SELECT min(seq) FROM api_changes WHERE recorded_at >= ?1");
  first_kept.bind(1, before_ms);
  std::int64_t floor = 0;
  if (first_kept.step() && !first_kept.column_is_null(0)) {
    floor = first_kept.column_int(0) - 1;
  } else {
    floor = db.query_int("SELECT coalesce(max(seq), 0) FROM api_changes"); // all are old
  }
  if (floor <= static_cast<std::int64_t>(meta_number(db, "changes_floor"))) return;
  if (db.query_int(fmt::format("SELECT count(*) FROM api_changes WHERE seq <= {}", floor)) == 0) return;
  auto del = db.prepare("DELETE FROM api_changes WHERE seq <= ?1");
  del.bind(1, floor);
  del.step();
  auto meta = db.prepare("INSERT INTO station_meta(key, value) VALUES ('changes_floor', ?1) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  meta.bind(1, std::to_string(floor));
  meta.step();
}

} // namespace stationd::api
