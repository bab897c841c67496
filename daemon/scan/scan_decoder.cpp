#include "scan/scan_decoder.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace stationd::scan {
namespace {

constexpr char gs = '\x1d';

std::string_view errc_token(gs1::errc code) {
  switch (code) {
  case gs1::errc::empty: return "gs1.empty";
  case gs1::errc::not_ascii: return "gs1.not_ascii";
  case gs1::errc::bad_character: return "gs1.bad_character";
  case gs1::errc::unknown_ai: return "gs1.unknown_ai";
  case gs1::errc::too_short: return "gs1.too_short";
  case gs1::errc::too_long: return "gs1.too_long";
  case gs1::errc::bad_check_digit: return "gs1.bad_check_digit";
  case gs1::errc::bad_date: return "gs1.bad_date";
  case gs1::errc::bad_time: return "gs1.bad_time";
  case gs1::errc::bad_value: return "gs1.bad_value";
  case gs1::errc::duplicate_ai: return "gs1.duplicate_ai";
  case gs1::errc::missing_required_ai: return "gs1.missing_required_ai";
  case gs1::errc::excluded_ai_pair: return "gs1.excluded_ai_pair";
  case gs1::errc::bad_syntax: return "gs1.bad_syntax";
  case gs1::errc::bad_uri: return "gs1.bad_uri";
  case gs1::errc::bad_path: return "gs1.bad_path";
  case gs1::errc::bad_query: return "gs1.bad_query";
  }
  return "gs1.invalid";
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_uri(std::string_view s) { return s.starts_with("https://") || s.starts_with("http://"); }

// The first byte that no scan may contain: control characters other than GS, DEL, non-ASCII.
std::optional<std::size_t> first_unprintable(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != 0x1d) || c >= 0x7f) return i;
  }
  return std::nullopt;
}

decode_result fail(scan_error e) { return {std::nullopt, std::move(e)}; }

std::string quote_for_message(std::string_view s) { return fmt::format("\"{}\"", s); }

decode_result from_parse(decoded_scan scan, const gs1::parsed& p, std::size_t offset) {
  if (!p) return fail(from_gs1(*p.failure, offset));
  scan.elements = p.elements;
  return {std::move(scan), std::nullopt};
}

// A bare GTIN-8/12/13/14 (EAN/UPC/ITF-14) as AI (01).
decode_result as_gtin(decoded_scan scan, std::size_t offset) {
  const auto& digits = scan.data;
  std::string_view gtin = digits;
  // ]E3: EAN-13 followed by a 2- or 5-digit add-on; the add-on is not part of the GTIN.
  if (scan.symbology && scan.symbology->modifier == '3' && (digits.size() == 15 || digits.size() == 18)) {
    gtin = std::string_view{digits}.substr(0, 13);
  }
  if (!all_digits(gtin) || (gtin.size() != 8 && gtin.size() != 12 && gtin.size() != 13 && gtin.size() != 14)) {
    return fail({"scan.bad_gtin", fmt::format("{} is not a GTIN: expected 8, 12, 13 or 14 digits", quote_for_message(gtin)),
                 "01", std::string{gtin}, offset});
  }
  const auto normalized = gs1::normalize_gtin(gtin);
  if (!normalized) {
    const auto expected = gs1::check_digit(gtin.substr(0, gtin.size() - 1));
    return fail({"gs1.bad_check_digit",
                 fmt::format("GTIN {}: check digit is {}, expected {}", gtin, gtin.back(), expected.value_or('?')), "01",
                 std::string{gtin}, offset + gtin.size() - 1});
  }
  scan.form = scan_form::gtin;
  scan.elements = {{"01", *normalized}};
  return {std::move(scan), std::nullopt};
}

} // namespace

