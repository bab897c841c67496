#pragma once

#include <filesystem>
#include <string>

namespace stationd::test {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it at scope end.
// Short paths on purpose: Unix socket paths must fit in 108 bytes.
class temp_dir {
public:
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  const std::filesystem::path& path() const noexcept { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  // Writes `text` to a file in this directory and returns its path.
  std::filesystem::path write(const std::string& name, const std::string& text) const;

private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& path);

} // namespace stationd::test
