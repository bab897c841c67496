#include "config/config_value.hpp"

#include <fmt/format.h>

#include <charconv>

namespace stationd::config {

std::string_view to_string(value_kind kind) noexcept {
  switch (kind) {
  case value_kind::boolean: return "a boolean";
  case value_kind::integer: return "an integer";
  case value_kind::floating: return "a number";
  case value_kind::string: return "a string";
  case value_kind::duration: return "a duration string";
  case value_kind::string_list: return "an array of strings";
  }
  return "a value";
}

value_kind kind_of(const config_value& v) noexcept {
  return static_cast<value_kind>(v.index());
}

std::optional<duration> parse_duration(std::string_view text) noexcept {
  std::uint64_t count = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  const auto [end, ec] = std::from_chars(first, last, count);
  if (ec != std::errc{} || end == first) return std::nullopt;
  const std::string_view unit{end, static_cast<std::size_t>(last - end)};
  std::uint64_t factor = 0;
  if (unit == "ms") factor = 1;
  else if (unit == "s") factor = 1000;
  else if (unit == "m") factor = 60'000;
  else if (unit == "h") factor = 3'600'000;
  else if (unit == "d") factor = 86'400'000;
  else return std::nullopt;
  constexpr std::uint64_t limit = 366ULL * 24 * 3'600'000; // a year is more than any timeout we need
  if (count > limit / factor) return std::nullopt;
  return duration{static_cast<duration::rep>(count * factor)};
}

std::string render_duration(duration d) {
  const auto ms = d.count();
  if (ms != 0 && ms % 86'400'000 == 0) return fmt::format("\"{}d\"", ms / 86'400'000);
  if (ms != 0 && ms % 3'600'000 == 0) return fmt::format("\"{}h\"", ms / 3'600'000);
  if (ms != 0 && ms % 60'000 == 0) return fmt::format("\"{}m\"", ms / 60'000);
  if (ms != 0 && ms % 1000 == 0) return fmt::format("\"{}s\"", ms / 1000);
  return fmt::format("\"{}ms\"", ms);
}

std::string quote(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\t': out += "\\t"; break;
    case '\r': out += "\\r"; break;
    default:
      if (c < 0x20 || c == 0x7f) out += fmt::format("\\u{:04X}", c);
      else out.push_back(static_cast<char>(c));
    }
  }
  out += '"';
  return out;
}

std::string render(const config_value& v) {
  struct visitor {
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return fmt::format("{}", d); }
    std::string operator()(const std::string& s) const { return quote(s); }
    std::string operator()(duration d) const { return render_duration(d); }
    std::string operator()(const std::vector<std::string>& list) const {
      std::string out = "[";
      for (std::size_t i = 0; i < list.size(); ++i) {
        if (i != 0) out += ", ";
        out += quote(list[i]);
      }
      return out + "]";
    }
  };
  return std::visit(visitor{}, v);
}

} // namespace stationd::config
