#pragma once
// The soak's operator: works through pick, pack, ship and return jobs the way a
// person at the bench does, by looking at the station's state (the screen) and
// doing the next thing it asks for. Because it always starts from what the
// station shows, a kill -9 at any moment only means looking again once the
// station is back. Labels in doubt after a crash are settled by looking at the
// printer: resolved as printed when the label is there, reprinted (audited)
// when it is not.

#include "soak_workload.hpp"
#include "station_link.hpp"

#include "sim/mtsics_scale.hpp"
#include "sim/zpl_printer.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <variant>

namespace stationd::soak {

struct job_failed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class operator_desk {
public:
  operator_desk(station_link& link, sim::mtsics_scale& scale, sim::zpl_printer& printer,
                std::chrono::seconds job_timeout);

  void pick(const order_job& o);
  void pack(const order_job& o);
  void ship(const order_job& o);
  void verify_return(const return_job& r);

  // Settles print jobs in doubt by what the printer holds.
  void settle_labels_in_doubt();

  std::uint64_t labels_resolved() const noexcept { return resolved_; }
  std::uint64_t labels_reprinted() const noexcept { return reprinted_; }

private:
  struct scan_code {
    std::string code;
  };
  struct do_action {
    std::string name;
    boost::json::object args;
  };
  struct put_on_scale {
    std::int64_t grams;
  };
  struct wait {};
  struct done {};
  using next_step = std::variant<scan_code, do_action, put_on_scale, wait, done>;

  // Looks at the station and does what `next` says until it says done; throws
  // job_failed when that takes longer than the job timeout.
  void drive(const std::string& job, const std::function<next_step(const boost::json::object&)>& next);
  void weigh(std::int64_t grams);
  void clear_scale();
  // Login and mode: the first thing a job needs, or nothing.
  std::optional<next_step> ready_for(const boost::json::object& state, const std::string& mode) const;

  station_link& link_;
  sim::mtsics_scale& scale_;
  sim::zpl_printer& printer_;
  std::chrono::seconds job_timeout_;
  std::int64_t on_scale_g_ = 0;
  std::uint64_t resolved_ = 0;
  std::uint64_t reprinted_ = 0;
};

} // namespace stationd::soak
