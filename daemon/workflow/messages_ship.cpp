#include "workflow/messages.hpp"

#include <array>

namespace stationd::workflow {
namespace {

constexpr std::array<message_text, 0> texts{};

} // namespace

std::span<const message_text> ship_messages() { return texts; }

} // namespace stationd::workflow
