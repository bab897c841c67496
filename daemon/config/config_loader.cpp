#include "config/config_loader.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace stationd::config {
namespace {

std::string_view describe(toml::node_type type) {
  switch (type) {
  case toml::node_type::string: return "a string";
  case toml::node_type::integer: return "an integer";
  case toml::node_type::floating_point: return "a floating-point number";
  case toml::node_type::boolean: return "a boolean";
  case toml::node_type::date: return "a date";
  case toml::node_type::time: return "a time";
  case toml::node_type::date_time: return "a date-time";
  case toml::node_type::array: return "an array";
  case toml::node_type::table: return "a table";
  default: return "nothing";
  }
}

// A short TOML rendering of any node, for error messages.
std::string render_node(const toml::node& node) {
  if (const auto* s = node.as_string()) return quote(s->get());
  if (const auto* i = node.as_integer()) return std::to_string(i->get());
  if (const auto* f = node.as_floating_point()) return fmt::format("{}", f->get());
  if (const auto* b = node.as_boolean()) return b->get() ? "true" : "false";
  if (node.is_table()) return "{...}";
  if (const auto* a = node.as_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (i != 0) out += ", ";
      if (out.size() > 60) {
        out += "...";
        break;
      }
      out += render_node(*a->get(i));
    }
    return out + "]";
  }
  return node.visit([](const auto& v) {
    std::ostringstream text;
    text << v;
    return text.str();
  });
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

class validator {
public:
  validator(std::string file, config_errors& errors) : file_{std::move(file)}, errors_{errors} {}

  config_section validate_table(const toml::table& table, const section_spec& spec, const std::string& path,
                                const source_position& where) {
    config_section section{path, where};
    const auto errors_before = errors_.size();
    std::vector<const key_spec*> keys;
    for (const auto& k : spec.keys) keys.push_back(&k);
    // With an unknown driver, the driver's own keys cannot be judged: only the
    // driver is reported, not every key as unknown.
    const bool variant_known = add_variant_keys(table, spec, path, keys);

    std::set<std::string, std::less<>> seen;
    for (auto&& [toml_key, node] : table) {
      const std::string name{toml_key.str()};
      seen.insert(name);
      const std::string key_path = path.empty() ? name : path + "." + name;
      const auto pos = position(toml_key.source());
      if (const auto* k = find(keys, name)) {
        if (auto value = convert(node, *k, key_path)) {
          section.set(name, {std::move(*value), position(node.source()), true, k->restart_required});
        }
      } else if (const auto* child = spec.find_section(name)) {
        validate_child(node, *child, key_path, section);
      } else if (variant_known) {
        report(pos, key_path, render_node(node), "unknown key" + suggestion(name, keys, spec));
      }
    }

    for (const auto* k : keys) {
      if (seen.count(k->name) != 0) continue;
      if (k->default_value) {
        section.set(k->name, {*k->default_value, where, false, k->restart_required});
      } else {
        report(where, path.empty() ? k->name : path + "." + k->name, "", "required key is missing");
      }
    }
    if (spec.validate && errors_.size() == errors_before) {
      for (const auto& p : spec.validate(section)) {
        const auto& e = section.entry(p.key);
        report(e.where, section.key_path(p.key), render(e.value), p.problem);
      }
    }
    for (const auto& child : spec.sections) {
      if (seen.count(child.name) != 0) continue;
      const std::string child_path = path.empty() ? child.name : path + "." + child.name;
      if (child.how == presence::always) {
        section.add_section(child.name, validate_table(toml::table{}, child, child_path, where));
      } else if (child.how == presence::repeated) {
        section.declare_repeated(child.name);
      }
    }
    return section;
  }

private:
  source_position position(const toml::source_region& region) const {
    return {file_, static_cast<std::uint32_t>(region.begin.line), static_cast<std::uint32_t>(region.begin.column)};
  }

