#pragma once

#include <filesystem>
#include <string>

namespace stationd::central {

// A CURVE key pair as Z85 text (40 characters each).
struct key_pair {
  std::string public_key;
  std::string secret_key;
};

key_pair make_key_pair();
// Writes DIR/central.key (mode 0600) and DIR/central.pub; refuses to replace
// an existing secret key, since every station pins the public half.
key_pair create_central_keys(const std::filesystem::path& dir);
key_pair load_central_keys(const std::filesystem::path& dir);

} // namespace stationd::central
