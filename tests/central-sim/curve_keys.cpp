#include "curve_keys.hpp"

#include <fmt/format.h>
#include <zmq.h>

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace stationd::central {

namespace {

void write_file(const std::filesystem::path& path, const std::string& text, mode_t mode) {
  // Created with its final mode: the secret key is never readable by others, not even briefly.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) throw std::runtime_error(fmt::format("cannot create {}: {}", path.string(), std::strerror(errno)));
  const auto line = text + "\n";
  const auto written = ::write(fd, line.data(), line.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size()) || !synced) {
    throw std::runtime_error(fmt::format("cannot write {}", path.string()));
  }
}

std::string read_key(const std::filesystem::path& path) {
  std::ifstream in{path};
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", path.string()));
  std::string key;
  in >> key;
  std::array<std::uint8_t, 32> binary{};
  if (key.size() != 40 || zmq_z85_decode(binary.data(), key.c_str()) == nullptr) {
    throw std::runtime_error(fmt::format("{}: not a 40-character Z85 key", path.string()));
  }
  return key;
}

} // namespace

key_pair make_key_pair() {
  std::array<char, 41> public_key{}, secret_key{};
  if (zmq_curve_keypair(public_key.data(), secret_key.data()) != 0) {
    throw std::runtime_error("this libzmq has no CURVE support");
  }
  return {public_key.data(), secret_key.data()};
}

key_pair create_central_keys(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  auto keys = make_key_pair();
  write_file(dir / "central.key", keys.secret_key, 0600);
  write_file(dir / "central.pub", keys.public_key, 0644);
  return keys;
}

key_pair load_central_keys(const std::filesystem::path& dir) {
  return {read_key(dir / "central.pub"), read_key(dir / "central.key")};
}

} // namespace stationd::central
