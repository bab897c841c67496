#include "util/json_pretty.hpp"

#include <boost/json/serialize.hpp>

namespace stationd::util {
namespace {

void print(std::string& out, const boost::json::value& v, int depth) {
  const std::string indent(static_cast<std::size_t>(depth + 1) * 2, ' ');
  const std::string closing(static_cast<std::size_t>(depth) * 2, ' ');
  if (const auto* object = v.if_object()) {
    if (object->empty()) {
      out += "{}";
      return;
    }
    out += "{\n";
    bool first = true;
    for (const auto& [key, member] : *object) {
      if (!first) out += ",\n";
      first = false;
      out += indent + boost::json::serialize(boost::json::value(key)) + ": ";
      print(out, member, depth + 1);
    }
    out += "\n" + closing + "}";
  } else if (const auto* array = v.if_array()) {
    if (array->empty()) {
      out += "[]";
      return;
    }
    out += "[\n";
    bool first = true;
    for (const auto& element : *array) {
      if (!first) out += ",\n";
      first = false;
      out += indent;
      print(out, element, depth + 1);
    }
    out += "\n" + closing + "]";
  } else {
    out += boost::json::serialize(v);
  }
}

} // namespace

std::string pretty_json(const boost::json::value& value) {
  std::string out;
  print(out, value, 0);
  return out;
}

} // namespace stationd::util
