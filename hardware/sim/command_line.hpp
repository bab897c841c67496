#pragma once

// The command grammar shared by devsim scripts and its interactive input:
//
//   script line:  <ms> <command> [arguments…]     at <ms> after the start
//   input line:   <command> [arguments…]          at once
//
// Words are separated by blanks; `#` starts a comment when it begins a word; blank lines
// are ignored. Device data in arguments (send, raw) uses decode_markup(): `<GS>`, `<CR>`,
// `\x1d`, ….

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::sim {

struct command {
  std::string name;
  std::vector<std::string> args;
  // Everything after the command name, leading and trailing blanks removed: for
  // commands whose argument is free text (send).
  std::string rest;
};

struct script_step {
  std::chrono::milliseconds at{};
  command what;
  int line = 0;
};

class script_error : public std::runtime_error {
public:
  script_error(int line, const std::string& what);
  int line() const noexcept { return line_; }

private:
  int line_;
};

// nullopt for a blank or comment line.
std::optional<command> parse_command(std::string_view line);
// Throws script_error (bad time, times out of order, missing command).
std::vector<script_step> parse_script(std::string_view text);

} // namespace stationd::sim
