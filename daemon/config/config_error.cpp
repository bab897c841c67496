#include "config/config_error.hpp"

#include <fmt/format.h>

namespace stationd::config {

std::string to_string(const source_position& where) {
  if (where.line == 0) return where.file;
  return fmt::format("{}:{}:{}", where.file, where.line, where.column);
}

std::string config_error::to_string() const {
  std::string text = config::to_string(where) + ": ";
  if (!key.empty()) {
    text += key;
    if (!value.empty()) text += " = " + value;
    text += ": ";
  }
  text += problem;
  return text;
}

} // namespace stationd::config