  void report(source_position where, std::string key, std::string value, std::string problem) {
    errors_.push_back({std::move(where), std::move(key), std::move(value), std::move(problem)});
  }

  static const key_spec* find(const std::vector<const key_spec*>& keys, std::string_view name) {
    for (const auto* k : keys) {
      if (k->name == name) return k;
    }
    return nullptr;
  }

  static std::string suggestion(std::string_view name, const std::vector<const key_spec*>& keys,
                                const section_spec& spec) {
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
    auto consider = [&](const std::string& candidate) {
      const auto d = edit_distance(name, candidate);
      if (d < best_distance) {
        best_distance = d;
        best = candidate;
      }
    };
    for (const auto* k : keys) consider(k->name);
    for (const auto& s : spec.sections) consider(s.name);
    return best.empty() ? "" : fmt::format(" (did you mean {}?)", best);
  }

  // Adds the keys selected by the table's variant key (e.g. the device's driver).
  bool add_variant_keys(const toml::table& table, const section_spec& spec, const std::string& path,
                        std::vector<const key_spec*>& keys) {
    if (spec.variant_key.empty()) return true;
    const auto* node = table.get(spec.variant_key);
    if (node == nullptr || !node->is_string()) return false; // reported as missing/mistyped by the key itself
    const auto it = spec.variants.find(node->as_string()->get());
    if (it == spec.variants.end()) {
      std::vector<std::string> names;
      for (const auto& [name, unused] : spec.variants) names.push_back(name);
      report(position(node->source()), path + "." + spec.variant_key, render_node(*node),
             fmt::format("must be one of {}", fmt::join(names, ", ")));
      return false;
    }
    for (const auto& k : it->second) keys.push_back(&k);
    return true;
  }

  void validate_child(const toml::node& node, const section_spec& child, const std::string& key_path,
                      config_section& parent) {
    if (child.how == presence::repeated) {
      const auto* array = node.as_array();
      if (array == nullptr || !array->is_array_of_tables()) {
        report(position(node.source()), key_path, render_node(node),
               fmt::format("expected an array of tables ([[{}]]), not {}", key_path, describe(node.type())));
        return;
      }
      parent.declare_repeated(child.name);
      std::vector<config_section> entries;
      for (std::size_t i = 0; i < array->size(); ++i) {
        const auto& entry = *array->get(i)->as_table();
        auto section = validate_table(entry, child, fmt::format("{}[{}]", key_path, i), position(entry.source()));
        entries.push_back(std::move(section));
      }
      check_unique(child, entries);
      for (auto& e : entries) parent.add_section(child.name, std::move(e));
      return;
    }
    const auto* table = node.as_table();
    if (table == nullptr) {
      report(position(node.source()), key_path, render_node(node),
             fmt::format("expected a table ([{}]), not {}", key_path, describe(node.type())));
      return;
    }
    parent.add_section(child.name, validate_table(*table, child, key_path, position(table->source())));
  }

  void check_unique(const section_spec& spec, const std::vector<config_section>& entries) {
    std::vector<const key_spec*> unique_keys;
    for (const auto& k : spec.keys) {
      if (k.unique) unique_keys.push_back(&k);
    }
    for (const auto* k : unique_keys) {
      std::map<std::string, std::string> first_use; // rendered value -> path of first entry
      for (const auto& entry : entries) {
        const config_entry* e = nullptr;
        try {
          e = &entry.entry(k->name);
        } catch (const std::logic_error&) {
          continue; // missing or mistyped: already reported
        }
        const auto rendered = render(e->value);
        const auto [it, inserted] = first_use.emplace(rendered, entry.key_path(k->name));
        if (!inserted) report(e->where, entry.key_path(k->name), rendered, fmt::format("already used by {}", it->second));
      }
    }
  }

