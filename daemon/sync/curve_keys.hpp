#pragma once

#include <filesystem>
#include <string>

// The station's CURVE key pair in <state_directory>/curve: station.key (the
// secret, mode 0600) and station.pub, each one line of 40 Z85 characters.
namespace stationd::sync {

struct key_pair {
  std::string public_key;
  std::string secret_key;
};

// Makes a new pair and writes it; refuses to replace an existing pair unless `replace`.
// Throws std::runtime_error with a readable reason.
key_pair generate_keys(const std::filesystem::path& directory, bool replace);
// Reads the pair; throws std::runtime_error naming the file and what is wrong.
key_pair load_keys(const std::filesystem::path& directory);
bool is_z85_key(const std::string& text);

} // namespace stationd::sync
