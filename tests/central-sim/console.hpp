#pragma once

#include "central_service.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::central {

// What stdin commands may change while central-sim runs.
struct runtime_knobs {
  std::chrono::milliseconds delay{0}; // before applying each EVENTS batch
  bool chaos = false;
};

struct command_result {
  std::string reply;         // exactly one line, for stdout
  std::vector<outbound> out; // to send (a new revision)
  bool quit = false;
};

// A whole file (master data, changes); throws naming the file when it cannot be read.
std::string read_text(const std::string& path);

// One stdin command: status, update FILE, snapshot FILE, slow MS, chaos on|off, quit.
command_result run_command(std::string_view line, central_service& service, runtime_knobs& knobs);

} // namespace stationd::central
