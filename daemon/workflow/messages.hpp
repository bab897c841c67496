#pragma once

#include "workflow/workflow_types.hpp"

#include <span>
#include <string>
#include <string_view>

// Every message an operator sees exists in Swedish and English. A message is an
// id with named arguments; its texts use {name} placeholders.
namespace stationd::workflow {

struct message_text {
  std::string_view id;
  std::string_view en;
  std::string_view sv;
};

// One table per workflow (messages_<workflow>.cpp); the catalog is all of them.
std::span<const message_text> session_messages();
std::span<const message_text> pick_messages();
std::span<const message_text> pack_messages();
std::span<const message_text> ship_messages();
std::span<const message_text> return_messages();

const message_text* find_message(std::string_view id);
// "sv" or "en" (anything else: English). An unknown id renders as the id itself.
std::string render(const message& m, std::string_view language);

} // namespace stationd::workflow
