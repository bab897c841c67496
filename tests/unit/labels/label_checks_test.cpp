// What `stationd -t` says about [labels]: a missing directory, a broken
// template and a field a built-in label does not fill, each at FILE:LINE:COL;
// a [labels] printer that names no printer.

#include "config/station_config.hpp"
#include "labels/label_checks.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace stationd;

namespace {

struct loaded {
  std::optional<config::station_config> config;
  std::string errors; // one line each
};

loaded load(const test::temp_dir& dir, const std::string& toml) {
  const auto file = dir.write("station.toml", toml);
  auto result = config::load_station_config(file, {dir.path().string(), dir.path().string()});
  loaded out;
  for (const auto& e : result.errors) out.errors += e.to_string() + "\n";
  out.config = std::move(result.config);
  return out;
}

std::string label_errors(const config::station_config& c) {
  std::string out;
  for (const auto& e : labels::check_labels(c)) out += e.to_string() + "\n";
  return out;
}

} // namespace

TEST_CASE("a missing template directory is an error at labels.directory") {
  test::temp_dir dir;
  const auto l = load(dir, "[station]\nid = \"b1\"\n[labels]\ndirectory = \"nowhere\"\n");
  REQUIRE(l.config);
  const auto file = (dir.path() / "station.toml").string();
  CHECK(label_errors(*l.config) == file + ":4:13: labels.directory = \"nowhere\": " + (dir.path() / "nowhere").string() +
                                       ": no such directory of label templates\n");
}

TEST_CASE("a station without a printer needs no template directory, unless it names one") {
  test::temp_dir dir;
  const auto quiet = load(dir, "[station]\nid = \"b1\"\n");
  REQUIRE(quiet.config);
  CHECK(label_errors(*quiet.config) == "");
  const auto printing = load(dir, "[station]\nid = \"b1\"\n[[device]]\nname = \"zebra\"\nclass = \"printer\"\n"
                                  "driver = \"zpl-tcp\"\nhost = \"127.0.0.1\"\n");
  REQUIRE(printing.config);
  const auto file = (dir.path() / "station.toml").string();
  CHECK(label_errors(*printing.config) == file + ":1:1: labels.directory = \"labels\": " + (dir.path() / "labels").string() +
                                              ": no such directory of label templates\n");
}

TEST_CASE("template errors and unknown fields of built-in labels point into the template") {
  test::temp_dir dir;
  std::filesystem::create_directory(dir / "labels");
  std::ofstream{dir / "labels" / "broken.zpl"} << "^XA\n^CI28\n^FO1,1^FD{{name}}^FS\n^XZ\n";
  std::ofstream{dir / "labels" / "tote-location.zpl"} << "^XA^CI28\n^FO1,1^FH^FD{{code}} {{colour}}^FS\n^XZ\n";
  std::ofstream{dir / "labels" / "mine.zpl"} << "^XA^CI28^FO1,1^FH^FD{{anything}}^FS^XZ\n";
  std::ofstream{dir / "labels" / "notes.txt"} << "not a template\n";
  const auto l = load(dir, "[station]\nid = \"b1\"\n");
  REQUIRE(l.config);
  const auto labels = (dir.path() / "labels").string();
  CHECK(label_errors(*l.config) ==
        labels + "/broken.zpl:3:10: field name: its ^FD needs ^FH before it, so the value can be escaped\n" + labels +
            "/tote-location.zpl:2:22: field colour: the tote-location label has no such field (it has: code, code_barcode, "
            "description, kind)\n");
}

TEST_CASE("the shipped templates are clean") {
  test::temp_dir dir;
  std::filesystem::copy(std::filesystem::path{STATIOND_SOURCE_DIR} / "config" / "labels", dir / "labels");
  const auto l = load(dir, "[station]\nid = \"b1\"\n");
  REQUIRE(l.config);
  CHECK(label_errors(*l.config) == "");
}

TEST_CASE("[labels] printer must name a printer device") {
  test::temp_dir dir;
  const std::string devices = "[[device]]\nname = \"scale\"\nclass = \"scale\"\ndriver = \"mt-sics\"\nport = \"/dev/null\"\n";
  const auto unknown = load(dir, "[station]\nid = \"b1\"\n[labels]\nprinter = \"zebra\"\n" + devices);
  CHECK_FALSE(unknown.config);
  const auto file = (dir.path() / "station.toml").string();
  CHECK(unknown.errors == file + ":4:11: labels.printer = \"zebra\": no [[device]] has this name\n");
  const auto wrong = load(dir, "[station]\nid = \"b1\"\n[labels]\nprinter = \"scale\"\n" + devices);
  CHECK(wrong.errors == file + ":4:11: labels.printer = \"scale\": device scale is a scale, not a printer\n");
}
