#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace stationd::central {

// The stations central lets in: each CURVE public key bound to one station id.
class allow_list {
public:
  // Lines "STATION_ID PUBLIC_KEY_Z85"; a word starting with '#' begins a
  // comment (not any '#': Z85 uses it). Throws
  // std::runtime_error naming the line of anything else.
  static allow_list parse(std::string_view text);
  static allow_list load(const std::filesystem::path& path);

  // The station a 32-byte binary public key (as ZAP hands it over) belongs to.
  std::optional<std::string> station_of(std::string_view binary_key) const;
  std::size_t size() const noexcept { return by_key_.size(); }

private:
  std::map<std::string, std::string, std::less<>> by_key_; // binary key -> station id
};

} // namespace stationd::central
