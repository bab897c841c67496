#include "workflow/station_core.hpp"

namespace stationd::workflow {

std::optional<outcome> return_step(station_state&, const input&, const context&) { return std::nullopt; }

} // namespace stationd::workflow
