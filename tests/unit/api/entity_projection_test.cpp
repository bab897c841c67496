#include "api/entity_projection.hpp"
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

using namespace stationd::api;
namespace json = boost::json;

namespace {
constexpr const char* at = "2026-11-27T10:14:07.123Z";
}

TEST_CASE("station events become changes of orders, packages and returns") {
  struct row {
    const char* event;
    const char* payload;
    const char* kind;      // "" : no change
    const char* id;
    const char* type;
    const char* client;
    const char* related;
    const char* fields;    // the fields the change sets, as JSON
  };
  const row rows[] = {
      {"order.state", R"({"order":"SO-1","client_id":"acme","state":"IN_PROGRESS","step":"PICKING","reason":""})",
       "order", "SO-1", "order.state_changed", "acme", "",
       R"({"state":"IN_PROGRESS","step":"PICKING","hold_reason":null})"},
      {"order.state", R"({"order":"SO-1","client_id":"acme","state":"ON_HOLD","step":"PICKING","reason":"SHORT_PICK"})",
       "order", "SO-1", "order.state_changed", "acme", "",
       R"({"state":"ON_HOLD","step":"PICKING","hold_reason":"SHORT_PICK"})"},
      {"order.shipped",
       R"({"order":"SO-1","client_id":"acme","packages":["1"],"tracking_number":"T1","carrier":"PN","station":"b"})",
       "order", "SO-1", "order.shipped", "acme", "",
       R"({"packages":["1"],"carrier":"PN","tracking_number":"T1","shipped_at":"2026-11-27T10:14:07.123Z"})"},
      {"order.shipped", R"({"order":"SO-2","client_id":"x","packages":[],"tracking_number":"","carrier":""})", "order",
       "SO-2", "order.shipped", "x", "",
       R"({"packages":[],"carrier":null,"tracking_number":null,"shipped_at":"2026-11-27T10:14:07.123Z"})"},
      {"package.sealed",
       R"({"sscc":"100","order":"SO-1","package":2,"carton":"BOX-M","tare_g":300,"contents":[{"line":1}],"measured_g":1522,"expected_g":1520,"override_by":"","override_reason":""})",
       "package", "100", "package.sealed", "", "SO-1",
       R"({"order":"SO-1","number":2,"carton":"BOX-M","tare_g":300,"contents":[{"line":1}],"weight_expected_g":1520,"weight_measured_g":1522,"weight_override_by":null,"sealed_at":"2026-11-27T10:14:07.123Z"})"},
      {"package.labeled", R"({"sscc":"100","order":"SO-1","package":2,"job":7})", "package", "100", "package.labeled",
       "", "SO-1", R"({"order":"SO-1","number":2,"labeled_at":"2026-11-27T10:14:07.123Z"})"},
      {"package.loaded", R"({"sscc":"100","order":"SO-1","package":2})", "package", "100", "package.loaded", "", "SO-1",
       R"({"order":"SO-1","number":2,"loaded_at":"2026-11-27T10:14:07.123Z"})"},
      {"package.state", R"({"sscc":"100","order":"SO-1","package":2,"state":"LOADED"})", "package", "100",
       "package.state_changed", "", "SO-1", R"({"order":"SO-1","number":2,"state":"LOADED"})"},
      // A package before its SSCC is nothing a 3PL could look up.
      {"package.state", R"({"sscc":"","order":"SO-1","package":1,"state":"OPENED"})", "", "", "", "", "", "{}"},
      {"return.arrived", R"({"rma":"RMA-1","order":"SO-1","client_id":"acme","expected_weight_g":900})", "return",
       "RMA-1", "return.arrived", "acme", "SO-1",
       R"({"order":"SO-1","state":"ARRIVED","arrived_at":"2026-11-27T10:14:07.123Z","expected_weight_g":900})"},
      {"return.state", R"({"rma":"RMA-1","order":"SO-1","state":"INSPECTING"})", "return", "RMA-1",
       "return.state_changed", "", "SO-1", R"({"order":"SO-1","state":"INSPECTING"})"},
      {"return.inspected",
       R"({"rma":"RMA-1","order":"SO-1","client_id":"acme","grade":"B","reason_codes":["USED"],"units":[],"verification":{"weight":"ok"},"mismatches":[],"inspected_at":1795774447123})",
       "return", "RMA-1", "return.inspected", "acme", "SO-1",
       R"({"order":"SO-1","grade":"B","reason_codes":["USED"],"units":[],"verification":{"weight":"ok"},"mismatches":[],"inspected_at":"2026-11-27T10:14:07.123Z"})"},
      {"return.flagged", R"({"rma":"RMA-1","order":"SO-1","mismatches":[{"code":"WEIGHT_LOW"}]})", "return", "RMA-1",
       "return.flagged", "", "SO-1", R"({"order":"SO-1","mismatches":[{"code":"WEIGHT_LOW"}]})"},
      // Not about an entity: no change.
      {"pick.unit", R"({"order":"SO-1"})", "", "", "", "", "", "{}"},
      {"scan.accepted", R"({})", "", "", "", "", "", "{}"},
      {"order.state", R"({"client_id":"acme","state":"READY"})", "", "", "", "", "", "{}"},
      {"return.state", R"({"rma":17,"state":"READY"})", "", "", "", "", "", "{}"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.event);
    CAPTURE(r.payload);
    const auto c = change_of(r.event, json::parse(r.payload).as_object(), at);
    if (std::string_view{r.kind}.empty()) {
      CHECK_FALSE(c.has_value());
      continue;
    }
    REQUIRE(c.has_value());
    CHECK(c->kind == r.kind);
    CHECK(c->id == r.id);
    CHECK(c->type == r.type);
    CHECK(c->client_id == r.client);
    CHECK(c->related_order == r.related);
    CHECK(json::serialize(c->fields) == json::serialize(json::parse(r.fields)));
  }
}

TEST_CASE("a change applied to a new entity fills every documented field") {
  auto order = new_entity("order", "SO-1", "bench-01");
  const auto c = change_of("order.state", json::parse(R"({"order":"SO-1","client_id":"acme","state":"SHIPPED","step":"LOADED","reason":""})").as_object(), at);
  REQUIRE(c);
  apply(order, *c, "acme", 3, 418, at);
  CHECK(json::serialize(order) ==
        R"({"type":"order","id":"SO-1","client_id":"acme","station_id":"bench-01","version":3,"seq":418,)"
        R"("updated_at":"2026-11-27T10:14:07.123Z","state":"SHIPPED","step":"LOADED","hold_reason":null,"packages":[],)"
        R"("carrier":null,"tracking_number":null,"shipped_at":null})");
  const auto package = new_entity("package", "100", "b");
  CHECK(package.at("sscc") == "100");
  CHECK(package.at("state") == "SEALED");
  const auto ret = new_entity("return", "RMA-1", "b");
  CHECK(ret.at("rma") == "RMA-1");
  CHECK(ret.at("state") == "EXPECTED");
}

TEST_CASE("times are ISO 8601 UTC with milliseconds") {
  struct row {
    std::int64_t ms;
    const char* text;
  };
  const row rows[] = {{0, "1970-01-01T00:00:00.000Z"},
                      {1795774447123, "2026-11-27T10:14:07.123Z"},
                      {951782400000, "2000-02-29T00:00:00.000Z"},
                      {4102444799999, "2099-12-31T23:59:59.999Z"}};
  for (const auto& r : rows) CHECK(iso_time(r.ms) == r.text);
}
