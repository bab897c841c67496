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

cursor_check entity_reader::check(std::uint64_t after_seq) const {
  read_transaction txn{db_};
  if (after_seq < meta_number(db_, "changes_floor")) return cursor_check::expired;
  if (after_seq > last_seq()) return cursor_check::ahead;
  return cursor_check::ok;
}

feed_page entity_reader::changes(std::uint64_t after_seq, std::size_t limit, const visibility& who) const {
  read_transaction txn{db_};
  feed_page page;
  page.high_watermark = last_seq();
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
  return page;
}

snapshot_page entity_reader::snapshot(const visibility& who) const {
  read_transaction txn{db_};
  snapshot_page page;
  page.high_watermark = last_seq();
  auto st = db_.prepare(fmt::format("SELECT kind, body, version, client_id FROM api_entities WHERE 1 = 1{} "
                                    "ORDER BY kind, id",
                                    where_visible(who)));
  while (st.step()) {
    stored_entity e{st.column_text(1), st.column_int(2), st.column_text(3)};
    const auto kind = st.column_text(0);
    if (kind == "order") page.orders.push_back(std::move(e));
    else if (kind == "package") page.packages.push_back(std::move(e));
    else page.returns.push_back(std::move(e));
  }
  return page;
}

void prune_changes(sqlite::database& db, std::int64_t before_ms) {
  auto newest = db.prepare("SELECT max(seq) FROM api_changes WHERE recorded_at < ?1");
  newest.bind(1, before_ms);
  if (!newest.step() || newest.column_is_null(0)) return;
  const auto floor = newest.column_int(0);
  auto del = db.prepare("DELETE FROM api_changes WHERE seq <= ?1");
  del.bind(1, floor);
  del.step();
  auto meta = db.prepare("INSERT INTO station_meta(key, value) VALUES ('changes_floor', ?1) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  meta.bind(1, std::to_string(floor));
  meta.step();
}

} // namespace stationd::api
