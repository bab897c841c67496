// Rendering a GS1 Digital Link URI: primary key and qualifiers in the path,
// data attributes in the query, reserved characters percent-encoded.

#include "gs1/dl_qualifiers.hpp"

#include <algorithm>
#include <array>

namespace stationd::gs1 {

using detail::ai_entry;
using detail::field_count;
using detail::index_in;
using detail::nth_field;

namespace {

void append_encoded(std::string& out, std::string_view value, bool query) {
  static constexpr char hex[] = "0123456789ABCDEF";
  for (char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else if (c == ' ' && query) {
      out += '+';
    } else {
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 0x0F];
    }
  }
}

} // namespace

std::string to_digital_link(const std::vector<element>& elements, std::string_view stem) {
  const ai_entry* key = nullptr;
  std::size_t key_index = 0;
  for (std::size_t i = 0; i < elements.size() && !key; ++i) {
    const ai_entry* e = detail::lookup(elements[i].ai);
    if (e && e->def.dl_primary_key) {
      key = e;
      key_index = i;
    }
  }
  if (!key) return {};

  // The qualifier sequence that takes the most of the given AIs, among those
  // that leave only data attributes for the query (with (01), (235) in the
  // path lets (10) go to the query, but not the other way round).
  auto expressible_with = [&](std::string_view sequence) {
    for (std::size_t i = 0; i < elements.size(); ++i) {
      if (i == key_index || index_in(sequence, elements[i].ai) != std::string_view::npos) continue;
      const ai_entry* e = detail::lookup(elements[i].ai);
      if (!e || !e->def.dl_data_attribute) return false;
    }
    return true;
  };
  std::string_view best;
  std::size_t best_count = 0;
  bool found = false;
  const std::size_t alternatives = std::max<std::size_t>(field_count(key->qualifiers, '|'), 1);
  for (std::size_t a = 0; a < alternatives; ++a) {
    const std::string_view sequence = nth_field(key->qualifiers, '|', a);
    if (!expressible_with(sequence)) continue;
    std::size_t n = 0;
    for (const auto& e : elements) n += index_in(sequence, e.ai) != std::string_view::npos ? 1 : 0;
    if (!found || n > best_count) {
      best = sequence;
      best_count = n;
      found = true;
    }
  }
  if (!found) return {};

  std::string out(stem);
  if (!out.empty() && out.back() == '/') out.pop_back();
  std::array<bool, detail::element_collector::max_elements> used{};
  if (elements.size() > used.size()) return {};
  auto in_path = [&](std::size_t i) {
    used[i] = true;
    out += '/';
    out += elements[i].ai;
    out += '/';
    append_encoded(out, elements[i].value, false);
  };
  in_path(key_index);
  const std::size_t qualifier_count = field_count(best, ',');
  for (std::size_t k = 0; k < qualifier_count; ++k) {
    const std::string_view q = nth_field(best, ',', k);
    for (std::size_t i = 0; i < elements.size(); ++i)
      if (!used[i] && elements[i].ai == q) {
        in_path(i);
        break;
      }
  }

  // Data attributes: fixed-length ones first, then the others, each group in
  // the order given, as the reference generator writes them.
  char separator = '?';
  for (bool fixed : {true, false}) {
    for (std::size_t i = 0; i < elements.size(); ++i) {
      if (used[i]) continue;
      const ai_entry* e = detail::lookup(elements[i].ai);
      if (!e || !e->def.dl_data_attribute) return {};
      if (e->def.fnc1_required == fixed) continue;
      bool repeat = false;
      for (std::size_t j = 0; j < i && !repeat; ++j) repeat = elements[j].ai == elements[i].ai;
      if (repeat) continue;
      out += separator;
      separator = '&';
      out += elements[i].ai;
      out += '=';
      append_encoded(out, elements[i].value, true);
    }
  }
  return out;
}

} // namespace stationd::gs1
