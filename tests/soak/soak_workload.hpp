#pragma once
// What the soak's operator works through: orders to pick, pack and ship and RMAs
// to verify, generated with master data that central-sim hands the station as
// its first snapshot. Deterministic for a seed.

#include <boost/json/object.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace stationd::soak {

struct item_line {
  int line = 0;
  std::string code;     // what the operator scans for one unit
  std::string gtin;
  std::int64_t quantity = 0;
  std::string location; // where it is picked
};

struct order_job {
  std::string id;
  std::vector<item_line> lines;
  bool pick_first = false; // picked into `tote` before it is packed
  std::string tote;
};

struct return_job {
  std::string rma;
  std::string order_id;
  std::string tracking; // what the clerk scans (the parcel's carrier label)
  std::vector<item_line> lines;
};

struct workload {
  std::vector<order_job> orders;
  std::vector<return_job> returns;
  boost::json::object master_data; // docs/master-data.md
};

// `today` (YYYY-MM-DD) dates the returned orders' shipping.
workload make_workload(std::size_t orders, std::size_t returns, std::mt19937_64& random, const std::string& today);

} // namespace stationd::soak
