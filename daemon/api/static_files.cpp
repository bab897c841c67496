#include "api/static_files.hpp"
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

namespace stationd::api {

std::string content_type_of(const std::filesystem::path& file) {
  const auto ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt" || ext == ".md") return "text/plain; charset=utf-8";
  if (ext == ".wav") return "audio/wav";
  return "application/octet-stream";
}

static_files::static_files(const std::filesystem::path& directory) {
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec)) {
    throw std::runtime_error(fmt::format("the station UI directory {} does not exist", directory.string()));
  }
  std::size_t total = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(directory, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const auto relative = std::filesystem::relative(it->path(), directory).generic_string();
    if (relative.starts_with(".") || relative.find("/.") != std::string::npos) continue; // hidden, at any depth
    std::ifstream in{it->path(), std::ios::binary};
    std::ostringstream content;
    content << in.rdbuf();
    static_file f{content.str(), content_type_of(it->path()), {}};
    total += f.content.size();
    if (total > 16u * 1024 * 1024) {
      throw std::runtime_error(fmt::format("the station UI directory {} holds more than 16 MiB", directory.string()));
    }
    f.etag = fmt::format("\"{:x}-{:x}\"", f.content.size(), std::hash<std::string>{}(f.content));
    files_.emplace(relative, std::move(f));
  }
  if (ec) throw std::runtime_error(fmt::format("cannot read {}: {}", directory.string(), ec.message()));
}

const static_file* static_files::find(std::string_view relative) const {
  const auto it = files_.find(relative);
  return it == files_.end() ? nullptr : &it->second;
}

} // namespace stationd::api
