#pragma once
// Reading members of JSON answers and records that may lack them: a missing
// member or one of another type reads as empty (nullptr, "", 0), so the caller
// decides what absence means.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace stationd::soak {

inline const boost::json::object* object_at(const boost::json::object* o, std::string_view key) {
  const auto* v = o ? o->if_contains(key) : nullptr;
  return v ? v->if_object() : nullptr;
}

inline const boost::json::array* array_at(const boost::json::object* o, std::string_view key) {
  const auto* v = o ? o->if_contains(key) : nullptr;
  return v ? v->if_array() : nullptr;
}

inline std::string text_at(const boost::json::object* o, std::string_view key) {
  const auto* v = o ? o->if_contains(key) : nullptr;
  return v && v->is_string() ? std::string{v->get_string()} : std::string{};
}

inline std::int64_t int_at(const boost::json::object* o, std::string_view key) {
  const auto* v = o ? o->if_contains(key) : nullptr;
  if (v && v->is_int64()) return v->get_int64();
  if (v && v->is_uint64()) return static_cast<std::int64_t>(v->get_uint64());
  return 0;
}

// The same on a value that should be an object.
inline std::string text_at(const boost::json::value& v, std::string_view key) { return text_at(v.if_object(), key); }
inline std::int64_t int_at(const boost::json::value& v, std::string_view key) { return int_at(v.if_object(), key); }

} // namespace stationd::soak
