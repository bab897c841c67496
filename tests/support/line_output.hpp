#pragma once

#include <sstream>
#include <string>
#include <vector>

namespace stationd::test {

// The rest of every complete line of `out` that starts with `prefix`. A last line
// without its newline (cut off by SIGKILL mid-write) does not count.
inline std::vector<std::string> complete_lines(const std::string& out, const std::string& prefix) {
  std::vector<std::string> values;
  std::istringstream lines{out};
  std::string line;
  while (std::getline(lines, line)) {
    if (lines.eof()) break;
    if (line.starts_with(prefix)) values.push_back(line.substr(prefix.size()));
  }
  return values;
}

} // namespace stationd::test
