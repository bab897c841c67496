#pragma once

// Validation shared by the three parsers: one value against its AI's format
// and content checks, then the associations between the AIs of one code
// (duplicates, excluded pairs, required companions). Internal to the gs1
// library.

#include "gs1/ai_table.hpp"
#include "gs1/gs1.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace stationd::gs1::detail {

// Which written form is being read; it changes a few hints in the messages.
enum class form : std::uint8_t { element_string, bracketed, digital_link };

// Where the characters of a value came from, so an error can name the input
// position even when the value was unescaped ("\(" or "%2F").
struct value_origin {
  std::size_t position = 0; // input offset of the value's first character
  std::string_view raw;     // the value as written in the input; only needed with `escape`
  char escape = 0;          // 0: one input byte per character; '%': percent-encoding; '\\': bracketed "\("

  std::size_t input_position(std::size_t index) const noexcept;
};

struct check_context {
  form where = form::element_string;
  int current_year = 2026;
  bool require_companions = true;
};

error make_error(errc code, std::string_view ai, std::string_view value, std::size_t position, std::string message);

// Length, character set and content checks of one value.
std::optional<error> check_value(const ai_entry& entry, std::string_view value, const value_origin& origin, const check_context& context);

// Collects the elements of one code into `out.elements`, validating each, and
// at the end checks the associations between them. Any failure is stored in
// `out.failure` and the collector refuses further work.
class element_collector {
public:
  // More than any real label carries; a bound keeps the bookkeeping on the stack.
  static constexpr std::size_t max_elements = 64;

  element_collector(parsed& out, const check_context& context);

  // Validates and keeps one element. The same AI twice with the same value is
  // kept once (two carriers on one label may repeat it); with a different
  // value it is an error, and in a Digital Link any repeat is.
  bool add(const ai_entry& entry, std::string_view value, std::size_t ai_position, const value_origin& origin);

  // Excluded pairs, then required companions.
  bool finish();

  bool fail(error e);

  std::size_t size() const noexcept { return count_; }
  const ai_entry& entry(std::size_t i) const noexcept { return *entries_[i]; }
  std::size_t position(std::size_t i) const noexcept { return positions_[i]; }

private:
  bool check_exclusions();
  bool check_requirements();
  bool check_signature_serials();
  bool present(std::string_view pattern, std::size_t except) const noexcept;

  parsed& out_;
  check_context context_;
  std::size_t count_ = 0;
  std::array<const ai_entry*, max_elements> entries_{};
  std::array<std::size_t, max_elements> positions_{};
};

} // namespace stationd::gs1::detail
