#pragma once

#include <boost/describe/class.hpp>
#include <boost/describe/members.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include <fmt/format.h>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

// Reads JSON into described structs with errors a person can act on: the path of
// the bad value and what was expected. Members missing from the JSON keep their
// defaults; keys that are not members are errors (a typo must not be ignored).
namespace stationd::workflow::json_reader {

struct error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] inline void fail(const std::string& path, std::string_view expected, const boost::json::value& v) {
  const char* got = v.is_null() ? "null" : v.is_bool() ? "a boolean" : v.is_number() ? "a number"
                    : v.is_string() ? "a string" : v.is_array() ? "an array" : "an object";
  throw error(fmt::format("{}: expected {}, found {}", path.empty() ? "(top)" : path, expected, got));
}

inline void read(const boost::json::value& v, std::string& out, const std::string& path) {
  if (!v.is_string()) fail(path, "a string", v);
  out = std::string(v.get_string());
}

inline void read(const boost::json::value& v, bool& out, const std::string& path) {
  if (!v.is_bool()) fail(path, "true or false", v);
  out = v.get_bool();
}

template <typename T>
  requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
void read(const boost::json::value& v, T& out, const std::string& path) {
  std::int64_t n = 0;
  if (v.is_int64()) n = v.get_int64();
  else if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    n = static_cast<std::int64_t>(v.get_uint64());
  else fail(path, "an integer", v);
  if constexpr (std::is_unsigned_v<T>) {
    if (n < 0) throw error(fmt::format("{}: must not be negative, found {}", path, n));
  }
  const bool below = n < static_cast<std::int64_t>(std::numeric_limits<T>::min());
  const bool above = n > 0 && static_cast<std::uint64_t>(n) > static_cast<std::uint64_t>(std::numeric_limits<T>::max());
  if (below || above) {
    throw error(fmt::format("{}: {} is out of range", path, n));
  }
  out = static_cast<T>(n);
}

inline void read(const boost::json::value& v, double& out, const std::string& path) {
  if (!v.is_number()) fail(path, "a number", v);
  out = v.to_number<double>();
}

template <typename T>
void read(const boost::json::value& v, std::optional<T>& out, const std::string& path);
template <typename T>
void read(const boost::json::value& v, std::vector<T>& out, const std::string& path);
template <typename T>
void read(const boost::json::value& v, std::map<std::string, T, std::less<>>& out, const std::string& path);
template <typename T>
void read(const boost::json::value& v, std::map<std::string, T>& out, const std::string& path);
template <typename T, typename D = boost::describe::describe_members<T, boost::describe::mod_public>>
void read(const boost::json::value& v, T& out, const std::string& path);

template <typename T>
void read(const boost::json::value& v, std::optional<T>& out, const std::string& path) {
  if (v.is_null()) {
    out.reset();
    return;
  }
  T value{};
  read(v, value, path);
  out = std::move(value);
}

template <typename T>
void read(const boost::json::value& v, std::vector<T>& out, const std::string& path) {
  if (!v.is_array()) fail(path, "an array", v);
  out.clear();
  std::size_t i = 0;
  for (const auto& item : v.get_array()) {
    T value{};
    read(item, value, fmt::format("{}[{}]", path, i++));
    out.push_back(std::move(value));
  }
}

template <typename Map>
void read_map(const boost::json::value& v, Map& out, const std::string& path) {
  if (!v.is_object()) fail(path, "an object", v);
  out.clear();
  for (const auto& [key, item] : v.get_object()) {
    typename Map::mapped_type value{};
    read(item, value, path.empty() ? std::string(key) : fmt::format("{}.{}", path, std::string_view(key)));
    out.emplace(std::string(key), std::move(value));
  }
}

template <typename T>
void read(const boost::json::value& v, std::map<std::string, T, std::less<>>& out, const std::string& path) {
  read_map(v, out, path);
}
template <typename T>
void read(const boost::json::value& v, std::map<std::string, T>& out, const std::string& path) {
  read_map(v, out, path);
}

template <typename T, typename D>
void read(const boost::json::value& v, T& out, const std::string& path) {
  if (!v.is_object()) fail(path, "an object", v);
  const auto& object = v.get_object();
  for (const auto& entry : object) {
    // (Named, not a structured binding: clang 14 cannot capture those in a lambda.)
    const auto& key = entry.key();
    const auto& item = entry.value();
    bool known = false;
    boost::mp11::mp_for_each<D>([&](auto member) {
      if (key == member.name) {
        known = true;
        read(item, out.*member.pointer, path.empty() ? std::string(member.name) : fmt::format("{}.{}", path, member.name));
      }
    });
    if (!known) {
      throw error(fmt::format("{}: unknown key \"{}\"", path.empty() ? "(top)" : path, std::string_view(key)));
    }
  }
}

} // namespace stationd::workflow::json_reader
