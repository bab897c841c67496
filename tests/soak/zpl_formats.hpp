#pragma once
// The label formats (^XA ... ^XZ) in a job's ZPL, as a printer receives and
// keeps them: what lies between formats (line ends) is not part of a label.

#include <string>
#include <vector>

namespace stationd::soak {

inline std::vector<std::string> zpl_formats(const std::string& zpl) {
  std::vector<std::string> out;
  for (std::size_t at = zpl.find("^XA"); at != std::string::npos; at = zpl.find("^XA", at)) {
    const auto end = zpl.find("^XZ", at);
    if (end == std::string::npos) break;
    out.push_back(zpl.substr(at, end + 3 - at));
    at = end + 3;
  }
  return out;
}

} // namespace stationd::soak
