#pragma once

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Master data and work the station receives from central (docs/workflows.md,
// docs/master-data.md): products, operators, cartons, stock lots, orders and
// return authorisations. The workflow core only reads it.
namespace stationd::workflow {

struct product {
  std::string gtin;                       // GTIN-14
  std::string sku;                        // internal SKU, may be empty
  std::string name;
  std::int64_t unit_weight_g = 0;         // the unit as sold, in its own packaging
  std::int64_t length_mm = 0, width_mm = 0, height_mm = 0; // 0: unknown
  bool serialized = false;                // every unit carries a serial (AI 21) that is captured
  bool lot_tracked = false;               // a lot (AI 10) must be captured when picked
  int min_shelf_life_days = -1;           // -1: the station's rule applies
  std::string replaced_by;                // GTIN of the successor product, may be empty
  std::vector<std::string> accessory_of;  // GTINs of the products this one is an accessory of
  std::string variant_of;                 // the product family (style) this is a variant of, may be empty
  std::string category;                   // for disposition rules, e.g. "electronics"
  bool returnable = true;
  std::string customs_status = "UNION";   // UNION, NON_UNION, TEMP_STORAGE
};
BOOST_DESCRIBE_STRUCT(product, (), (gtin, sku, name, unit_weight_g, length_mm, width_mm, height_mm, serialized,
                                    lot_tracked, min_shelf_life_days, replaced_by, accessory_of, variant_of, category,
                                    returnable, customs_status))

struct station_operator {
  std::string badge;
  std::string name;
  std::string role = "operator"; // operator or supervisor
  std::string language;          // "sv" or "en"; empty: the station's default
};
BOOST_DESCRIBE_STRUCT(station_operator, (), (badge, name, role, language))

struct carton {
  std::string code;  // what its barcode says, e.g. "BOX-M"
  std::string name;
  std::int64_t tare_g = 0;
  std::int64_t length_mm = 0, width_mm = 0, height_mm = 0; // inside
  std::int64_t max_weight_g = 0; // 0: no limit
};
BOOST_DESCRIBE_STRUCT(carton, (), (code, name, tare_g, length_mm, width_mm, height_mm, max_weight_g))

// A lot of a product at a location, for first-expiry-first warnings.
struct stock_lot {
  std::string location;
  std::string gtin;
  std::string lot;
  std::string expiry; // ISO date, may be empty
  std::int64_t quantity = 0;
};
BOOST_DESCRIBE_STRUCT(stock_lot, (), (location, gtin, lot, expiry, quantity))

struct order_line {
  int line = 0;
  std::string gtin;
  std::int64_t quantity = 0;
  std::string location; // where to pick it
};
BOOST_DESCRIBE_STRUCT(order_line, (), (line, gtin, quantity, location))

// What left the warehouse on an order (from any station): returns are checked against it.
struct shipped_line {
  int line = 0;
  std::string gtin;
  std::int64_t quantity = 0;
  std::vector<std::string> serials;
  std::vector<std::string> lots;
  std::int64_t returned = 0; // already returned and accepted before
};
BOOST_DESCRIBE_STRUCT(shipped_line, (), (line, gtin, quantity, serials, lots, returned))

struct hold {
  std::string kind;   // "fraud", "customs", "payment", ...
  std::string reason;
};
BOOST_DESCRIBE_STRUCT(hold, (), (kind, reason))

struct address {
  std::string name, street, postal_code, city, country;
};
BOOST_DESCRIBE_STRUCT(address, (), (name, street, postal_code, city, country))

struct order {
  std::string id;
  std::string client_id;            // the merchant (3PL tenant)
  std::string state = "READY";      // as central sees it: READY, ON_HOLD, CANCELLED, SHIPPED
  std::vector<hold> holds;          // fraud review, customs control, ...
  std::string customs_release = "NOT_REQUIRED"; // NOT_REQUIRED, PENDING, RELEASED, REFUSED
  std::string customs_release_ref;
  bool allow_substitution = false;
  address ship_to;
  std::string carrier;
  std::string tracking_number;
  std::string carrier_label_zpl;    // a carrier's ready-made label, printed as it is
  std::vector<order_line> lines;
  std::vector<shipped_line> shipped;
  std::string shipped_on;           // ISO date, for the return window
  std::string delivered_on;         // ISO date, may be empty
};
BOOST_DESCRIBE_STRUCT(order, (), (id, client_id, state, holds, customs_release, customs_release_ref,
                                  allow_substitution, ship_to, carrier, tracking_number, carrier_label_zpl, lines,
                                  shipped, shipped_on, delivered_on))

struct rma_line {
  int line = 0;          // the order line it returns
  std::string gtin;
  std::int64_t quantity = 0;
  std::string reason;    // the customer's stated reason
};
BOOST_DESCRIBE_STRUCT(rma_line, (), (line, gtin, quantity, reason))

struct rma {
  std::string id;
  std::string order_id;
  std::string state = "APPROVED"; // PENDING_APPROVAL, APPROVED, REJECTED, CANCELLED, COMPLETED
  std::string created_on;         // ISO date
  int return_window_days = -1;    // -1: the station's rule applies
  std::vector<std::string> tracking_numbers;
  std::vector<rma_line> lines;
};
BOOST_DESCRIBE_STRUCT(rma, (), (id, order_id, state, created_on, return_window_days, tracking_numbers, lines))

// One revision of everything the station knows from central.
struct master_data {
  std::uint64_t revision = 0;
  std::vector<product> products;
  std::vector<station_operator> operators;
  std::vector<carton> cartons;
  std::vector<stock_lot> stock;
  std::vector<order> orders;
  std::vector<rma> rmas;
};
BOOST_DESCRIBE_STRUCT(master_data, (), (revision, products, operators, cartons, stock, orders, rmas))

// Fast lookups over one master_data; the indexes point into it, so it is kept
// by value and never changed after construction.
class catalog {
public:
  catalog() = default;
  explicit catalog(master_data data);
  catalog(const catalog&) = delete;
  catalog& operator=(const catalog&) = delete;

  const master_data& data() const noexcept { return data_; }
  const product* find_product(std::string_view gtin_or_sku) const;
  const station_operator* find_operator(std::string_view badge) const;
  const carton* find_carton(std::string_view code) const;
  const order* find_order(std::string_view id) const;
  const rma* find_rma(std::string_view id) const;
  const rma* find_rma_by_order(std::string_view order_id) const;
  const rma* find_rma_by_tracking(std::string_view tracking) const;
  std::vector<const stock_lot*> lots_of(std::string_view gtin) const;

private:
  master_data data_;
  std::map<std::string, std::size_t, std::less<>> products_, skus_, operators_, cartons_, orders_, rmas_,
      rma_by_order_, rma_by_tracking_;
};

// Reads master data from JSON; unknown keys and wrong types are errors that name
// the path ("orders[2].lines[0].quantity: expected an integer"), and so are
// duplicate keys, unknown GTINs on lines and a product replaced by itself.
master_data parse_master_data(std::string_view json_text);
std::string to_json_text(const master_data& data);

} // namespace stationd::workflow
