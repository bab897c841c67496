#include "sync/curve_keys.hpp"

#include <fmt/format.h>
#include <zmq.h>

#include <fstream>
#include <stdexcept>
#include <string_view>
#include <sys/stat.h>

namespace stationd::sync {

namespace {

constexpr std::string_view z85_alphabet =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

std::string read_key(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(fmt::format("cannot read {} (make the key pair with `stationctl keygen`)", file.string()));
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  if (!is_z85_key(line)) throw std::runtime_error(fmt::format("{} does not hold a CURVE key (40 Z85 characters)", file.string()));
  return line;
}

void write_key(const std::filesystem::path& file, const std::string& key, mode_t mode) {
  const auto temporary = file.string() + ".new";
  {
    std::ofstream out(temporary, std::ios::trunc);
    if (!out) throw std::runtime_error(fmt::format("cannot write {}", temporary));
    ::chmod(temporary.c_str(), mode);
    out << key << '\n';
    out.flush();
    if (!out) throw std::runtime_error(fmt::format("cannot write {}", temporary));
  }
  std::filesystem::rename(temporary, file);
}

} // namespace

bool is_z85_key(const std::string& text) {
  return text.size() == 40 && text.find_first_not_of(z85_alphabet) == std::string::npos;
}

key_pair generate_keys(const std::filesystem::path& directory, bool replace) {
  const auto secret_file = directory / "station.key";
  const auto public_file = directory / "station.pub";
  if (!replace && (std::filesystem::exists(secret_file) || std::filesystem::exists(public_file))) {
    throw std::runtime_error(fmt::format("{} already holds a key pair; --force replaces it (central must then be told the new "
                                         "public key)",
                                         directory.string()));
  }
  char public_key[41] = {};
  char secret_key[41] = {};
  if (zmq_curve_keypair(public_key, secret_key) != 0) {
    throw std::runtime_error(fmt::format("cannot make a CURVE key pair: {}", zmq_strerror(zmq_errno())));
  }
  std::filesystem::create_directories(directory);
  ::chmod(directory.c_str(), 0700);
  write_key(secret_file, secret_key, 0600);
  write_key(public_file, public_key, 0644);
  return {public_key, secret_key};
}

key_pair load_keys(const std::filesystem::path& directory) {
  return {read_key(directory / "station.pub"), read_key(directory / "station.key")};
}

} // namespace stationd::sync
