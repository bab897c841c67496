#pragma once

#include "workflow/master_data.hpp"

#include <boost/json/object.hpp>

#include <cstdint>

namespace stationd::workflow {

// Applies the changes of one revision (docs/protocol.md, UPDATE) to `base`:
// per collection, entries replace the entry with the same key (products: gtin,
// operators: badge, cartons: code, stock: location+gtin+lot, orders and rmas:
// id) or are added; "removed" lists keys to drop. The result is checked as a
// whole (parse_master_data's rules); throws json_reader::error naming the path.
master_data apply_changes(const master_data& base, const boost::json::object& changes, std::uint64_t revision);

} // namespace stationd::workflow
