// libFuzzer: the station configuration (TOML) and master data (JSON), the two
// files an installer writes by hand. Invariants: no crash; a configuration is
// either loaded or refused with at least one error, each naming where.

#include "config/config_loader.hpp"
#include "config/station_schema.hpp"
#include "workflow/json_reader.hpp"
#include "workflow/master_data.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text{reinterpret_cast<const char*>(data) + 1, size - 1};
  if (data[0] % 2 == 0) {
    static const auto schema = stationd::config::station_schema();
    const auto loaded = stationd::config::load_text(text, "fuzz.toml", schema);
    if (loaded.root.has_value() == !loaded.errors.empty()) std::abort();
    for (const auto& e : loaded.errors) {
      if (e.where.file != "fuzz.toml" || e.problem.empty()) std::abort();
    }
  } else {
    try {
      // Master data that reads must also write and read back the same.
      const auto master = stationd::workflow::parse_master_data(text);
      const auto again = stationd::workflow::to_json_text(master);
      if (stationd::workflow::to_json_text(stationd::workflow::parse_master_data(again)) != again) std::abort();
    } catch (const stationd::workflow::json_reader::error&) {
      // refused with the path of what is wrong: as it should be
    }
  }
  return 0;
}
