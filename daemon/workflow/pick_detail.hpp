#pragma once

#include "workflow/iso_date.hpp"
#include "workflow/station_core.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Parts of the pick workflow shared by pick.cpp (orders, totes, locations,
// shorts) and pick_item.cpp (units, quantities, expiry, substitution).
namespace stationd::workflow::pick_detail {

using message_args = std::vector<std::pair<std::string, std::string>>;



// Units a line still needs (neither picked nor recorded short).
std::int64_t remaining(const pick_line_state& line);

std::string product_name(const catalog& master, std::string_view gtin);
std::string operator_badge(const station_state& state);

// The task's lines, ordered by line number, become the order's picked lines so
// that packing sees every unit the moment it is journaled.
void sync_progress(station_state& state, const pick_task& task);

// order.state {order, client_id, state, step, reason} for the order as it is now.
journal_event order_state_event(const order& o, const order_progress& p);

// What a unit scan or a quantity added besides the units themselves: a
// substitution or a first-expiry-first warning changes the message and light.
struct unit_notice {
  enum class kind { none, substituted, fefo };
  kind what = kind::none;
  message_args args;
};

// After units were added to task.lines[index]: stays on the line, moves to the
// next one or completes the order, and says so in `o`.
void after_units(station_state& state, const context& ctx, const order& ord, std::size_t index,
                 const unit_notice& notice, outcome& o);

// The unit steps (pick_item.cpp).
outcome on_item(station_state& state, const scan::classified_scan& scan, const order& ord, const context& ctx);
outcome on_quantity(station_state& state, std::string_view count, const context& ctx);

} // namespace stationd::workflow::pick_detail
