#include "workflow/messages.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace stationd::workflow;

namespace {
std::set<std::string> placeholders(std::string_view text) {
  std::set<std::string> out;
  for (std::size_t i = text.find('{'); i != std::string_view::npos; i = text.find('{', i + 1)) {
    const auto close = text.find('}', i);
    if (close != std::string_view::npos) out.emplace(text.substr(i + 1, close - i - 1));
  }
  return out;
}
} // namespace

TEST_CASE("every message exists in English and Swedish, with the same placeholders") {
  std::set<std::string_view> ids;
  for (auto table : {session_messages, pick_messages, pack_messages, ship_messages, return_messages}) {
    for (const message_text& m : table()) {
      CAPTURE(m.id);
      CHECK(ids.insert(m.id).second);
      CHECK(!m.en.empty());
      CHECK(!m.sv.empty());
      CHECK(m.en != m.sv);
      CHECK(placeholders(m.en) == placeholders(m.sv));
    }
  }
  CHECK(ids.size() > 20);
}

TEST_CASE("messages render with their arguments in the operator's language") {
  const message m{"session.welcome", {{"name", "Åsa Öberg"}}};
  CHECK(render(m, "sv") == "Välkommen, Åsa Öberg. Skanna PICK, PACK, SHIP eller RETURN för att börja.");
  CHECK(render(m, "en") == "Welcome, Åsa Öberg. Scan PICK, PACK, SHIP or RETURN to start.");
  CHECK(render(m, "de") == render(m, "en"));
  CHECK(render({"no.such.message", {}}, "sv") == "no.such.message");
  CHECK(render({"session.welcome", {}}, "en").find("{name}") != std::string::npos);
}
