#include "workflow/master_data.hpp"

#include "workflow/json_reader.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace stationd::workflow {

catalog::catalog(master_data data) : data_(std::move(data)) {
  for (std::size_t i = 0; i < data_.products.size(); ++i) {
    products_.emplace(data_.products[i].gtin, i);
    if (!data_.products[i].sku.empty()) skus_.emplace(data_.products[i].sku, i);
  }
  for (std::size_t i = 0; i < data_.operators.size(); ++i) operators_.emplace(data_.operators[i].badge, i);
  for (std::size_t i = 0; i < data_.cartons.size(); ++i) cartons_.emplace(data_.cartons[i].code, i);
  for (std::size_t i = 0; i < data_.orders.size(); ++i) orders_.emplace(data_.orders[i].id, i);
  for (std::size_t i = 0; i < data_.rmas.size(); ++i) {
    rmas_.emplace(data_.rmas[i].id, i);
    rma_by_order_.emplace(data_.rmas[i].order_id, i);
    for (const auto& t : data_.rmas[i].tracking_numbers) rma_by_tracking_.emplace(t, i);
  }
}

namespace {
template <typename Index, typename Vector>
auto lookup(const Index& index, const Vector& v, std::string_view key) -> decltype(&v[0]) {
  auto it = index.find(key);
  return it == index.end() ? nullptr : &v[it->second];
}
} // namespace

const product* catalog::find_product(std::string_view key) const {
  if (auto* p = lookup(products_, data_.products, key)) return p;
  return lookup(skus_, data_.products, key);
}
const station_operator* catalog::find_operator(std::string_view badge) const {
  return lookup(operators_, data_.operators, badge);
}
const carton* catalog::find_carton(std::string_view code) const { return lookup(cartons_, data_.cartons, code); }
const order* catalog::find_order(std::string_view id) const { return lookup(orders_, data_.orders, id); }
const rma* catalog::find_rma(std::string_view id) const { return lookup(rmas_, data_.rmas, id); }
const rma* catalog::find_rma_by_order(std::string_view order_id) const {
  return lookup(rma_by_order_, data_.rmas, order_id);
}
const rma* catalog::find_rma_by_tracking(std::string_view tracking) const {
  return lookup(rma_by_tracking_, data_.rmas, tracking);
}
std::vector<const stock_lot*> catalog::lots_of(std::string_view gtin) const {
  std::vector<const stock_lot*> out;
  for (const auto& s : data_.stock) {
    if (s.gtin == gtin) out.push_back(&s);
  }
  return out;
}

