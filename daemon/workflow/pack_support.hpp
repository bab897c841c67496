#pragma once

#include "workflow/station_core.hpp"

#include <boost/json/array.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// What packing, sealing and shipping share: which units an order still
// expects, holds, the weight tolerance and the journal payloads for orders and
// packages. Internal to the workflow core.
namespace stationd::workflow::pack_support {

// Units of one GTIN an order line expects. When the order was picked at this
// station the units are what was picked (substitutes included) and `serials`
// lists the serials that were picked.
struct unit_need {
  int line = 0;
  std::string gtin;
  std::int64_t quantity = 0;
  bool picked_here = false;
  std::vector<std::string> serials;
  std::string substitute_for; // the ordered GTIN a picked substitute replaces
};

// Everything the order is to be packed with: what was picked here, else its lines.
std::vector<unit_need> needs_of(const order& o, const order_progress& p);
// The needs minus every unit already in one of the order's packages (open ones too).
std::vector<unit_need> remaining_of(const order& o, const order_progress& p);
std::int64_t unit_count(const std::vector<unit_need>& needs);

// Why the order must not be packed or loaded now, or nullopt. A customs hold
// stops counting once the order's customs release is RELEASED.
std::optional<std::string> hold_reason(const order& o, const order_progress* p);

// The weight a package may differ from its expected weight by:
// max(weight_tolerance_g, expected x weight_tolerance_percent / 100), whole grams.
std::int64_t tolerance_g(std::int64_t expected_g, const workflow_rules& rules);
bool within_tolerance(std::int64_t measured_g, std::int64_t expected_g, const workflow_rules& rules);
// A package whose weight was accepted (within the tolerance or by a supervisor)
// and that waits for its SSCC.
bool ready_to_seal(const package_state& pkg, const workflow_rules& rules);

package_state* open_package(order_progress& p);
package_state* find_package(order_progress& p, int number);
package_state* find_package(order_progress& p, std::string_view sscc);

std::string badge_of(const station_state& s);
std::string product_name(const context& ctx, std::string_view gtin);
// 18 digits with a valid GS1 mod-10 check digit.
bool valid_sscc(std::string_view sscc);
// 1520 -> "1.520"
std::string kg_text(std::int64_t grams);

// The smallest carton (by inside volume) the units fit in at a fill factor of
// 0.8 and within its weight limit; the largest when none fits or a unit's size is
// unknown; nullptr without cartons.
const carton* suggest_carton(const std::vector<unit_need>& units, const context& ctx);

journal_event order_state_event(const order& o, const order_progress& p, std::string_view reason = {});
journal_event package_state_event(const order_progress& p, const package_state& pkg);
boost::json::array contents_json(const package_state& pkg);

// Inputs that may arrive in any mode (pack_seal.cpp): the SSCC allocated for a
// weighed package, and a label printed (or not) for a sealed package.
std::optional<outcome> seal_package(station_state& s, const sscc_input& in, const context& ctx);
std::optional<outcome> label_confirmed(station_state& s, const label_input& in, const context& ctx);

} // namespace stationd::workflow::pack_support
