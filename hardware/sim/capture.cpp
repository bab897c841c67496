#include "sim/capture.hpp"

#include "sim/bytes.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <sstream>

namespace stationd::sim {
namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

// The payload of a `<`/`>` record: a quoted string, escapes kept for unescape_bytes.
std::string quoted_payload(std::string_view text, int line) {
  if (text.size() < 2 || text.front() != '"' || text.back() != '"')
    throw capture_error(line, "payload must be a double-quoted string");
  const auto inner = text.substr(1, text.size() - 2);
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] == '\\') {
      ++i;
    } else if (inner[i] == '"') {
      throw capture_error(line, "unescaped quote inside payload");
    }
  }
  try {
    return unescape_bytes(inner);
  } catch (const std::invalid_argument& error) {
    throw capture_error(line, error.what());
  }
}

} // namespace

capture_error::capture_error(int line, const std::string& what)
    : std::runtime_error{fmt::format("line {}: {}", line, what)}, line_{line} {}

capture parse_capture(std::string_view text) {
  capture result;
  std::int64_t previous_time = 0;
  int line_number = 0;
  std::size_t position = 0;
  while (position <= text.size()) {
    const auto end = text.find('\n', position);
    const auto raw = text.substr(position, end == std::string_view::npos ? std::string_view::npos : end - position);
    position = end == std::string_view::npos ? text.size() + 1 : end + 1;
    ++line_number;
    const auto line = trim(raw);
    if (line.empty()) continue;
    if (line.front() == '#') {
      if (!result.records.empty()) continue;
      const auto body = trim(line.substr(1));
      const auto colon = body.find(':');
      if (colon == std::string_view::npos || colon == 0) continue;
      const auto key = body.substr(0, colon);
      if (key.find(' ') != std::string_view::npos) continue;
      result.header[std::string{key}] = std::string{trim(body.substr(colon + 1))};
      continue;
    }

    capture_record record;
    record.line = line_number;
    const auto space = line.find_first_of(" \t");
    if (space == std::string_view::npos) throw capture_error(line_number, "expected '<ms> <direction> <payload>'");
    const auto time_text = line.substr(0, space);
    const auto [ptr, error] = std::from_chars(time_text.data(), time_text.data() + time_text.size(), record.time_ms);
    if (error != std::errc{} || ptr != time_text.data() + time_text.size() || record.time_ms < 0)
      throw capture_error(line_number, "bad time '" + std::string{time_text} + "'");
    if (record.time_ms < previous_time) throw capture_error(line_number, "time goes backwards");
    previous_time = record.time_ms;

    auto rest = trim(line.substr(space));
    if (rest.empty()) throw capture_error(line_number, "missing direction");
    const char direction = rest.front();
    rest = trim(rest.substr(1));
    switch (direction) {
    case '>':
      record.direction = capture_direction::host_to_device;
      record.data = quoted_payload(rest, line_number);
      if (record.data.empty()) throw capture_error(line_number, "empty host record");
      break;
    case '<':
      record.direction = capture_direction::device_to_host;
      record.data = quoted_payload(rest, line_number);
      break;
    case '!':
      record.direction = capture_direction::event;
      record.data = std::string{rest};
      if (record.data != "unplug" && record.data != "replug")
        throw capture_error(line_number, "unknown event '" + record.data + "' (unplug, replug)");
      break;
    default: throw capture_error(line_number, std::string("direction must be '>', '<' or '!', not '") + direction + "'");
    }
    result.records.push_back(std::move(record));
  }
  return result;
}

capture load_capture(const std::filesystem::path& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return parse_capture(text.str());
}

std::string format_capture(const capture& recording) {
  std::string out;
  for (const auto& [key, value] : recording.header) out += fmt::format("# {}: {}\n", key, value);
  if (!recording.header.empty()) out += "#\n";
  for (const auto& record : recording.records) {
    switch (record.direction) {
    case capture_direction::host_to_device:
      out += fmt::format("{} > \"{}\"\n", record.time_ms, escape_bytes(record.data));
      break;
    case capture_direction::device_to_host:
      out += fmt::format("{} < \"{}\"\n", record.time_ms, escape_bytes(record.data));
      break;
    case capture_direction::event: out += fmt::format("{} ! {}\n", record.time_ms, record.data); break;
    }
  }
  return out;
}

} // namespace stationd::sim
