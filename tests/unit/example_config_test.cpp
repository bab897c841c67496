// The example configuration is valid, and it and docs/configuration.md mention
// every key of the schema, so neither can drift from the code.

#include "config/config_loader.hpp"
#include "config/config_section.hpp"
#include "config/station_schema.hpp"

#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace stationd::config;

namespace {

void collect_keys(const section_spec& s, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& k : s.keys) out.push_back(prefix + k.name);
  for (const auto& c : s.sections) collect_keys(c, prefix + c.name + ".", out);
}

// Every key of `spec` is set in `section`, and in every entry of its repeated
// sections, recursively; optional and repeated sections must be present.
void check_all_set(const section_spec& spec, const config_section& section) {
  for (const auto& k : spec.keys) {
    const auto key = section.key_path(k.name);
    CAPTURE(key);
    CHECK_MESSAGE(section.set_in_file(k.name), "the example does not show ", key);
  }
  for (const auto& child : spec.sections) {
    const auto name = section.key_path(child.name);
    CAPTURE(name);
    if (child.how == presence::repeated) {
      const auto entries = section.entries(child.name);
      CHECK_MESSAGE(!entries.empty(), "the example has no ", name);
      for (const auto& e : entries) check_all_set(child, e);
    } else {
      const auto* s = section.find_section(child.name);
      REQUIRE_MESSAGE(s != nullptr, "the example has no ", name);
      check_all_set(child, *s);
    }
  }
}

} // namespace

TEST_CASE("config/station.example.toml is valid and sets every key") {
  const std::string path = STATIOND_SOURCE_DIR "/config/station.example.toml";
  const auto result = load_file(path, station_schema());
  for (const auto& e : result.errors) FAIL_CHECK(e.to_string());
  REQUIRE(result.root);
  check_all_set(station_schema(), *result.root);
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

TEST_CASE("docs/devices.md documents every driver and every driver key") {
  const auto doc = stationd::test::read_file(STATIOND_SOURCE_DIR "/docs/devices.md");
  const auto schema = station_schema();
  const auto* device = schema.find_section("device");
  REQUIRE(device != nullptr);
  for (const auto& [driver, keys] : device->variants) {
    CAPTURE(driver);
    CHECK(doc.find("`" + driver + "`") != std::string::npos);
    for (const auto& k : keys) {
      CAPTURE(k.name);
      CHECK(doc.find("`" + k.name + "`") != std::string::npos);
    }
  }
}
