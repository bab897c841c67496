#include "sim/command_line.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>

namespace stationd::sim {
namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

// Drops a comment: `#` at the start of a word.
std::string_view strip_comment(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || blank(line[i - 1]))) return line.substr(0, i);
  }
  return line;
}

} // namespace

script_error::script_error(int line, const std::string& what)
    : std::runtime_error{fmt::format("line {}: {}", line, what)}, line_{line} {}

std::optional<command> parse_command(std::string_view line) {
  line = trim(strip_comment(line));
  if (line.empty()) return std::nullopt;
  command result;
  std::size_t i = 0;
  bool first = true;
  while (i < line.size()) {
    while (i < line.size() && blank(line[i])) ++i;
    const auto start = i;
    while (i < line.size() && !blank(line[i])) ++i;
    if (i == start) break;
    const auto word = line.substr(start, i - start);
    if (first) {
      result.name = std::string{word};
      result.rest = std::string{trim(line.substr(i))};
      first = false;
    } else {
      result.args.emplace_back(word);
    }
  }
  return result;
}

std::vector<script_step> parse_script(std::string_view text) {
  std::vector<script_step> steps;
  int line_number = 0;
  std::int64_t previous = 0;
  std::size_t position = 0;
  while (position <= text.size()) {
    const auto end = text.find('\n', position);
    const auto line = text.substr(position, end == std::string_view::npos ? std::string_view::npos : end - position);
    position = end == std::string_view::npos ? text.size() + 1 : end + 1;
    ++line_number;
    auto parsed = parse_command(line);
    if (!parsed) continue;
    std::int64_t at = 0;
    const auto& time = parsed->name;
    const auto [ptr, error] = std::from_chars(time.data(), time.data() + time.size(), at);
    if (error != std::errc{} || ptr != time.data() + time.size() || at < 0)
      throw script_error(line_number, "expected '<ms> <command> …', not '" + std::string{trim(line)} + "'");
    if (at < previous) throw script_error(line_number, "time goes backwards");
    previous = at;
    const auto rest = parse_command(parsed->rest);
    if (!rest) throw script_error(line_number, "missing command after the time");
    steps.push_back({std::chrono::milliseconds{at}, *rest, line_number});
  }
  return steps;
}

} // namespace stationd::sim
