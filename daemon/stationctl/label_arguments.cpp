#include "stationctl/label_arguments.hpp"

#include <boost/json/parse.hpp>
#include <fmt/format.h>

namespace stationd::ctl {

namespace json = boost::json;

label_arguments_result label_arguments(const std::vector<std::string>& words) {
  json::object root;
  for (const auto& word : words) {
    const auto eq = word.find('=');
    if (eq == std::string::npos || eq == 0) {
      return {std::nullopt, fmt::format("\"{}\": expected key=value or key:=JSON", word)};
    }
    const bool raw = word[eq - 1] == ':';
    const std::string key = word.substr(0, raw ? eq - 1 : eq);
    const std::string text = word.substr(eq + 1);
    json::value value;
    if (raw) {
      boost::system::error_code ec;
      value = json::parse(text, ec);
      if (ec) return {std::nullopt, fmt::format("\"{}\": {} is not JSON ({})", word, text, ec.message())};
    } else {
      value = text;
    }
    // Walk (and create) the objects of a dotted key.
    json::object* at = &root;
    std::size_t start = 0;
    for (;;) {
      const auto dot = key.find('.', start);
      const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      if (part.empty()) return {std::nullopt, fmt::format("\"{}\": empty name in key {}", word, key)};
      if (dot == std::string::npos) {
        if (at->contains(part)) return {std::nullopt, fmt::format("\"{}\": {} is given twice", word, key)};
        (*at)[part] = std::move(value);
        break;
      }
      auto& next = (*at)[part];
      if (next.is_null()) next = json::object{};
      if (!next.is_object()) return {std::nullopt, fmt::format("\"{}\": {} is a value, not an object", word, key.substr(0, dot))};
      at = &next.get_object();
      start = dot + 1;
    }
  }
  return {std::move(root), {}};
}

} // namespace stationd::ctl
