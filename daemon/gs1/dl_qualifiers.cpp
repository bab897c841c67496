// Key-qualifier sequences of Digital Link primary keys, from the "dlpkey"
// attribute of the AI table: "22,10,21|235" lets (01) be followed by any of
// (22), (10), (21) in that order, or by (235) alone.

#include "gs1/dl_qualifiers.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace stationd::gs1::detail {

std::string_view nth_field(std::string_view list, char separator, std::size_t n) {
  std::size_t start = 0;
  for (std::size_t k = 0; k < n; ++k) {
    start = list.find(separator, start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  const std::size_t end = list.find(separator, start);
  return list.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

std::size_t field_count(std::string_view list, char separator) {
  if (list.empty()) return 0;
  return static_cast<std::size_t>(std::count(list.begin(), list.end(), separator)) + 1;
}

std::size_t index_in(std::string_view sequence, std::string_view ai) {
  const std::size_t n = field_count(sequence, ',');
  for (std::size_t k = 0; k < n; ++k)
    if (nth_field(sequence, ',', k) == ai) return k;
  return std::string_view::npos;
}

bool valid_sequence(const ai_entry& key, const qualifier_list& q) {
  if (q.count == 0) return true;
  const std::size_t alternatives = field_count(key.qualifiers, '|');
  for (std::size_t a = 0; a < alternatives; ++a) {
    const std::string_view sequence = nth_field(key.qualifiers, '|', a);
    std::size_t next = 0;
    bool ok = true;
    for (std::size_t i = 0; i < q.count && ok; ++i) {
      const std::size_t at = index_in(sequence, q.ai[i]);
      ok = at != std::string_view::npos && at >= next;
      next = at + 1;
    }
    if (ok) return true;
  }
  return false;
}

std::string sequence_problem(const ai_entry& key, const qualifier_list& q) {
  const std::size_t alternatives = field_count(key.qualifiers, '|');
  for (std::size_t i = 0; i < q.count; ++i) {
    bool known = false;
    for (std::size_t a = 0; a < alternatives && !known; ++a) known = index_in(nth_field(key.qualifiers, '|', a), q.ai[i]) != std::string_view::npos;
    if (!known) return fmt::format("AI ({}) is not a key qualifier of AI ({}) and may not follow it in the URI path", q.ai[i], key.def.ai);
  }
  for (std::size_t a = 0; a < alternatives; ++a) {
    const std::string_view sequence = nth_field(key.qualifiers, '|', a);
    bool all_here = true;
    for (std::size_t i = 0; i < q.count && all_here; ++i) all_here = index_in(sequence, q.ai[i]) != std::string_view::npos;
    if (!all_here) continue;
    for (std::size_t i = 0; i + 1 < q.count; ++i)
      for (std::size_t j = i + 1; j < q.count; ++j)
        if (index_in(sequence, q.ai[j]) < index_in(sequence, q.ai[i]))
          return fmt::format("AI ({}) must come before AI ({}) in the URI path", q.ai[j], q.ai[i]);
  }
  // Qualifiers from different alternatives.
  for (std::size_t i = 0; i + 1 < q.count; ++i)
    for (std::size_t j = i + 1; j < q.count; ++j) {
      bool together = false;
      for (std::size_t a = 0; a < alternatives && !together; ++a) {
        const std::string_view sequence = nth_field(key.qualifiers, '|', a);
        together = index_in(sequence, q.ai[i]) != std::string_view::npos && index_in(sequence, q.ai[j]) != std::string_view::npos;
      }
      if (!together)
        return fmt::format("AIs ({}) and ({}) are alternative key qualifiers of AI ({}) and may not be used together", q.ai[i], q.ai[j],
                           key.def.ai);
    }
  return fmt::format("The key qualifiers after AI ({}) are not in a valid order", key.def.ai);
}

} // namespace stationd::gs1::detail
