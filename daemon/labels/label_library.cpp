#include "labels/label_library.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace stationd::labels {

const label_template* library::find(std::string_view name) const {
  const auto it = templates.find(name);
  return it == templates.end() ? nullptr : &it->second;
}

library load_library(const std::filesystem::path& directory) {
  library lib;
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec)) {
    lib.errors.push_back({{directory.string(), 0, 0}, "", "", "no such directory of label templates"});
    return lib;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator{directory, ec}) {
    if (entry.path().extension() == ".zpl") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in{file, std::ios::binary};
    std::ostringstream text;
    text << in.rdbuf();
    auto parsed = label_template::parse(file.stem().string(), text.str());
    if (auto* error = std::get_if<template_error>(&parsed)) {
      lib.errors.push_back({{file.string(), static_cast<std::uint32_t>(error->line), static_cast<std::uint32_t>(error->column)},
                            "", "", error->message});
    } else {
      lib.templates.emplace(file.stem().string(), std::move(std::get<label_template>(parsed)));
    }
  }
  return lib;
}

} // namespace stationd::labels
