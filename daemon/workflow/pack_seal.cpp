// Sealing and labelling packages: the service allocated an SSCC for a weighed
// package (sscc_input), and a printer confirmed (or did not) its label
// (label_input). Both may arrive in any mode, so they are found by order id and
// SSCC, never through the pack task.
#include "workflow/pack_support.hpp"
#include "workflow/station_core.hpp"

#include <boost/json/array.hpp>

#include <algorithm>

namespace stationd::workflow::pack_support {
namespace {

boost::json::object ship_to_json(const address& a) {
  return {{"name", a.name}, {"street", a.street}, {"postal_code", a.postal_code}, {"city", a.city}, {"country", a.country}};
}

print_request logistic_label(const order& o, const package_state& pkg, bool completes_order) {
  print_request label;
  label.label = "gs1-logistic";
  label.reference = pkg.sscc;
  label.fields = {{"sscc", pkg.sscc},
                  {"ship_to", ship_to_json(o.ship_to)},
                  {"order_number", o.id},
                  {"gross_weight_kg", kg_text(pkg.measured_g)},
                  {"package_number", pkg.number}};
  // The count is known only once the last package is sealed.
  if (completes_order) label.fields["package_count"] = pkg.number;
  return label;
}

// Everything the order needs is in sealed packages.
void complete_order(station_state& s, const order& o, order_progress& p, outcome& out) {
  p.step = "PACKED";
  out.events.push_back(order_state_event(o, p));
  boost::json::array packages;
  for (const auto& pkg : p.packages) {
    packages.push_back({{"sscc", pkg.sscc},
                        {"package", pkg.number},
                        {"carton", pkg.carton},
                        {"measured_g", pkg.measured_g}});
  }
  out.events.push_back({"pack.completed",
                        {{"order", o.id}, {"client_id", o.client_id}, {"packages", packages}, {"operator", badge_of(s)}}});
  if (!o.carrier_label_zpl.empty()) {
    print_request carrier;
    carrier.label = "zpl";
    carrier.reference = o.tracking_number;
    carrier.zpl = o.carrier_label_zpl;
    out.prints.push_back(std::move(carrier));
  }
  out.text = {"pack.order_packed", {{"order", o.id}, {"packages", std::to_string(p.packages.size())}}};
  if (s.pack && s.pack->order_id == o.id) s.pack.reset();
}

// More to pack: the next package opens and waits for its carton.
void next_package(station_state& s, const order& o, order_progress& p, const package_state& sealed,
                  const context& ctx, outcome& out) {
  package_state fresh;
  fresh.number = static_cast<int>(p.packages.size()) + 1;
  p.packages.push_back(std::move(fresh));
  out.events.push_back(package_state_event(p, p.packages.back()));
  if (s.pack && s.pack->order_id == o.id) s.pack->step = "carton";
  const carton* suggestion = suggest_carton(remaining_of(o, p), ctx);
  out.text = {"pack.package_closed",
              {{"package", std::to_string(sealed.number)},
               {"sscc", sealed.sscc},
               {"next", std::to_string(p.packages.back().number)},
               {"carton", suggestion ? suggestion->code : std::string{"-"}}}};
}

} // namespace

std::optional<outcome> seal_package(station_state& s, const sscc_input& in, const context& ctx) {
  const order* o = ctx.master.find_order(in.order_id);
  auto it = s.orders.find(in.order_id);
  const std::vector<std::pair<std::string, std::string>> which{{"order", in.order_id},
                                                               {"package", std::to_string(in.package)}};
  if (!o || it == s.orders.end()) return refused("pack.sscc_unexpected", which);
  order_progress& p = it->second;
  package_state* pkg = find_package(p, in.package);
  if (!pkg || !ready_to_seal(*pkg, ctx.rules)) return refused("pack.sscc_unexpected", which);
  if (!valid_sscc(in.sscc)) return refused("pack.sscc_invalid", {{"sscc", in.sscc}});
  if (s.packages.contains(in.sscc)) return refused("pack.sscc_duplicate", {{"sscc", in.sscc}});

  pkg->sscc = in.sscc;
  pkg->state = "SEALED";
  s.packages[in.sscc] = o->id;
  outcome out = accepted("pack.package_closed");
  out.events.push_back({"package.sealed",
                        {{"sscc", pkg->sscc},
                         {"order", o->id},
                         {"package", pkg->number},
                         {"carton", pkg->carton},
                         {"tare_g", pkg->tare_g},
                         {"contents", contents_json(*pkg)},
                         {"measured_g", pkg->measured_g},
                         {"expected_g", pkg->expected_g},
                         {"override_by", pkg->override_by},
                         {"override_reason", pkg->override_reason},
                         {"operator", badge_of(s)}}});
  out.events.push_back(package_state_event(p, *pkg));
  const bool done = unit_count(remaining_of(*o, p)) == 0;
  out.prints.push_back(logistic_label(*o, *pkg, done));
  const package_state sealed = *pkg; // the vector may grow below
  if (done) complete_order(s, *o, p, out);
  else next_package(s, *o, p, sealed, ctx, out);
  return out;
}

std::optional<outcome> label_confirmed(station_state& s, const label_input& in, const context& ctx) {
  const auto where = s.packages.find(in.reference);
  if (where == s.packages.end()) {
    // The carrier's own label, printed when an order is packed.
    for (const auto& [id, p] : s.orders) {
      const order* o = ctx.master.find_order(id);
      if (!o || o->tracking_number.empty() || o->tracking_number != in.reference) continue;
      if (in.printed) return outcome{};
      outcome out = accepted("pack.carrier_label_not_printed", {{"tracking", in.reference}, {"order", id}});
      out.light = signal::attention;
      out.events.push_back({"label.not_printed", {{"reference", in.reference}, {"order", id}, {"job", in.job}}});
      return out;
    }
    return std::nullopt;
  }
  const order* o = ctx.master.find_order(where->second);
  auto it = s.orders.find(where->second);
  if (!o || it == s.orders.end()) return std::nullopt;
  order_progress& p = it->second;
  package_state* pkg = find_package(p, in.reference);
  if (!pkg) return std::nullopt;
  if (!in.printed) {
    outcome out = accepted("pack.label_not_printed", {{"sscc", pkg->sscc}, {"package", std::to_string(pkg->number)}});
    out.light = signal::attention;
    out.events.push_back(
        {"package.label_failed", {{"sscc", pkg->sscc}, {"order", o->id}, {"package", pkg->number}, {"job", in.job}}});
    return out;
  }
  if (pkg->state != "SEALED") return outcome{}; // a reprint of a label already confirmed
  pkg->state = "LABELED";
  pkg->label_job = in.job;
  outcome out = accepted("pack.label_printed", {{"sscc", pkg->sscc}, {"package", std::to_string(pkg->number)}});
  out.events.push_back({"package.labeled",
                        {{"sscc", pkg->sscc},
                         {"order", o->id},
                         {"package", pkg->number},
                         {"job", in.job},
                         {"operator", badge_of(s)}}});
  out.events.push_back(package_state_event(p, *pkg));
  // A package already loaded was labelled before.
  const bool all_labeled = std::all_of(p.packages.begin(), p.packages.end(), [](const package_state& k) {
    return k.state == "LABELED" || k.state == "LOADED";
  });
  if (all_labeled && p.step == "PACKED") {
    p.step = "LABELED";
    out.events.push_back(order_state_event(*o, p));
    out.text = {"pack.order_labeled", {{"order", o->id}, {"packages", std::to_string(p.packages.size())}}};
  }
  return out;
}

} // namespace stationd::workflow::pack_support
