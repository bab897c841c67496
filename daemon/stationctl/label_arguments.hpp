#pragma once

// `stationctl print-label LABEL key=value ...`: the words after the label as the
// command's JSON arguments. Pure.
//
//   key=value      a string (order_number=A-1001)
//   key:=JSON      any JSON value (package_count:=2, gift:=true)
//   a.b=value      nested objects (ship_to.city=Göteborg)

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace stationd::ctl {

struct label_arguments_result {
  std::optional<boost::json::object> object;
  std::string error; // names the word that is wrong
};

label_arguments_result label_arguments(const std::vector<std::string>& words);

} // namespace stationd::ctl
