#include "workflow/station_core.hpp"

namespace stationd::workflow {

std::optional<outcome> pick_step(station_state&, const input&, const context&) { return std::nullopt; }

} // namespace stationd::workflow
