// The example configuration is valid, and it and docs/configuration.md mention
// every key of the schema, so neither can drift from the code.

#include "config/config_loader.hpp"
#include "config/station_schema.hpp"

#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace stationd::config;

namespace {

void collect_keys(const section_spec& s, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& k : s.keys) out.push_back(prefix + k.name);
  for (const auto& c : s.sections) collect_keys(c, prefix + c.name + ".", out);
}

} // namespace

TEST_CASE("config/station.example.toml is valid and sets every key") {
  const std::string path = STATIOND_SOURCE_DIR "/config/station.example.toml";
  const auto result = load_file(path, station_schema());
  for (const auto& e : result.errors) FAIL_CHECK(e.to_string());
  REQUIRE(result.root);
  std::vector<std::string> keys;
  collect_keys(station_schema(), "", keys);
  for (const auto& key : keys) {
    CAPTURE(key);
    const auto dot = key.rfind('.');
    const auto& section = result.root->section(key.substr(0, dot));
    CHECK_MESSAGE(section.set_in_file(key.substr(dot + 1)), "the example does not show ", key);
  }
}

TEST_CASE("docs/configuration.md documents every key") {
  const auto doc = stationd::test::read_file(STATIOND_SOURCE_DIR "/docs/configuration.md");
  std::vector<std::string> keys;
  collect_keys(station_schema(), "", keys);
  for (const auto& key : keys) {
    CAPTURE(key);
    CHECK(doc.find("`" + key + "`") != std::string::npos);
  }
}
