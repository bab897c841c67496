#include "scan/classifier_config.hpp"

namespace stationd::scan {

classifier_rules make_rules(const config::scan_settings& settings) {
  classifier_rules rules;
  rules.command_prefix = settings.command_prefix;
  // Badges first: a badge must log an operator in even if another pattern is loose.
  rules.add_pattern(scan_kind::badge, settings.badge_pattern);
  rules.add_pattern(scan_kind::location, settings.location_pattern);
  rules.add_pattern(scan_kind::tote, settings.tote_pattern);
  rules.add_pattern(scan_kind::order, settings.order_pattern);
  rules.add_pattern(scan_kind::rma, settings.rma_pattern);
  rules.add_pattern(scan_kind::product, settings.sku_pattern);
  for (const auto& c : settings.carriers) rules.add_carrier(c.name, c.pattern, c.strip_prefix, c.strip_suffix);
  return rules;
}

} // namespace stationd::scan
