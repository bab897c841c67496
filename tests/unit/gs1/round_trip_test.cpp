// For every valid input: parse, render in each form, parse again: the same
// elements come back. A Digital Link puts the primary key and its qualifiers
// in the path and the attributes in the query, so there the order may differ
// and the elements are compared as a set.

#include "gs1_valid_inputs.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace gs1_test;

namespace {

std::vector<element> sorted(std::vector<element> elements) {
  std::sort(elements.begin(), elements.end(), [](const element& a, const element& b) { return a.ai < b.ai; });
  return elements;
}

bool has_primary_key(const std::vector<element>& elements) {
  return std::any_of(elements.begin(), elements.end(), [](const element& e) { return find_ai(e.ai)->dl_primary_key; });
}

} // namespace

TEST_CASE("parse, render, parse gives the same elements in all three forms") {
  int digital_links = 0;
  for (const auto& row : valid_inputs()) {
    const std::string what = row.what;
    CAPTURE(what);
    const parsed first = parse(row.form, row.input);
    REQUIRE(!first.failure);
    for (written target : {written::element_string, written::bracketed, written::digital_link}) {
      const std::string form = name(target);
      CAPTURE(form);
      const std::string rendered = render(target, first.elements);
      const std::string shown = visible(rendered);
      CAPTURE(shown);
      if (target == written::digital_link && rendered.empty()) {
        // Only data that no Digital Link can carry renders as nothing: no
        // primary key, or an AI that may appear neither in the path nor in the query.
        const bool expressible = has_primary_key(first.elements) &&
                                 std::all_of(first.elements.begin(), first.elements.end(), [](const element& e) {
                                   const auto* d = find_ai(e.ai);
                                   return d->dl_primary_key || d->dl_data_attribute;
                                 });
        CHECK_FALSE(expressible);
        continue;
      }
      const parsed again = parse(target, rendered);
      REQUIRE_MESSAGE(!again.failure, outcome(again));
      if (target == written::digital_link) {
        ++digital_links;
        CHECK(sorted(again.elements) == sorted(first.elements));
      } else {
        CHECK(again.elements == first.elements);
      }
      // Rendering is stable: the second rendering equals the first.
      CHECK(render(target, again.elements) == rendered);
    }
  }
  CHECK(digital_links > 60);
}
