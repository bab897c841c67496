#include "workflow/master_update.hpp"

#include "workflow/json_reader.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include <fmt/format.h>

#include <array>

namespace stationd::workflow {

namespace json = boost::json;

namespace {

struct collection {
  std::string_view name;
  std::array<std::string_view, 3> key; // members making the key (unused: empty)
};

constexpr std::array<collection, 6> collections{{{"products", {"gtin", "", ""}},
                                                 {"operators", {"badge", "", ""}},
                                                 {"cartons", {"code", "", ""}},
                                                 {"stock", {"location", "gtin", "lot"}},
                                                 {"orders", {"id", "", ""}},
                                                 {"rmas", {"id", "", ""}}}};

// The key of an entry (or of a "removed" item: a string for one-member keys, an object otherwise).
std::string key_of(const collection& c, const json::value& v, const std::string& where) {
  std::string key;
  for (const auto member : c.key) {
    if (member.empty()) break;
    const json::value* part = nullptr;
    if (v.is_object()) part = v.get_object().if_contains(member);
    else if (v.is_string() && c.key[1].empty()) part = &v;
    if (!part || !part->is_string()) throw json_reader::error(fmt::format("{}: \"{}\" (a string) is needed", where, member));
    key += std::string(part->get_string());
    key += '\x1f';
  }
  return key;
}

} // namespace

master_data apply_changes(const master_data& base, const json::object& changes, std::uint64_t revision) {
  json::object whole = json::value_from(base).as_object();
  for (const auto& [name, value] : changes) {
    bool known = name == "removed";
    for (const auto& c : collections) known = known || name == c.name;
    if (!known) throw json_reader::error(fmt::format("changes: unknown collection \"{}\"", std::string_view{name}));
  }
  const json::object* removed = nullptr;
  if (const auto* r = changes.if_contains("removed")) {
    if (!r->is_object()) throw json_reader::error("changes.removed: expected an object");
    removed = &r->get_object();
  }
  for (const auto& c : collections) {
    json::array& list = whole[c.name].as_array();
    if (removed) {
      if (const auto* gone = removed->if_contains(c.name)) {
        if (!gone->is_array()) throw json_reader::error(fmt::format("changes.removed.{}: expected an array", c.name));
        std::size_t i = 0;
        for (const auto& item : gone->get_array()) {
          const auto key = key_of(c, item, fmt::format("changes.removed.{}[{}]", c.name, i++));
          for (auto it = list.begin(); it != list.end();) {
            it = key_of(c, *it, "") == key ? list.erase(it) : it + 1;
          }
        }
      }
    }
    if (const auto* upserts = changes.if_contains(c.name)) {
      if (!upserts->is_array()) throw json_reader::error(fmt::format("changes.{}: expected an array", c.name));
      std::size_t i = 0;
      for (const auto& item : upserts->get_array()) {
        const auto where = fmt::format("changes.{}[{}]", c.name, i++);
        if (!item.is_object()) throw json_reader::error(fmt::format("{}: expected an object", where));
        const auto key = key_of(c, item, where);
        bool replaced = false;
        for (auto& existing : list) {
          if (key_of(c, existing, "") == key) {
            existing = item;
            replaced = true;
            break;
          }
        }
        if (!replaced) list.push_back(item);
      }
    }
  }
  whole["revision"] = revision;
  return parse_master_data(json::serialize(whole));
}

} // namespace stationd::workflow