  std::optional<config_value> convert(const toml::node& node, const key_spec& k, const std::string& key_path) {
    const auto where = position(node.source());
    auto mistyped = [&]() -> std::optional<config_value> {
      report(where, key_path, render_node(node), fmt::format("expected {}, not {}", to_string(k.kind), describe(node.type())));
      return std::nullopt;
    };
    std::optional<config_value> value;
    switch (k.kind) {
    case value_kind::boolean:
      if (!node.is_boolean()) return mistyped();
      value = node.as_boolean()->get();
      break;
    case value_kind::integer:
      if (!node.is_integer()) return mistyped();
      value = node.as_integer()->get();
      break;
    case value_kind::floating:
      if (node.is_floating_point()) value = node.as_floating_point()->get();
      else if (node.is_integer()) value = static_cast<double>(node.as_integer()->get());
      else return mistyped();
      break;
    case value_kind::string:
      if (!node.is_string()) return mistyped();
      value = node.as_string()->get();
      break;
    case value_kind::duration: {
      if (!node.is_string()) return mistyped();
      const auto d = parse_duration(node.as_string()->get());
      if (!d) {
        report(where, key_path, render_node(node), "not a duration (write e.g. \"250ms\", \"5s\", \"2m\" or \"1h\")");
        return std::nullopt;
      }
      value = *d;
      break;
    }
    case value_kind::string_list: {
      const auto* array = node.as_array();
      if (array == nullptr) return mistyped();
      std::vector<std::string> list;
      for (std::size_t i = 0; i < array->size(); ++i) {
        const auto* element = array->get(i);
        if (!element->is_string()) {
          report(position(element->source()), fmt::format("{}[{}]", key_path, i), render_node(*element),
                 fmt::format("expected a string, not {}", describe(element->type())));
          return std::nullopt;
        }
        list.push_back(element->as_string()->get());
      }
      value = std::move(list);
      break;
    }
    }
    if (auto problem = k.first_problem(*value)) {
      report(where, key_path, render_node(node), *problem);
      return std::nullopt;
    }
    return value;
  }

  std::string file_;
  config_errors& errors_;
};

} // namespace

namespace {

// The key a path such as "http.token[1].token" names, if the schema has it.
const key_spec* key_at(const section_spec& root, std::string_view path) {
  const section_spec* section = &root;
  while (true) {
    const auto dot = path.find('.');
    auto part = path.substr(0, dot);
    if (const auto bracket = part.find('['); bracket != std::string_view::npos) part = part.substr(0, bracket);
    if (dot == std::string_view::npos) return section->find_key(part);
    section = section->find_section(part);
    if (!section) return nullptr;
    path.remove_prefix(dot + 1);
  }
}

} // namespace

load_result load_text(std::string_view text, const std::string& file_name, const section_spec& schema) {
  load_result result;
  toml::table document;
  try {
    document = toml::parse(text, file_name);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    result.errors.push_back({{file_name, static_cast<std::uint32_t>(begin.line), static_cast<std::uint32_t>(begin.column)},
                             "",
                             "",
                             fmt::format("syntax error: {}", e.description())});
    return result;
  }
  validator v{file_name, result.errors};
  auto root = v.validate_table(document, schema, "", {file_name, 1, 1});
  for (auto& e : result.errors) {
    if (const auto* k = key_at(schema, e.key); k && k->hidden && !e.value.empty()) e.value = "(hidden)";
  }
  std::stable_sort(result.errors.begin(), result.errors.end(), [](const config_error& a, const config_error& b) {
    return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
  });
  if (result.errors.empty()) result.root = std::move(root);
  return result;
}

load_result load_file(const std::filesystem::path& file, const section_spec& schema) {
  std::ifstream in{file, std::ios::binary};
  if (!in) {
    load_result result;
    result.errors.push_back({{file.string(), 0, 0}, "", "", fmt::format("cannot read: {}", std::strerror(errno))});
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_text(text.str(), file.string(), schema);
}

} // namespace stationd::config
