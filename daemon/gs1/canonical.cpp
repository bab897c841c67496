#include "gs1/gs1.hpp"

#include <algorithm>
#include <tuple>

namespace stationd::gs1 {

std::vector<element> canonical_order(std::vector<element> elements) {
  // Group: 0 the first Digital Link primary key, 1 pre-defined length, 2 variable length.
  const element* key = nullptr;
  for (const auto& e : elements) {
    const auto* def = find_ai(e.ai);
    if (def != nullptr && def->dl_primary_key && (key == nullptr || e.ai < key->ai)) key = &e;
  }
  const std::string key_ai = key ? key->ai : std::string{};
  auto group = [&](const element& e) {
    if (e.ai == key_ai) return 0;
    const auto* def = find_ai(e.ai);
    return (def != nullptr && !def->fnc1_required) ? 1 : 2;
  };
  std::stable_sort(elements.begin(), elements.end(), [&](const element& a, const element& b) {
    return std::make_tuple(group(a), a.ai) < std::make_tuple(group(b), b.ai);
  });
  return elements;
}

} // namespace stationd::gs1