std::string_view to_string(scan_form form) noexcept {
  switch (form) {
  case scan_form::element_string: return "element_string";
  case scan_form::bracketed: return "bracketed";
  case scan_form::digital_link: return "digital_link";
  case scan_form::gtin: return "gtin";
  case scan_form::plain: return "plain";
  }
  return "plain";
}

scan_error from_gs1(const gs1::error& e, std::size_t offset) {
  return {std::string{errc_token(e.code)}, e.message, e.ai, e.value, offset + e.position};
}

decode_result decode(std::string_view raw, const decode_options& options) {
  if (raw.empty()) return fail({"scan.empty", "empty scan", {}, {}, 0});
  if (const auto bad = first_unprintable(raw)) {
    return fail({"scan.not_ascii",
                 fmt::format("scan refused: byte 0x{:02X} at position {} is not printable ASCII",
                             static_cast<unsigned char>(raw[*bad]), *bad),
                 {}, {}, *bad});
  }
  const auto split = split_symbology(raw);
  decoded_scan scan;
  scan.raw = std::string{raw};
  scan.symbology = split.id;
  scan.data = std::string{split.data};
  const std::size_t offset = raw.size() - split.data.size();
  const gs1::parse_options gs1_options{options.current_year};

  if (scan.data.empty()) return fail({"scan.empty", fmt::format("scan {} has no data", raw), {}, {}, offset});

  if (split.id) {
    switch (describe(*split.id).kind) {
    case payload_kind::gs1:
      scan.form = scan_form::element_string;
      return from_parse(std::move(scan), gs1::parse_element_string(split.data, gs1_options), offset);
    case payload_kind::gtin:
      if (split.id->code == 'I' && !(scan.data.size() == 14 && all_digits(scan.data))) break; // plain ITF
      return as_gtin(std::move(scan), offset);
    case payload_kind::plain:
      break;
    }
    if (is_uri(split.data)) {
      const auto dl = gs1::parse_digital_link(split.data, gs1_options);
      // A URI without a GS1 key is an ordinary web link: plain data, not an error.
      if (dl || dl.failure->code != gs1::errc::bad_path) {
        scan.form = scan_form::digital_link;
        return from_parse(std::move(scan), dl, offset);
      }
    }
    if (scan.data.find(gs) != std::string::npos) {
      return fail({"scan.unexpected_gs",
                   fmt::format("scan refused: a GS separator in {} data, which is not GS1", describe(*split.id).name), {},
                   {}, offset + scan.data.find(gs)});
    }
    scan.form = scan_form::plain;
    return {std::move(scan), std::nullopt};
  }

  // No symbology identifier: let the data's shape decide.
  const std::string_view data = split.data;
  if (data.front() == gs || data.find(gs) != std::string_view::npos) {
    scan.form = scan_form::element_string;
    return from_parse(std::move(scan), gs1::parse_element_string(data, gs1_options), offset);
  }
  if (data.front() == '(') {
    scan.form = scan_form::bracketed;
    return from_parse(std::move(scan), gs1::parse_bracketed(data, gs1_options), offset);
  }
  if (is_uri(data)) {
    const auto dl = gs1::parse_digital_link(data, gs1_options);
    if (dl || dl.failure->code != gs1::errc::bad_path) {
      scan.form = scan_form::digital_link;
      return from_parse(std::move(scan), dl, offset);
    }
    return {std::move(scan), std::nullopt};
  }
  if (all_digits(data)) {
    if (data.size() == 8 || data.size() == 12 || data.size() == 13 || data.size() == 14) {
      if (gs1::valid_check_digit(data)) return as_gtin(std::move(scan), offset);
    }
    if (data.size() == 20 && data.starts_with("00") && gs1::valid_check_digit(data.substr(2))) {
      scan.form = scan_form::element_string;
      return from_parse(std::move(scan), gs1::parse_element_string(data, gs1_options), offset);
    }
  }
  scan.form = scan_form::plain;
  return {std::move(scan), std::nullopt};
}

} // namespace stationd::scan
