#include "scanner/scanner_driver.hpp"

namespace stationd::drivers {

scan::framing_options framing_from(const config::config_section& d) {
  scan::framing_options o;
  const auto& t = d.get_string("terminator");
  o.terminator = t == "lf" ? scan::scan_terminator::lf
                 : t == "crlf" ? scan::scan_terminator::crlf
                 : t == "none" ? scan::scan_terminator::none
                               : scan::scan_terminator::cr;
  o.prefix = d.get_string("prefix");
  return o;
}

} // namespace stationd::drivers
