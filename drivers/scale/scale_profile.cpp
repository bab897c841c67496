#include "scale/scale_profile.hpp"

#include "config/config_loader.hpp"
#include "config/config_section.hpp"

#include <fmt/format.h>

namespace stationd::drivers {

using namespace stationd::config;
using k = key_spec;

namespace {

section_spec bit_section(std::string name, std::string help) {
  return section_spec::make(std::move(name), std::move(help), presence::optional,
                            {k::required("offset", value_kind::integer, "Register within the read block.").between(0, 124),
                             k::required("bit", value_kind::integer, "Bit 0-15.").between(0, 15),
                             k::boolean("active_low", false, "The condition holds when the bit is 0.")});
}

section_spec command_section(std::string name, std::string help) {
  return section_spec::make(std::move(name), std::move(help), presence::optional,
                            {k::required("register", value_kind::integer, "0-based register (or coil) address.").between(0, 65535),
                             k::integer("value", 1, "Value written.").between(0, 65535),
                             k::integer("reset", -1, "Written afterwards so the command can repeat; -1: nothing.")
                                 .between(-1, 65535),
                             k::boolean("coil", false, "Write a coil (FC05, value 0/1) instead of a register.")});
}

section_spec profile_schema() {
  auto root = section_spec::make("", "", presence::always,
                                 {k::required("title", value_kind::string, "Instrument name.")});
  root.sections.push_back(section_spec::make(
      "read", "The block read at every poll.", presence::always,
      {k::string("registers", "holding", "holding (FC03) or input (FC04).").one_of({"holding", "input"}),
       k::required("address", value_kind::integer, "0-based address of the first register.").between(0, 65535),
       k::required("count", value_kind::integer, "Registers read (at most 125).").between(1, 125)}));
  root.sections.push_back(section_spec::make(
      "weight", "Where the weight is in the block.", presence::always,
      {k::required("offset", value_kind::integer, "First register of the weight within the block.").between(0, 124),
       k::string("type", "int32", "int16, uint16, int32, uint32 or float32.")
           .one_of({"int16", "uint16", "int32", "uint32", "float32"}),
       k::string("word_order", "abcd", "abcd (high word first), badc, cdab, dcba.").one_of({"abcd", "badc", "cdab", "dcba"}),
       k::integer("decimals", 0, "Decimals of an integer weight (5042 with 3 decimals is 5.042).").between(0, 6),
       k::boolean("absolute", false, "The value has no sign; status.negative gives it."),
       k::string("unit", "kg", "Unit of the weight.").one_of({"kg", "g", "lb", "oz", "t"})}));
  root.sections.push_back(section_spec::make("status", "Status bits.", presence::always, {},
                                             {bit_section("stable", "Set while the weight is stable."),
                                              bit_section("motion", "Set while the weight moves (when there is no stable bit)."),
                                              bit_section("overload", "Over capacity."),
                                              bit_section("underload", "Under zero / under capacity."),
                                              bit_section("negative", "Sign of an absolute weight.")}));
  root.sections.push_back(section_spec::make("commands", "Zero and tare.", presence::always, {},
                                             {command_section("zero", "Zero the scale."),
                                              command_section("tare", "Tare the load."),
                                              command_section("clear_tare", "Clear the tare.")}));
  return root;
}

modbus::bit_ref bit_from(const config_section& status, std::string_view name) {
  const auto* s = status.find_section(name);
  if (s == nullptr) return {};
  return {static_cast<int>(s->get_int("offset")), static_cast<int>(s->get_int("bit")), s->get_bool("active_low")};
}

modbus::scale_profile::command command_from(const config_section& commands, std::string_view name) {
  const auto* s = commands.find_section(name);
  if (s == nullptr) return {};
  modbus::scale_profile::command c;
  c.address = static_cast<int>(s->get_int("register"));
  c.value = static_cast<std::uint16_t>(s->get_int("value"));
  if (s->get_int("reset") >= 0) c.reset_value = static_cast<std::uint16_t>(s->get_int("reset"));
  c.coil = s->get_bool("coil");
  return c;
}

modbus::value_type type_from(const std::string& t) {
  if (t == "int16") return modbus::value_type::int16;
  if (t == "uint16") return modbus::value_type::uint16;
  if (t == "uint32") return modbus::value_type::uint32;
  if (t == "float32") return modbus::value_type::float32;
  return modbus::value_type::int32;
}

modbus::word_order order_from(const std::string& o) {
  if (o == "badc") return modbus::word_order::badc;
  if (o == "cdab") return modbus::word_order::cdab;
  if (o == "dcba") return modbus::word_order::dcba;
  return modbus::word_order::abcd;
}

} // namespace

std::vector<std::filesystem::path> profile_search_path(const std::filesystem::path& config_directory) {
  return {config_directory, STATIOND_DATA_DIR};
}

profile_result load_scale_profile(const std::string& name_or_path, const std::vector<std::filesystem::path>& search) {
  profile_result result;
  std::filesystem::path file;
  if (name_or_path.find('/') != std::string::npos) {
    file = name_or_path;
  } else {
    for (const auto& dir : search) {
      const auto candidate = dir / "scales" / (name_or_path + ".toml");
      if (std::filesystem::exists(candidate)) {
        file = candidate;
        break;
      }
    }
    if (file.empty()) {
      std::vector<std::string> tried;
      for (const auto& dir : search) tried.push_back((dir / "scales").string());
      result.errors.push_back({{name_or_path, 0, 0}, "", "",
                               fmt::format("no scale profile {} in {}", name_or_path, fmt::join(tried, " or "))});
      return result;
    }
  }
  auto loaded = load_file(file, profile_schema());
  if (!loaded.root) {
    result.errors = std::move(loaded.errors);
    return result;
  }
  const auto& root = *loaded.root;
  modbus::scale_profile p;
  p.name = file.stem().string();
  p.title = root.get_string("title");
  const auto& read = root.section("read");
  p.input_registers = read.get_string("registers") == "input";
  p.block_address = static_cast<int>(read.get_int("address"));
  p.block_length = static_cast<int>(read.get_int("count"));
  const auto& weight = root.section("weight");
  p.weight_offset = static_cast<int>(weight.get_int("offset"));
  p.weight_type = type_from(weight.get_string("type"));
  p.order = order_from(weight.get_string("word_order"));
  p.decimals = static_cast<int>(weight.get_int("decimals"));
  p.weight_is_absolute = weight.get_bool("absolute");
  p.unit = weight.get_string("unit");
  const auto& status = root.section("status");
  p.stable = bit_from(status, "stable");
  p.motion = bit_from(status, "motion");
  p.overload = bit_from(status, "overload");
  p.underload = bit_from(status, "underload");
  p.negative = bit_from(status, "negative");
  const auto& commands = root.section("commands");
  p.zero = command_from(commands, "zero");
  p.tare = command_from(commands, "tare");
  p.clear_tare = command_from(commands, "clear_tare");

  // The block must hold everything the profile points into.
  const int width = (p.weight_type == modbus::value_type::int16 || p.weight_type == modbus::value_type::uint16) ? 1 : 2;
  auto outside = [&](const config_section& s, std::string_view key, int end) {
    const auto& e = s.entry(key);
    result.errors.push_back({e.where, s.key_path(key), render(e.value),
                             fmt::format("reaches register {} of a block of {} (read.count)", end, p.block_length)});
  };
  if (p.weight_offset + width > p.block_length) outside(weight, "offset", p.weight_offset + width);
  for (const auto* name : {"stable", "motion", "overload", "underload", "negative"}) {
    if (const auto* s = status.find_section(name); s != nullptr && s->get_int("offset") >= p.block_length) {
      outside(*s, "offset", static_cast<int>(s->get_int("offset")) + 1);
    }
  }
  if (p.stable.register_offset < 0 && p.motion.register_offset < 0) {
    result.errors.push_back({status.where(), "status", "", "needs [status.stable] or [status.motion]: without either the weight never counts as stable"});
  }
  if (p.weight_is_absolute && p.negative.register_offset < 0) {
    const auto& e = weight.entry("absolute");
    result.errors.push_back({e.where, "weight.absolute", "true", "an absolute weight needs [status.negative] for its sign"});
  }
  if (result.errors.empty()) result.profile = std::move(p);
  return result;
}

} // namespace stationd::drivers
