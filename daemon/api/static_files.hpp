#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

// The station UI's files, read once into memory (at start and at reload). Only
// files found in the directory are served, so no request path can reach
// anything outside it.
namespace stationd::api {

struct static_file {
  std::string content;
  std::string content_type;
  std::string etag;
};

class static_files {
public:
  static_files() = default;
  // Reads every regular file below `directory` (at most 16 MiB in all); throws
  // std::runtime_error when the directory cannot be read.
  explicit static_files(const std::filesystem::path& directory);
  // By URL path relative to the directory ("index.html", "js/app.js").
  const static_file* find(std::string_view relative) const;
  std::size_t size() const noexcept { return files_.size(); }

private:
  std::map<std::string, static_file, std::less<>> files_;
};

std::string content_type_of(const std::filesystem::path& file);

} // namespace stationd::api
