#include "sim/toledo8213_scale.hpp"

#include <fmt/format.h>

#include <bit>
#include <utility>

namespace stationd::sim {
namespace {
constexpr char stx = '\x02';
constexpr char cr = '\r';
} // namespace

toledo8213_scale::toledo8213_scale(options opts)
    : serial_device{opts.link}, grams_{opts.grams}, parity_{opts.parity} {
  model_.unit = opts.unit;
  model_.decimals = opts.grams ? 0 : opts.decimals;
  model_.zero_range = opts.zero_range;
}

toledo8213_scale::~toledo8213_scale() { stop(); }

void toledo8213_scale::set_parity(bool even_parity_in_bit7) {
  worker().call([this, even_parity_in_bit7] { parity_ = even_parity_in_bit7; });
}

void toledo8213_scale::set_grams(bool grams) {
  worker().call([this, grams] {
    grams_ = grams;
    if (grams) model_.decimals = 0;
  });
}

void toledo8213_scale::set_zero_capture_error(bool error) {
  worker().call([this, error] { zero_capture_error_ = error; });
}

std::uint8_t toledo8213_scale::status_byte(const scale_model& model, bool zero_capture_error) {
  unsigned status = 0x60; // bits 5 and 6 always set
  if (!model.stable) status |= 0x01;
  if (model.overload) status |= 0x02;
  if (model.underload || model.gross_counts() < 0) status |= 0x04;
  if (zero_capture_error) status |= 0x08;
  if (model.at_zero() && !model.overload && !model.underload) status |= 0x10;
  return static_cast<std::uint8_t>(status);
}

std::string toledo8213_scale::with_even_parity(std::string_view data) {
  std::string out;
  out.reserve(data.size());
  for (const char c : data) {
    const auto seven = static_cast<unsigned>(static_cast<unsigned char>(c) & 0x7f);
    const unsigned parity = static_cast<unsigned>(std::popcount(seven)) & 1U;
    out += static_cast<char>(seven | (parity << 7));
  }
  return out;
}

void toledo8213_scale::modify_model(const std::function<void(scale_model&)>& change) {
  worker().call([this, &change] { change(model_); });
}

scale_model toledo8213_scale::read_model() const {
  return worker().call([this] { return model_; });
}

void toledo8213_scale::on_input(std::string_view data) {
  for (const char raw : data) {
    const char c = static_cast<char>(raw & 0x7f);
    switch (c) {
    case 'W': send_record(weight_valid() ? weight_record(false) : ""); break;
    case 'H': send_record(weight_valid() ? weight_record(true) : ""); break;
    case 'Z':
      // Refused in motion, overload or outside the zero range; the status record tells.
      model_.zero();
      send_record("");
      break;
    case '\r':
    case '\n':
    case ' ': break;
    default: send_record(""); break;
    }
  }
}

bool toledo8213_scale::weight_valid() const {
  return model_.stable && !model_.overload && !model_.underload && model_.net_counts() >= 0;
}

std::string toledo8213_scale::weight_record(bool high_resolution) const {
  const int decimals = model_.decimals + (high_resolution ? 1 : 0);
  const std::string value = model_.net().to_string(decimals);
  if (decimals == 0) return fmt::format("{:0>6}", value);
  return fmt::format("{:0>{}}", value, high_resolution ? 7 : 6);
}

void toledo8213_scale::send_record(std::string body) {
  // An empty body means "send the status record".
  if (body.empty()) body = fmt::format("?{}", static_cast<char>(status_byte(model_, zero_capture_error_)));
  std::string record;
  record += stx;
  record += body;
  record += cr;
  reply(parity_ ? with_even_parity(record) : record);
}

} // namespace stationd::sim
