#include "labels/label_checks.hpp"

#include "config/config_value.hpp"
#include "labels/label_fields.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace stationd::labels {

config::config_errors check_library(const config::station_config& config, const library& lib) {
  config::config_errors errors;
  const auto& labels = config.tree.section("labels");
  const bool prints = std::any_of(config.devices.begin(), config.devices.end(),
                                  [](const config::device_config& d) { return d.device_class == "printer"; });
  for (auto e : lib.errors) {
    if (e.where.line == 0) {
      // A station without a printer needs no templates, unless the file names a directory.
      if (!prints && !labels.set_in_file("directory")) continue;
      // The directory itself: point at the key that names it.
      const auto& entry = labels.entry("directory");
      e = {entry.where, "labels.directory", config::render(entry.value),
           fmt::format("{}: {}", config.labels.directory.string(), e.problem)};
    }
    errors.push_back(std::move(e));
  }
  for (const auto& [name, tmpl] : lib.templates) {
    const auto provided = built_in_fields(name);
    if (!provided) continue;
    for (const auto& field : tmpl.fields()) {
      if (std::find(provided->begin(), provided->end(), field.name) != provided->end()) continue;
      const auto file = (config.labels.directory / (name + ".zpl")).string();
      errors.push_back({{file, static_cast<std::uint32_t>(field.line), static_cast<std::uint32_t>(field.column)},
                        "",
                        "",
                        fmt::format("field {}: the {} label has no such field (it has: {})", field.name, name,
                                    fmt::join(*provided, ", "))});
    }
  }
  return errors;
}

config::config_errors check_labels(const config::station_config& config) {
  return check_library(config, load_library(config.labels.directory));
}

} // namespace stationd::labels
