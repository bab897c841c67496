#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace stationd::util {

// Indented JSON (two spaces), object members in their stored order.
std::string pretty_json(const boost::json::value& value);

} // namespace stationd::util
