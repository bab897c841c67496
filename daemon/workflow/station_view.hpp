#pragma once
#include "workflow/master_data.hpp"
#include "workflow/station_state.hpp"
#include "workflow/workflow_types.hpp"
#include <boost/json/object.hpp>

// What the station UI shows (docs/api.md, "The station view"): the operator,
// the mode, the task and its step, the order's lines with what is done, the
// units of a returned parcel and the choices the operator has. Pure: built
// from the state, the master data and the rules, nothing else.
namespace stationd::workflow {

boost::json::object station_view(const station_state& state, const catalog& master, const workflow_rules& rules);

} // namespace stationd::workflow
