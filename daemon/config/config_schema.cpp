#include "config/config_schema.hpp"

#include <fmt/format.h>

#include <regex>

namespace stationd::config {

key_spec key_spec::boolean(std::string name, bool def, std::string help) {
  return {std::move(name), value_kind::boolean, config_value{def}, std::move(help), {}, false, false};
}
key_spec key_spec::integer(std::string name, std::int64_t def, std::string help) {
  return {std::move(name), value_kind::integer, config_value{def}, std::move(help), {}, false, false};
}
key_spec key_spec::floating(std::string name, double def, std::string help) {
  return {std::move(name), value_kind::floating, config_value{def}, std::move(help), {}, false, false};
}
key_spec key_spec::string(std::string name, std::string def, std::string help) {
  return {std::move(name), value_kind::string, config_value{std::move(def)}, std::move(help), {}, false, false};
}
key_spec key_spec::time_span(std::string name, duration def, std::string help) {
  return {std::move(name), value_kind::duration, config_value{def}, std::move(help), {}, false, false};
}
key_spec key_spec::strings(std::string name, std::vector<std::string> def, std::string help) {
  return {std::move(name), value_kind::string_list, config_value{std::move(def)}, std::move(help), {}, false, false};
}
key_spec key_spec::required(std::string name, value_kind kind, std::string help) {
  return {std::move(name), kind, std::nullopt, std::move(help), {}, false, false};
}

key_spec&& key_spec::between(std::int64_t lo, std::int64_t hi) && {
  checks.emplace_back([lo, hi](const config_value& v) -> std::optional<std::string> {
    const auto i = std::get<std::int64_t>(v);
    if (i < lo || i > hi) return fmt::format("must be between {} and {}", lo, hi);
    return std::nullopt;
  });
  return std::move(*this);
}

key_spec&& key_spec::between_real(double lo, double hi) && {
  checks.emplace_back([lo, hi](const config_value& v) -> std::optional<std::string> {
    const auto d = std::get<double>(v);
    if (!(d >= lo && d <= hi)) return fmt::format("must be between {} and {}", lo, hi);
    return std::nullopt;
  });
  return std::move(*this);
}

key_spec&& key_spec::between(duration lo, duration hi) && {
  checks.emplace_back([lo, hi](const config_value& v) -> std::optional<std::string> {
    const auto d = std::get<duration>(v);
    if (d < lo || d > hi) return fmt::format("must be between {} and {}", render_duration(lo), render_duration(hi));
    return std::nullopt;
  });
  return std::move(*this);
}

namespace {

// Applies a per-string check to a string or to every element of a string list.
std::optional<std::string> check_strings(const config_value& v,
                                         const std::function<std::optional<std::string>(const std::string&)>& check) {
  if (const auto* s = std::get_if<std::string>(&v)) return check(*s);
  if (const auto* list = std::get_if<std::vector<std::string>>(&v)) {
    for (const auto& s : *list) {
      if (auto problem = check(s)) return fmt::format("element {}: {}", quote(s), *problem);
    }
  }
  return std::nullopt;
}

} // namespace

key_spec&& key_spec::one_of(std::vector<std::string> choices) && {
  checks.emplace_back([choices = std::move(choices)](const config_value& v) {
    return check_strings(v, [&choices](const std::string& s) -> std::optional<std::string> {
      for (const auto& c : choices) {
        if (c == s) return std::nullopt;
      }
      return fmt::format("must be one of {}", fmt::join(choices, ", "));
    });
  });
  return std::move(*this);
}

key_spec&& key_spec::matching(std::string regex, std::string what) && {
  checks.emplace_back([re = std::regex{regex, std::regex::ECMAScript}, what = std::move(what)](const config_value& v) {
    return check_strings(v, [&](const std::string& s) -> std::optional<std::string> {
      if (std::regex_match(s, re)) return std::nullopt;
      return fmt::format("must be {}", what);
    });
  });
  return std::move(*this);
}

key_spec&& key_spec::checked(value_check check) && {
  checks.push_back(std::move(check));
  return std::move(*this);
}

key_spec&& key_spec::restart() && {
  restart_required = true;
  return std::move(*this);
}

key_spec&& key_spec::distinct() && {
  unique = true;
  return std::move(*this);
}

key_spec&& key_spec::secret() && {
  hidden = true;
  return std::move(*this);
}

std::optional<std::string> key_spec::first_problem(const config_value& v) const {
  for (const auto& check : checks) {
    if (auto problem = check(v)) return problem;
  }
  return std::nullopt;
}

section_spec section_spec::make(std::string name, std::string help, presence how, std::vector<key_spec> keys,
                                std::vector<section_spec> sections) {
  section_spec s;
  s.name = std::move(name);
  s.help = std::move(help);
  s.how = how;
  s.keys = std::move(keys);
  s.sections = std::move(sections);
  return s;
}

const key_spec* section_spec::find_key(std::string_view key) const {
  for (const auto& k : keys) {
    if (k.name == key) return &k;
  }
  return nullptr;
}

const section_spec* section_spec::find_section(std::string_view section) const {
  for (const auto& s : sections) {
    if (s.name == section) return &s;
  }
  return nullptr;
}

} // namespace stationd::config
