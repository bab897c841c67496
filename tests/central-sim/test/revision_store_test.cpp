#include "revision_store.hpp"
#include "store_schema.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

namespace {

std::string master_json() { return stationd::test::read_file(STATIOND_SOURCE_DIR "/tests/unit/workflow/data/master.json"); }

boost::json::object changes(const char* text) { return boost::json::parse(text).as_object(); }

} // namespace

TEST_CASE("revisions: snapshot, updates, and when updates cannot be replayed") {
  stationd::test::temp_dir dir;
  auto db = stationd::central::open_store(dir / "central.db");
  stationd::central::revision_store store{db};
  CHECK(store.latest() == 0);
  CHECK_FALSE(store.snapshot_at(0));

  const auto first = store.publish_snapshot(master_json());
  CHECK(first.revision == 1);
  CHECK(first.data.at("revision").as_int64() == 1);

  const auto second = store.publish_update(changes(R"({"removed": {"cartons": ["BOX-L"]}})"));
  CHECK(second.base == 1);
  CHECK(second.revision == 2);
  const auto third = store.publish_update(changes(R"({"cartons": [{"code": "BOX-XL", "name": "XL"}]})"));
  CHECK(third.revision == 3);

  const auto at3 = store.snapshot_at(3);
  REQUIRE(at3);
  const auto& cartons = at3->data.at("cartons").as_array();
  CHECK(std::none_of(cartons.begin(), cartons.end(), [](const auto& c) { return c.at("code") == "BOX-L"; }));
  CHECK(std::any_of(cartons.begin(), cartons.end(), [](const auto& c) { return c.at("code") == "BOX-XL"; }));

  // Every revision gets an id of its own, given again wherever it is sent.
  CHECK(first.revision_id.size() == 32);
  CHECK(second.revision_id != first.revision_id);
  CHECK(store.id_of(3) == third.revision_id);
  CHECK_FALSE(store.id_of(4));
  CHECK(store.snapshot_at(3)->revision_id == third.revision_id);

  const auto from1 = store.updates_since(1);
  REQUIRE(from1);
  REQUIRE(from1->size() == 2);
  CHECK((*from1)[0].revision_id == second.revision_id);
  CHECK((*from1)[0].base == 1);
  CHECK((*from1)[1].revision == 3);
  CHECK_FALSE(store.updates_since(0)); // revision 0: always a snapshot

  SUBCASE("an update that does not check out is not stored") {
    CHECK_THROWS(store.publish_update(changes(R"({"orders": [{"id": "SO-X", "lines": [{"line": 1, "gtin": "00000000000000", "quantity": 1}]}]})")));
    CHECK(store.latest() == 3);
  }
  SUBCASE("after a snapshot the updates before it no longer lead to the latest") {
    CHECK(store.publish_snapshot(master_json()).revision == 4);
    CHECK_FALSE(store.updates_since(2));
    const auto from4 = store.updates_since(4);
    REQUIRE(from4);
    CHECK(from4->empty());
  }
}
