#include "scan/sscc_allocator.hpp"

#include "scan/sscc.hpp"
#include "util/enum_error_category.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace stationd::scan {
namespace {

const char* message_of(sscc_errc e) noexcept {
  if (e == sscc_errc::exhausted) return "SSCC range exhausted";
  return "unknown SSCC error";
}

// The next unused serial of a series, or `first` when none was used yet.
std::uint64_t next_serial(const sqlite::database& db, const std::string& series, std::uint64_t first) {
  auto st = db.prepare("SELECT next_serial FROM sscc_counters WHERE series = ?1");
  st.bind(1, series);
  const std::uint64_t stored = st.step() ? static_cast<std::uint64_t>(st.column_int(0)) : 0;
  return std::max(stored, first);
}

} // namespace

const boost::system::error_category& sscc_category() noexcept {
  static const util::enum_error_category<sscc_errc> instance{"stationd.sscc", &message_of};
  return instance;
}

sscc_allocator::sscc_allocator(journal::journal& journal, config::sscc_settings settings, std::uint64_t remaining)
    : journal_{journal}, settings_{std::move(settings)}, remaining_{remaining} {}

std::string sscc_allocator::series() const { return fmt::format("{}{}", settings_.extension_digit, settings_.company_prefix); }

journal::write_unit sscc_allocator::unit_for(boost::json::object context, std::shared_ptr<allocation> state) const {
  journal::write_unit unit;
  unit.events.push_back({"sscc.allocated", "sscc", "{}"});
  unit.prepare = [settings = settings_, series = series(), context = std::move(context),
                  state](sqlite::database& db, std::vector<journal::event_record>& events) {
    const auto serial = next_serial(db, series, settings.first_serial);
    if (serial > settings.last_serial) {
      state->exhausted = true;
      state->reason = fmt::format(
          "SSCC range exhausted: every serial from {} to {} of company prefix {} (extension digit {}) is used; "
          "configure a new range in [sscc]",
          settings.first_serial, settings.last_serial, settings.company_prefix, settings.extension_digit);
      throw std::runtime_error(state->reason);
    }
    const auto sscc = make_sscc(settings.extension_digit, settings.company_prefix, serial);
    if (!sscc) throw std::runtime_error(fmt::format("serial {} does not fit company prefix {}", serial, settings.company_prefix));
    // UNIQUE(sscc) makes a second issue of the same SSCC fail even if ranges are reconfigured to overlap.
    auto issued = db.prepare("INSERT INTO sscc_issued(sscc, series, serial) VALUES (?1, ?2, ?3)");
    issued.bind(1, *sscc).bind(2, series).bind(3, static_cast<std::int64_t>(serial));
    issued.step();
    auto counter = db.prepare(
        "INSERT INTO sscc_counters(series, next_serial) VALUES (?1, ?2) "
        "ON CONFLICT(series) DO UPDATE SET next_serial = excluded.next_serial");
    counter.bind(1, series).bind(2, static_cast<std::int64_t>(serial + 1));
    counter.step();
    boost::json::object payload{{"sscc", *sscc}, {"serial", serial}};
    if (!context.empty()) payload["context"] = context;
    events.front().payload = boost::json::serialize(payload);
    state->sscc = *sscc;
    state->serial = serial;
  };
  return unit;
}

std::uint64_t sscc_remaining(const sqlite::database& db, const config::sscc_settings& settings) {
  const auto next = next_serial(db, fmt::format("{}{}", settings.extension_digit, settings.company_prefix),
                                settings.first_serial);
  return next > settings.last_serial ? 0 : settings.last_serial - next + 1;
}

} // namespace stationd::scan
