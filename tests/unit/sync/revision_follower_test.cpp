#include "sync/revision_follower.hpp"

#include <doctest/doctest.h>

using namespace stationd::sync;
using verdict = revision_follower::verdict;

namespace {
message snap(std::uint64_t revision) { return snapshot{revision, {}}; }
message upd(std::uint64_t base, std::uint64_t revision) { return update{base, revision, {}}; }
} // namespace

TEST_CASE("revisions above the station's are applied, those at or below acknowledged, gaps resynced") {
  revision_follower f{5};
  CHECK_FALSE(f.on_welcome(5));
  CHECK_FALSE(f.on_welcome(9));
  CHECK_FALSE(f.central_behind());
  CHECK(f.on_revision(snap(6)).what == verdict::apply);
  CHECK(f.on_revision(snap(5)).what == verdict::acknowledge);
  CHECK(f.on_revision(snap(2)).what == verdict::acknowledge);
  const auto next = f.on_revision(upd(5, 6));
  CHECK(next.what == verdict::apply);
  CHECK(next.revision == 6);
  const auto old = f.on_revision(upd(4, 5));
  CHECK(old.what == verdict::acknowledge);
  CHECK(old.revision == 5);
  const auto gap = f.on_revision(upd(6, 7));
  CHECK(gap.what == verdict::resync);
  CHECK(gap.ask.revision == 5);
  CHECK(gap.ask.reason == "update 7 is based on 6, the station has 5");
  f.applied(6, "", false);
  CHECK(f.revision() == 6);
  CHECK(f.on_revision(upd(6, 7)).what == verdict::apply);
}

TEST_CASE("a central whose store went back: the station asks for its snapshot and takes it, lower or not") {
  revision_follower f{5};
  const auto ask = f.on_welcome(3);
  REQUIRE(ask);
  CHECK(ask->revision == 5);
  CHECK(ask->reason == "central_behind");
  CHECK(f.central_behind());
  // Central publishes on its own line before the snapshot comes: not on top of the station's 5.
  const auto early = f.on_revision(upd(3, 4));
  CHECK(early.what == verdict::resync);
  CHECK(early.ask.reason == "central_behind");
  // The snapshot that answers, at central's revision, below the station's: taken.
  const auto taken = f.on_revision(snap(4));
  CHECK(taken.what == verdict::apply);
  CHECK(taken.replaces);
  CHECK(taken.revision == 4);
  f.applied(4, "", taken.replaces);
  CHECK(f.revision() == 4);
  CHECK_FALSE(f.central_behind());
  // From there on the ordinary rules: the same snapshot again is a duplicate, central's updates follow.
  CHECK(f.on_revision(snap(4)).what == verdict::acknowledge);
  CHECK(f.on_revision(upd(4, 5)).what == verdict::apply);
}

TEST_CASE("a central with no master data at all is behind too; a later WELCOME at the station's revision ends it") {
  revision_follower f{2};
  REQUIRE(f.on_welcome(0));
  CHECK(f.central_behind());
  CHECK_FALSE(f.on_welcome(2));
  CHECK_FALSE(f.central_behind());
  CHECK(f.on_revision(snap(2)).what == verdict::acknowledge);
  revision_follower fresh{0};
  CHECK_FALSE(fresh.on_welcome(0)); // nothing on either side
}

TEST_CASE("a snapshot at the station's revision under another revision id is central's other data: taken") {
  revision_follower f{3, "id-3"};
  CHECK(f.revision_id() == "id-3");
  CHECK(f.on_revision(snapshot{3, {}, "id-3"}).what == verdict::acknowledge); // the same revision again
  CHECK(f.on_revision(snapshot{3, {}, ""}).what == verdict::acknowledge);     // a central that gives no ids
  CHECK(f.on_revision(snapshot{2, {}, "other"}).what == verdict::acknowledge); // older: a late duplicate
  const auto other = f.on_revision(snapshot{3, {}, "other"});
  CHECK(other.what == verdict::apply);
  CHECK(other.revision_id == "other");
  CHECK(other.replaces);
  f.applied(3, other.revision_id, other.replaces);
  CHECK(f.revision_id() == "other");
  const auto next = f.on_revision(update{3, 4, {}, "id-4"});
  CHECK(next.what == verdict::apply);
  CHECK(next.revision_id == "id-4");
}

TEST_CASE("a revision being applied when central turns out behind does not end it; the snapshot does") {
  revision_follower f{5};
  const auto in_flight = f.on_revision(update{5, 6, {}, ""}); // decided before the WELCOME
  CHECK(in_flight.what == verdict::apply);
  CHECK_FALSE(in_flight.replaces);
  REQUIRE(f.on_welcome(3));
  f.applied(6, "", in_flight.replaces);
  CHECK(f.revision() == 6);
  CHECK(f.central_behind()); // central is still at 3
  const auto taken = f.on_revision(snapshot{3, {}, ""});
  CHECK(taken.what == verdict::apply);
  f.applied(3, "", taken.replaces);
  CHECK_FALSE(f.central_behind());
}
