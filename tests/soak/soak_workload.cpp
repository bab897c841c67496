#include "soak_workload.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace stationd::soak {
namespace json = boost::json;

namespace {

struct product {
  const char* gtin;
  const char* sku;
  const char* name;
  int weight_g;
  const char* location;
  std::array<const char*, 2> codes; // two ways its barcode reads
};

// Plain products (no lot, serial or expiry): every unit of one is the same.
constexpr std::array<product, 3> products{{
    {"07350053850019", "SKU-MUG1", "Coffee mug", 350, "A01-01-01", {"SKU-MUG1", "(01)07350053850019"}},
    {"07350053850064", "SKU-TSHIRTM", "T-shirt, size M", 200, "A03-01-01", {"SKU-TSHIRTM", "07350053850064"}},
    {"07350053850071", "", "Phone charger", 150, "A03-02-01", {"07350053850071", "(01)07350053850071"}},
}};

json::object product_json(const product& p) {
  json::object o{{"gtin", p.gtin},       {"name", p.name},     {"unit_weight_g", p.weight_g}, {"length_mm", 100},
                 {"width_mm", 100},      {"height_mm", 50},    {"category", "homeware"}};
  if (*p.sku) o["sku"] = p.sku;
  return o;
}

std::vector<item_line> random_lines(std::mt19937_64& random) {
  std::uniform_int_distribution<int> count(1, 3), quantity(1, 3), which(0, 1);
  std::array<std::size_t, 3> order{0, 1, 2};
  std::shuffle(order.begin(), order.end(), random);
  std::vector<item_line> lines;
  const int n = count(random);
  for (int i = 0; i < n; ++i) {
    const auto& p = products[order[static_cast<std::size_t>(i)]];
    lines.push_back({i + 1, p.codes[static_cast<std::size_t>(which(random))], p.gtin, quantity(random), p.location});
  }
  return lines;
}

json::array lines_json(const std::vector<item_line>& lines) {
  json::array out;
  for (const auto& l : lines) {
    out.push_back({{"line", l.line}, {"gtin", l.gtin}, {"quantity", l.quantity}, {"location", l.location}});
  }
  return out;
}

} // namespace

workload make_workload(std::size_t orders, std::size_t returns, std::mt19937_64& random, const std::string& today) {
  workload w;
  json::array product_list, stock, order_list, rma_list;
  for (const auto& p : products) {
    product_list.push_back(product_json(p));
    stock.push_back({{"location", p.location}, {"gtin", p.gtin}, {"lot", ""}, {"expiry", ""}, {"quantity", 100'000'000}});
  }
  std::bernoulli_distribution picked(0.3);
  for (std::size_t i = 0; i < orders; ++i) {
    order_job o{fmt::format("SO-{}", 2'000'001 + i), random_lines(random), picked(random), ""};
    if (o.pick_first) o.tote = fmt::format("T{:06}", 100'001 + i);
    order_list.push_back({{"id", o.id},
                          {"client_id", i % 2 == 0 ? "acme" : "globex"},
                          {"ship_to",
                           {{"name", "Lena Holm"},
                            {"street", "Drottninggatan 4"},
                            {"postal_code", "75310"},
                            {"city", "Uppsala"},
                            {"country", "SE"}}},
                          {"lines", lines_json(o.lines)}});
    w.orders.push_back(std::move(o));
  }
  for (std::size_t i = 0; i < returns; ++i) {
    return_job r{fmt::format("RMA-{}", 3'000'001 + i), fmt::format("SO-{}", 3'000'001 + i),
                 fmt::format("1ZSOAK{:012}", i + 1), random_lines(random)};
    json::array shipped;
    for (const auto& l : r.lines) shipped.push_back({{"line", l.line}, {"gtin", l.gtin}, {"quantity", l.quantity}});
    order_list.push_back({{"id", r.order_id},
                          {"client_id", i % 2 == 0 ? "acme" : "globex"},
                          {"state", "SHIPPED"},
                          {"shipped_on", today},
                          {"lines", lines_json(r.lines)},
                          {"shipped", std::move(shipped)}});
    json::array rma_lines;
    for (const auto& l : r.lines) {
      rma_lines.push_back({{"line", l.line}, {"gtin", l.gtin}, {"quantity", l.quantity}, {"reason", "changed mind"}});
    }
    rma_list.push_back({{"id", r.rma},
                        {"order_id", r.order_id},
                        {"created_on", today},
                        {"tracking_numbers", {r.tracking}},
                        {"lines", std::move(rma_lines)}});
    w.returns.push_back(std::move(r));
  }
  w.master_data = {
      {"revision", 1},
      {"products", std::move(product_list)},
      {"operators",
       {{{"badge", "OP-0001"}, {"name", "Åsa Öberg"}, {"role", "operator"}, {"language", "sv"}},
        {{"badge", "OP-0009"}, {"name", "Karin Lund"}, {"role", "supervisor"}, {"language", "sv"}}}},
      {"cartons",
       {{{"code", "BOX-M"}, {"name", "Medium box"}, {"tare_g", 300}, {"length_mm", 400}, {"width_mm", 300},
         {"height_mm", 200}, {"max_weight_g", 15000}}}},
      {"stock", std::move(stock)},
      {"orders", std::move(order_list)},
      {"rmas", std::move(rma_list)}};
  return w;
}

} // namespace stationd::soak