namespace {

[[noreturn]] void invalid(const std::string& where, const std::string& what) {
  throw json_reader::error(fmt::format("{}: {}", where, what));
}

bool iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

void check_date(const std::string& where, const std::string& value) {
  if (!value.empty() && !iso_date(value)) invalid(where, fmt::format("\"{}\" is not a date (YYYY-MM-DD)", value));
}

void check_one_of(const std::string& where, const std::string& value, std::initializer_list<std::string_view> allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  invalid(where, fmt::format("\"{}\" is not one of {}", value, list));
}

bool gtin14(std::string_view s) {
  if (s.size() != 14 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  int sum = 0;
  for (std::size_t i = 0; i < 13; ++i) sum += (s[i] - '0') * (i % 2 == 0 ? 3 : 1);
  return (10 - sum % 10) % 10 == s[13] - '0';
}

void validate(const master_data& d) {
  std::set<std::string, std::less<>> gtins, badges, cartons, orders, rmas;
  for (std::size_t i = 0; i < d.products.size(); ++i) {
    const auto& p = d.products[i];
    const auto where = fmt::format("products[{}]", i);
    if (!gtin14(p.gtin)) invalid(where + ".gtin", fmt::format("\"{}\" is not a GTIN-14 with a valid check digit", p.gtin));
    if (!gtins.insert(p.gtin).second) invalid(where + ".gtin", fmt::format("{} appears twice", p.gtin));
    if (p.unit_weight_g < 0) invalid(where + ".unit_weight_g", "must not be negative");
    check_one_of(where + ".customs_status", p.customs_status, {"UNION", "NON_UNION", "TEMP_STORAGE"});
  }
  for (std::size_t i = 0; i < d.products.size(); ++i) {
    const auto& p = d.products[i];
    if (p.replaced_by.empty()) continue;
    const auto where = fmt::format("products[{}].replaced_by", i);
    if (p.replaced_by == p.gtin) invalid(where, "a product cannot replace itself");
    if (!gtins.contains(p.replaced_by)) invalid(where, fmt::format("{} is not a product", p.replaced_by));
  }
  for (std::size_t i = 0; i < d.products.size(); ++i) {
    const auto& p = d.products[i];
    for (std::size_t j = 0; j < p.accessory_of.size(); ++j) {
      const auto where = fmt::format("products[{}].accessory_of[{}]", i, j);
      if (p.accessory_of[j] == p.gtin) invalid(where, "a product cannot be an accessory of itself");
      if (!gtins.contains(p.accessory_of[j])) invalid(where, fmt::format("{} is not a product", p.accessory_of[j]));
    }
  }
  for (std::size_t i = 0; i < d.operators.size(); ++i) {
    const auto& o = d.operators[i];
    const auto where = fmt::format("operators[{}]", i);
    if (o.badge.empty()) invalid(where + ".badge", "must not be empty");
    if (!badges.insert(o.badge).second) invalid(where + ".badge", fmt::format("{} appears twice", o.badge));
    check_one_of(where + ".role", o.role, {"operator", "supervisor"});
    check_one_of(where + ".language", o.language, {"", "sv", "en"});
  }
  for (std::size_t i = 0; i < d.cartons.size(); ++i) {
    const auto where = fmt::format("cartons[{}].code", i);
    if (d.cartons[i].code.empty()) invalid(where, "must not be empty");
    if (!cartons.insert(d.cartons[i].code).second) invalid(where, fmt::format("{} appears twice", d.cartons[i].code));
  }
  for (std::size_t i = 0; i < d.stock.size(); ++i) {
    const auto where = fmt::format("stock[{}]", i);
    if (!gtins.contains(d.stock[i].gtin)) invalid(where + ".gtin", fmt::format("{} is not a product", d.stock[i].gtin));
    check_date(where + ".expiry", d.stock[i].expiry);
  }
  for (std::size_t i = 0; i < d.orders.size(); ++i) {
    const auto& o = d.orders[i];
    const auto where = fmt::format("orders[{}]", i);
    if (o.id.empty()) invalid(where + ".id", "must not be empty");
    if (!orders.insert(o.id).second) invalid(where + ".id", fmt::format("{} appears twice", o.id));
    check_one_of(where + ".state", o.state, {"READY", "ON_HOLD", "CANCELLED", "SHIPPED"});
    check_one_of(where + ".customs_release", o.customs_release, {"NOT_REQUIRED", "PENDING", "RELEASED", "REFUSED"});
    check_date(where + ".shipped_on", o.shipped_on);
    check_date(where + ".delivered_on", o.delivered_on);
    std::set<int> lines;
    for (std::size_t j = 0; j < o.lines.size(); ++j) {
      const auto& l = o.lines[j];
      const auto lw = fmt::format("{}.lines[{}]", where, j);
      if (!lines.insert(l.line).second) invalid(lw + ".line", fmt::format("line {} appears twice", l.line));
      if (!gtins.contains(l.gtin)) invalid(lw + ".gtin", fmt::format("{} is not a product", l.gtin));
      if (l.quantity <= 0) invalid(lw + ".quantity", "must be at least 1");
    }
    for (std::size_t j = 0; j < o.shipped.size(); ++j) {
      const auto& s = o.shipped[j];
      const auto sw = fmt::format("{}.shipped[{}]", where, j);
      if (!gtins.contains(s.gtin)) invalid(sw + ".gtin", fmt::format("{} is not a product", s.gtin));
      if (s.quantity <= 0) invalid(sw + ".quantity", "must be at least 1");
      if (s.returned < 0 || s.returned > s.quantity) invalid(sw + ".returned", "must be between 0 and quantity");
    }
  }
  for (std::size_t i = 0; i < d.rmas.size(); ++i) {
    const auto& r = d.rmas[i];
    const auto where = fmt::format("rmas[{}]", i);
    if (r.id.empty()) invalid(where + ".id", "must not be empty");
    if (!rmas.insert(r.id).second) invalid(where + ".id", fmt::format("{} appears twice", r.id));
    check_one_of(where + ".state", r.state, {"PENDING_APPROVAL", "APPROVED", "REJECTED", "CANCELLED", "COMPLETED"});
    check_date(where + ".created_on", r.created_on);
    for (std::size_t j = 0; j < r.lines.size(); ++j) {
      const auto lw = fmt::format("{}.lines[{}]", where, j);
      if (!gtins.contains(r.lines[j].gtin)) invalid(lw + ".gtin", fmt::format("{} is not a product", r.lines[j].gtin));
      if (r.lines[j].quantity <= 0) invalid(lw + ".quantity", "must be at least 1");
    }
  }
}

} // namespace

master_data parse_master_data(std::string_view json_text) {
  boost::system::error_code ec;
  boost::json::parse_options options;
  const boost::json::value v = boost::json::parse(json_text, ec, {}, options);
  if (ec) throw json_reader::error(fmt::format("not valid JSON: {}", ec.message()));
  master_data d;
  json_reader::read(v, d, "");
  validate(d);
  return d;
}

std::string to_json_text(const master_data& data) { return boost::json::serialize(boost::json::value_from(data)); }

} // namespace stationd::workflow
