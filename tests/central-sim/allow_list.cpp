#include "allow_list.hpp"

#include <fmt/format.h>
#include <zmq.h>

#include <array>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace stationd::central {

allow_list allow_list::parse(std::string_view text) {
  allow_list list;
  std::istringstream lines{std::string{text}};
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    std::istringstream words{line};
    std::string station, key, extra;
    // '#' may be part of a Z85 key, so a comment is a whole word that starts
    // with '#': the first one (a comment line) or the one after the key.
    if (!(words >> station) || station.starts_with('#')) continue;
    if (!(words >> key) || ((words >> extra) && !extra.starts_with('#'))) {
      throw std::runtime_error(fmt::format("line {}: expected \"STATION_ID PUBLIC_KEY_Z85\"", number));
    }
    std::array<std::uint8_t, 32> binary{};
    if (key.size() != 40 || zmq_z85_decode(binary.data(), key.c_str()) == nullptr) {
      throw std::runtime_error(fmt::format("line {}: \"{}\" is not a 40-character Z85 key", number, key));
    }
    const std::string binary_key{reinterpret_cast<const char*>(binary.data()), binary.size()};
    if (!list.by_key_.emplace(binary_key, station).second) {
      throw std::runtime_error(fmt::format("line {}: the key is listed twice", number));
    }
  }
  return list;
}

allow_list allow_list::load(const std::filesystem::path& path) {
  std::ifstream in{path};
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", path.string()));
  std::stringstream text;
  text << in.rdbuf();
  try {
    return parse(text.str());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(fmt::format("{}: {}", path.string(), e.what()));
  }
}

std::optional<std::string> allow_list::station_of(std::string_view binary_key) const {
  const auto it = by_key_.find(binary_key);
  if (it == by_key_.end()) return std::nullopt;
  return it->second;
}

} // namespace stationd::central
