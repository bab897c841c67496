#pragma once

// Mettler Toledo MT-SICS (device protocol reference, section 4.1): ASCII command
// lines ending CR LF, replies "ID Status [value unit]" ending CR LF. Pure: the
// driver's I/O loop sends commands and feeds reply lines in here.

#include "protocol/decimal_weight.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace stationd::drivers::mtsics {

// The command line to send, CR LF included: command("SI") == "SI\r\n".
std::string command(std::string_view name);

enum class reply_kind {
  weight,             // S S / S D / SI ... with value and unit (stable per `stable`)
  not_executable,     // "<cmd> I": busy, or no stability within the device's timeout
  overload,           // "<cmd> +" (for Z/T: upper limit of the zero/tare range exceeded)
  underload,          // "<cmd> -"
  done,               // "<cmd> A" (Z A, TAC A ...); also I-commands' final line with text
  more,               // "<cmd> B": more lines follow (I0 lists, C B)
  syntax_error,       // "ES"
  transmission_error, // "ET"
  logical_error,      // "EL"
  device_error,       // "S S    Error <code><trigger>": a hardware error reported in a weight reply
  parameter_error,    // "<cmd> L": wrong parameter, or not executable with it
};

struct reply {
  std::string id;               // "S", "SI", "Z", "T", "I4" ... (as the device answered; @ answers with I4)
  reply_kind kind = reply_kind::done;
  bool stable = false;          // 'S' stable, 'D' dynamic: weights, and T S/D, ZI S/D (kind done)
  std::optional<decimal_weight> weight; // kind == weight, and T S <tare> <unit>, TA A <tare> <unit> (kind done)
  std::string unit;             // "kg", "g", "lb" ...
  std::string text;             // quoted text of I-replies (I4 A "B207696838" -> B207696838), error code
                                // ("S S Error 2t" -> 2t); several fields: the rest of the line as sent
};

struct parse_failure {
  std::string message; // "unreadable MT-SICS reply \"S X 1\": unknown status 'X'"
};

struct parse_result {
  std::optional<mtsics::reply> reply;
  std::optional<parse_failure> failure;
  explicit operator bool() const noexcept { return reply.has_value(); }
};

// One reply line without its CR LF. Splits on runs of spaces (vendors differ in
// column layout); quoted text may contain spaces. By status:
//   S/D  S-commands: weight (or device_error for "Error <code>"); T-commands:
//        done with the tare; Z-commands: done, nothing may follow
//   A/B  done/more; "<value> <unit>" is a weight except for I-commands (I0 lists
//        "<level> <command>"), one field is `text`, several are `text` as sent
//   I + - L  nothing may follow
// Every other line, also one with bytes outside printable ASCII, is a failure.
parse_result parse_reply(std::string_view line);

} // namespace stationd::drivers::mtsics
