#include "sync/revision_follower.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace stationd::sync {

std::optional<resync> revision_follower::on_welcome(std::uint64_t central_revision) {
  central_ = central_revision;
  behind_ = central_revision < revision_;
  if (!behind_) return std::nullopt;
  return resync{revision_, central_behind_reason};
}

revision_follower::decision revision_follower::on_revision(const message& m) const {
  if (const auto* s = std::get_if<snapshot>(&m)) {
    // Behind: central's snapshot replaces the station's revision, even a higher one.
    const bool other_data = s->revision == revision_ && !s->revision_id.empty() && s->revision_id != revision_id_;
    const bool replaces = behind_ || other_data;
    const auto what = replaces || s->revision > revision_ ? verdict::apply : verdict::acknowledge;
    return {what, s->revision, s->revision_id, replaces, {}};
  }
  const auto* u = std::get_if<update>(&m);
  if (!u) throw std::invalid_argument("not a master data revision");
  if (behind_) {
    // An update of central's own (lower) line cannot go on top of the station's
    // revision: the snapshot asked for (asked again here) brings it.
    return {verdict::resync, u->revision, u->revision_id, false, {revision_, central_behind_reason}};
  }
  if (u->revision <= revision_) return {verdict::acknowledge, u->revision, u->revision_id, false, {}};
  if (u->base != revision_) {
    return {verdict::resync, u->revision, u->revision_id, false,
            {revision_, fmt::format("update {} is based on {}, the station has {}", u->revision, u->base, revision_)}};
  }
  return {verdict::apply, u->revision, u->revision_id, false, {}};
}

void revision_follower::applied(std::uint64_t revision, std::string revision_id, bool replaces) {
  revision_ = revision;
  revision_id_ = std::move(revision_id);
  behind_ = !replaces && behind_ && central_ < revision_;
}

} // namespace stationd::sync
