#pragma once

#include "light/light_driver.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::devices {

// The station's signals and what each shows on a tower:
//   off        everything off
//   ready      green: waiting for the operator
//   busy       amber flashing: working (printing, weighing)
//   attention  amber: the operator must decide something (supervisor, recount)
//   error      red, and the buzzer for the device's buzz_duration: a refused scan or step
std::optional<drivers::light_pattern> pattern_for(std::string_view signal);
std::vector<std::string> signal_names();

} // namespace stationd::devices
