#pragma once

// Digital Link key qualifiers: which AIs may follow a primary key in a URI
// path, and in which order. Shared by the Digital Link parser and renderer.
// Internal to the gs1 library.

#include "gs1/ai_table.hpp"
#include "gs1/validate.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace stationd::gs1::detail {

// Field n of a separated list ("22,10,21|235"); empty past the end.
std::string_view nth_field(std::string_view list, char separator, std::size_t n);
std::size_t field_count(std::string_view list, char separator);

// Position of `ai` in a ','-separated qualifier sequence, or npos.
std::size_t index_in(std::string_view sequence, std::string_view ai);

// The AIs after the primary key in a path.
struct qualifier_list {
  std::array<std::string_view, element_collector::max_elements> ai{};
  std::size_t count = 0;
};

// True when the qualifiers follow, in order, one of the key's alternative
// sequences (each qualifier optional).
bool valid_sequence(const ai_entry& key, const qualifier_list& q);

// Why the qualifiers after `key` are not a valid sequence: a sentence.
std::string sequence_problem(const ai_entry& key, const qualifier_list& q);

} // namespace stationd::gs1::detail
