#include "revision_store.hpp"

#include "store_transaction.hpp"
#include "workflow/master_data.hpp"
#include "workflow/master_update.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace stationd::central {

namespace json = boost::json;

namespace {

std::int64_t as_int(std::uint64_t v) { return static_cast<std::int64_t>(v); }

} // namespace

std::uint64_t revision_store::latest() const {
  return static_cast<std::uint64_t>(db_.query_int("SELECT coalesce(max(revision), 0) FROM revisions"));
}

std::string revision_store::store(std::uint64_t revision, std::uint64_t base, std::string_view kind,
                                  std::string_view body, std::string_view data) {
  auto st = db_.prepare(
      "INSERT INTO revisions(revision, base, kind, body, data, id) VALUES(?, ?, ?, ?, ?, lower(hex(randomblob(16))))");
  st.bind(1, as_int(revision)).bind(2, as_int(base)).bind(3, kind).bind(4, body).bind(5, data);
  st.step();
  return id_of(revision).value_or("");
}

std::optional<std::string> revision_store::id_of(std::uint64_t revision) const {
  auto st = db_.prepare("SELECT coalesce(id, '') FROM revisions WHERE revision = ?");
  st.bind(1, as_int(revision));
  if (!st.step()) return std::nullopt;
  return st.column_text(0);
}

sync::snapshot revision_store::publish_snapshot(std::string_view master_data_json) {
  auto data = workflow::parse_master_data(master_data_json);
  store_transaction tx{db_};
  const auto base = latest();
  data.revision = base + 1;
  const auto text = workflow::to_json_text(data);
  auto id = store(data.revision, base, "snapshot", text, text);
  tx.commit();
  return {data.revision, json::parse(text).as_object(), std::move(id)};
}

sync::update revision_store::publish_update(const json::object& changes) {
  store_transaction tx{db_};
  const auto base = latest();
  workflow::master_data current;
  if (base > 0) current = workflow::parse_master_data(db_.query_text(
                    "SELECT data FROM revisions WHERE revision = (SELECT max(revision) FROM revisions)"));
  const auto next = workflow::apply_changes(current, changes, base + 1);
  auto id = store(base + 1, base, "update", json::serialize(changes), workflow::to_json_text(next));
  tx.commit();
  return {base, base + 1, changes, std::move(id)};
}

std::optional<sync::snapshot> revision_store::snapshot_at(std::uint64_t revision) const {
  auto st = db_.prepare("SELECT data, coalesce(id, '') FROM revisions WHERE revision = ?");
  st.bind(1, as_int(revision));
  if (!st.step()) return std::nullopt;
  return sync::snapshot{revision, json::parse(st.column_text(0)).as_object(), st.column_text(1)};
}

std::optional<std::vector<sync::update>> revision_store::updates_since(std::uint64_t station_revision) const {
  if (station_revision == 0) return std::nullopt;
  std::vector<sync::update> list;
  auto st = db_.prepare(
      "SELECT revision, base, kind, body, coalesce(id, '') FROM revisions WHERE revision > ? ORDER BY revision");
  st.bind(1, as_int(station_revision));
  auto expected_base = station_revision;
  while (st.step()) {
    const auto revision = static_cast<std::uint64_t>(st.column_int(0));
    const auto base = static_cast<std::uint64_t>(st.column_int(1));
    if (st.column_text(2) != "update" || base != expected_base || revision != base + 1) return std::nullopt;
    list.push_back({base, revision, json::parse(st.column_text(3)).as_object(), st.column_text(4)});
    expected_base = revision;
  }
  return list;
}

} // namespace stationd::central
