// Label templates: parsing with exact error positions, rendering, and the
// escaping that keeps a field value from ever becoming a ZPL command.

#include "labels/label_template.hpp"
#include "labels/zpl_reader.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace stationd::labels;

namespace {

label_template parse_ok(std::string_view text) {
  auto parsed = label_template::parse("test", text);
  REQUIRE_MESSAGE(std::holds_alternative<label_template>(parsed),
                  std::get<template_error>(parsed).message);
  return std::get<label_template>(std::move(parsed));
}

std::string parse_error(std::string_view text) {
  auto parsed = label_template::parse("test", text);
  if (std::holds_alternative<label_template>(parsed)) return "parsed";
  const auto& e = std::get<template_error>(parsed);
  return std::to_string(e.line) + ":" + std::to_string(e.column) + ": " + e.message;
}

constexpr std::string_view address_template = "^XA\n^CI28\n^FO10,10^A0N,30,30^FH^FDTO: {{name}}^FS\n"
                                              "^FO10,50^A0N,30,30^FH^FD{{city}} {{note?}}^FS\n^XZ\n";

} // namespace

TEST_CASE("template errors name the line and column") {
  struct row {
    const char* what;
    std::string_view text;
    std::string expected;
  };
  const row rows[] = {
      {"not ZPL", "hello", "1:1: no ^XA: not a ZPL label format"},
      {"text before ^XA", "^FO1,1^XA^XZ", "1:1: the template must start with ^XA"},
      {"no ^XZ", "^XA\n^CI28\n", "3:1: no ^XZ at the end of the format"},
      {"two formats", "^XA^XZ\n^XA^XZ", "2:1: a second ^XA: a template holds one label format"},
      {"commands after ^XZ", "^XA^XZ\n^FO1,1", "2:1: commands after ^XZ"},
      {"field outside ^FD", "^XA^CI28\n^FO1,1{{name}}^XZ", "2:7: field name outside ^FD...^FS: fields may only fill field data"},
      {"field without ^FH", "^XA^CI28\n^FO1,1^FD{{name}}^FS^XZ",
       "2:10: field name: its ^FD needs ^FH before it, so the value can be escaped"},
      {"field before ^CI28", "^XA\n^FO1,1^FH^FD{{name}}^FS^XZ",
       "2:13: field name: the template needs ^CI28 (UTF-8) before its first field"},
      {"bad field name", "^XA^CI28^FH^FD{{Name}}^FS^XZ",
       "1:15: \"{{Name}}\": a field name is lower-case letters, digits and _"},
      {"unclosed field", "^XA^CI28^FH^FD{{name^FS^XZ", "1:15: {{ without a closing }}"},
      {"field in a comment", "^XA^CI28^FX {{name}}^XZ", "1:13: field name inside a ^FX comment"},
      {"^XZ inside ^FD", "^XA^FDabc^XZ", "1:10: ^XZ inside ^FD...: missing ^FS"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.what);
    CHECK(parse_error(r.text) == r.expected);
  }
}

TEST_CASE("a template lists its fields once, with where they are first used") {
  const auto t = parse_ok(address_template);
  REQUIRE(t.fields().size() == 3);
  CHECK(t.fields()[0].name == "name");
  CHECK(t.fields()[0].required);
  CHECK(t.fields()[0].line == 3);
  CHECK(t.fields()[0].column == 29);
  CHECK(t.fields()[2].name == "note");
  CHECK_FALSE(t.fields()[2].required);
}

TEST_CASE("UTF-8 values print as written") {
  const auto t = parse_ok(address_template);
  const auto out = t.render({{"name", "Åsa Öberg"}, {"city", "Göteborg"}});
  REQUIRE(out.zpl);
  CHECK(out.zpl->find("^FDTO: Åsa Öberg^FS") != std::string::npos);
  const auto fields = read_fields(*out.zpl);
  REQUIRE(fields.size() == 2);
  CHECK(fields[0].data == "TO: Åsa Öberg");
  CHECK(fields[1].data == "Göteborg "); // the optional note left empty
}

TEST_CASE("a value can never start a ZPL command") {
  const auto t = parse_ok(address_template);
  struct row {
    const char* what;
    std::string value;
    std::string error;
  };
  const row rows[] = {
      {"end the format", "Bob^FS^XZ^XA^FDforged",
       "label test: field name: \"Bob^FS^XZ^XA^FDforged\" contains ^, a ZPL command prefix: refused"},
      {"a tilde command", "~JA", "label test: field name: \"~JA\" contains ~, a ZPL command prefix: refused"},
      {"a line break", "two\nlines", "label test: field name: control character 0x0A at byte 3: refused"},
      {"a NUL", std::string("a\0b", 3), "label test: field name: control character 0x00 at byte 1: refused"},
      {"latin-1, not UTF-8", "G\xF6teborg", "label test: field name: not valid UTF-8 at byte 1: refused"},
      {"a truncated sequence", "\xC3", "label test: field name: not valid UTF-8 at byte 0: refused"},
      {"too long", std::string(3073, 'x'), "label test: field name: 3073 bytes, more than a ZPL field holds (3072)"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.what);
    const auto out = t.render({{"name", r.value}, {"city", "X"}});
    CHECK_FALSE(out.zpl);
    CHECK(out.error.value_or("") == r.error);
  }
}

TEST_CASE("the ^FH indicator in a value is written as its own hex escape") {
  const auto t = parse_ok(address_template);
  const auto out = t.render({{"name", "ACME_NORTH"}, {"city", "100% _sure_"}});
  REQUIRE(out.zpl);
  CHECK(out.zpl->find("^FDTO: ACME_5FNORTH^FS") != std::string::npos);
  const auto fields = read_fields(*out.zpl);
  CHECK(fields[0].data == "TO: ACME_NORTH");
  CHECK(fields[1].data == "100% _sure_ ");
}

TEST_CASE("a template may choose its own ^FH indicator") {
  const auto t = parse_ok("^XA^CI28^FH\\^FD{{v}}^FS^XZ");
  const auto out = t.render({{"v", "a\\b_c"}});
  REQUIRE(out.zpl);
  CHECK(*out.zpl == "^XA^CI28^FH\\^FDa\\5Cb_c^FS^XZ");
  CHECK(read_fields(*out.zpl).at(0).data == "a\\b_c");
}

TEST_CASE("a required field without a value is an error; an optional one is left out") {
  const auto t = parse_ok(address_template);
  const auto missing = t.render({{"city", "X"}});
  CHECK_FALSE(missing.zpl);
  CHECK(missing.error.value_or("") == "label test: field name has no value");
  const auto empty = t.render({{"name", ""}, {"city", ""}});
  CHECK(empty.zpl);
}
