// Decoding + classifying 1,000,000 mixed scans, next to the raw limit of the same
// bytes measured in the same run: cutting the stream into scans (framing) alone.

#include "scan/scan_classifier.hpp"
#include "scan/scan_decoder.hpp"
#include "scan/scan_framer.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <random>

using namespace stationd;
using clock_type = std::chrono::steady_clock;

namespace {

// A realistic bench mix: product DataMatrix codes, pallet labels, retail EANs,
// Digital Links, site codes, and a few bad scans.
std::vector<std::string> make_scans(std::size_t n) {
  const std::vector<std::string> templates = {
      "]d2011950110153000031030123451726123110LOT-A1\x1d" "21SN0001",
      "]d20109501101530003172612001012345\x1d" "21ABC",
      "]C10010614141123456789702195011015300003724\x1d" "3302012550400PO-98765\x1d" "42010115",
      "]C100106141411234567897",
      "]E04006381333931",
      "]E0036000291452",
      "]E496385074",
      "]Q1https://id.gs1.org/01/19501101530000/10/LOT-A1/21/SN0001?17=261231&3103=012345",
      "A01-02-03",
      "T000123",
      "OP-0042",
      "1Z999AA10123456784",
      "CMD-LOGOUT",
      "]E04006381333932", // bad check digit
      "]C117261231",      // missing required AI
  };
  std::mt19937 random{42};
  std::vector<std::string> scans;
  scans.reserve(n);
  for (std::size_t i = 0; i < n; ++i) scans.push_back(templates[random() % templates.size()]);
  return scans;
}

} // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1'000'000;
  const auto scans = make_scans(n);
  std::string stream;
  for (const auto& s : scans) stream += s + "\r";

  // Raw limit: frame the byte stream only.
  const auto t0 = clock_type::now();
  scan::scan_framer framer{{}};
  std::size_t framed = 0;
  for (std::size_t offset = 0; offset < stream.size(); offset += 4096) framed += framer.feed(std::string_view{stream}.substr(offset, 4096)).size();
  const std::chrono::duration<double> framing = clock_type::now() - t0;

  scan::classifier_rules rules;
  rules.add_pattern(scan::scan_kind::badge, "OP-[0-9]{4}");
  rules.add_pattern(scan::scan_kind::location, "[A-Z][0-9]{2}-[0-9]{2}-[0-9]{2}");
  rules.add_pattern(scan::scan_kind::tote, "T[0-9]{6}");
  rules.add_carrier("ups", "1Z[0-9A-Z]{16}", "", "");
  std::size_t valid = 0;
  std::size_t refused = 0;
  const auto t1 = clock_type::now();
  for (const auto& s : scans) {
    const auto d = scan::decode(s);
    if (!d) {
      ++refused;
      continue;
    }
    valid += scan::classify(*d.scan, rules).kind != scan::scan_kind::unknown ? 1 : 0;
  }
  const std::chrono::duration<double> decoding = clock_type::now() - t1;

  const double framing_rate = static_cast<double>(framed) / framing.count();
  const double decode_rate = static_cast<double>(n) / decoding.count();
  fmt::print("framing only (raw):        {:>12.0f} scans/s  ({} scans, {:.1f} MB)\n", framing_rate, framed,
             static_cast<double>(stream.size()) / 1e6);
  fmt::print("decode + classify:         {:>12.0f} scans/s  ({} classified, {} refused)\n", decode_rate, valid, refused);
  fmt::print("ratio to framing:          {:>12.3f}\n", decode_rate / framing_rate);
  return 0;
}
