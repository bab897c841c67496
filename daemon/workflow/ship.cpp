#include "workflow/station_core.hpp"

namespace stationd::workflow {

std::optional<outcome> ship_step(station_state&, const input&, const context&) { return std::nullopt; }

} // namespace stationd::workflow
