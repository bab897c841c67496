#pragma once

// Runs devsim's commands: first the script steps at their times, then lines read from
// the input descriptor, until `quit`, a signal, or (with exit_on_eof) the end of input.
// Every wait is a poll() with a timeout, so a signal is noticed within a second at most.

#include "devsim/device_commands.hpp"
#include "sim/command_line.hpp"

#include <functional>
#include <string>
#include <vector>

namespace stationd::devsim {

struct runner_options {
  std::vector<sim::script_step> script;
  int input_fd = 0;   // -1: no interactive input
  int signal_fd = -1; // a signalfd for SIGINT/SIGTERM, or -1
  bool exit_on_eof = false;
  std::function<void(const std::string&)> out; // results of status/help and command output
  std::function<void(const std::string&)> err; // command errors
};

// Returns the process exit status: 0 after quit, a signal or end of input.
int run_commands(device_commands& device, const runner_options& options);

} // namespace stationd::devsim
