#include "workflow/messages.hpp"

#include <array>

namespace stationd::workflow {

const message_text* find_message(std::string_view id) {
  using table = std::span<const message_text> (*)();
  static constexpr std::array<table, 5> tables{session_messages, pick_messages, pack_messages, ship_messages,
                                               return_messages};
  for (table t : tables) {
    for (const message_text& m : t()) {
      if (m.id == id) return &m;
    }
  }
  return nullptr;
}

std::string render(const message& m, std::string_view language) {
  const message_text* text = find_message(m.id);
  if (!text) return m.id;
  const std::string_view pattern = language == "sv" ? text->sv : text->en;
  std::string out;
  out.reserve(pattern.size() + 32);
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      const auto close = pattern.find('}', i);
      if (close != std::string_view::npos) {
        const std::string_view name = pattern.substr(i + 1, close - i - 1);
        bool found = false;
        for (const auto& [key, value] : m.args) {
          if (key == name) {
            out += value;
            found = true;
            break;
          }
        }
        if (!found) out.append(pattern.substr(i, close - i + 1));
        i = close + 1;
        continue;
      }
    }
    out += pattern[i++];
  }
  return out;
}

} // namespace stationd::workflow
