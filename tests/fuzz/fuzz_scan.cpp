// libFuzzer target: scanner framing, decoding and classification, plus the
// three GS1 forms. Besides "no crash, no sanitizer report", it checks that a
// decoded GS1 scan survives every rendering: bracketed, element string and
// Digital Link each parse back to the same elements.

#include "gs1/gs1.hpp"
#include "scan/scan_classifier.hpp"
#include "scan/scan_decoder.hpp"
#include "scan/scan_framer.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using namespace stationd;

std::vector<gs1::element> sorted(std::vector<gs1::element> v) {
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.ai < b.ai; });
  return v;
}

void require(bool condition) {
  if (!condition) std::abort();
}

const scan::classifier_rules& rules() {
  static const scan::classifier_rules r = [] {
    scan::classifier_rules x;
    x.add_pattern(scan::scan_kind::badge, "OP-[0-9]{4}");
    x.add_pattern(scan::scan_kind::location, "[A-Z][0-9]{2}-[0-9]{2}-[0-9]{2}");
    x.add_carrier("usps", "9[2-5][0-9]{20}", "420[0-9]{5}", "");
    return x;
  }();
  return r;
}

void check_round_trips(const std::vector<gs1::element>& elements) {
  const auto bracketed = gs1::parse_bracketed(gs1::to_bracketed(elements));
  require(bracketed && bracketed.elements == elements);
  const auto element_string = gs1::parse_element_string(gs1::to_element_string(elements));
  require(element_string && element_string.elements == elements);
  const auto uri = gs1::to_digital_link(elements);
  if (!uri.empty()) {
    const auto dl = gs1::parse_digital_link(uri);
    require(dl && sorted(dl.elements) == sorted(elements));
  }
}

void decode_one(std::string_view raw) {
  const auto d = scan::decode(raw);
  if (!d) {
    require(!d.error->code.empty() && !d.error->message.empty());
    return;
  }
  (void)scan::classify(*d.scan, rules());
  if (!d.scan->elements.empty()) check_round_trips(d.scan->elements);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input{reinterpret_cast<const char*>(data), size};
  decode_one(input);
  (void)gs1::parse_bracketed(input);
  (void)gs1::parse_digital_link(input);

  // Framing: the first byte picks the options, the second where the stream is split.
  if (size >= 2) {
    const auto terminators = std::array{scan::scan_terminator::cr, scan::scan_terminator::lf,
                                        scan::scan_terminator::crlf, scan::scan_terminator::none};
    scan::framing_options options{(data[0] & 4) ? "\x02" : "", terminators[data[0] & 3], 64};
    scan::scan_framer framer{options};
    const auto stream = input.substr(2);
    const auto cut = std::min<std::size_t>(data[1], stream.size());
    auto frames = framer.feed(stream.substr(0, cut));
    auto more = framer.feed(stream.substr(cut));
    frames.insert(frames.end(), more.begin(), more.end());
    auto tail = framer.idle();
    frames.insert(frames.end(), tail.begin(), tail.end());
    for (const auto& f : frames) {
      require(f.data.size() <= options.max_length);
      if (!f.error) decode_one(f.data);
    }
    require(framer.buffered() == 0);
  }
  return 0;
}
