#pragma once

#include <boost/system/error_category.hpp>

#include <string>

namespace stationd::util {

// An error category for one error enum: a name and a message per value. Each
// component keeps its texts next to its enum and gets its category with
//   static const enum_error_category<my_errc> instance{"stationd.x", &message_of};
// (categories are compared by address, hence the one static instance).
// boost::system::error_category's destructor is protected and non-virtual by design.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
template <typename Enum>
class enum_error_category final : public boost::system::error_category {
public:
  using message_fn = const char* (*)(Enum) noexcept;

  constexpr enum_error_category(const char* name, message_fn texts) noexcept : name_{name}, message_{texts} {}

  const char* name() const noexcept override { return name_; }
  std::string message(int value) const override { return message_(static_cast<Enum>(value)); }

private:
  const char* name_;
  message_fn message_;
};
#pragma GCC diagnostic pop

} // namespace stationd::util
