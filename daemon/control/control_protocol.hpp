#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace stationd::control {

// Reply codes of the control socket (contract 3 in DESIGN.md, docs/control-socket.md).
enum class result_code : int {
  success = 0,     // done
  error = 1,       // the request was wrong or the command failed; `text` says why
  unsupported = 2, // no such command
  empty = 3,       // done, nothing to report
  refused = 4,     // the daemon cannot do this now (journal stopped, too many clients)
};

struct request {
  std::string command;
  boost::json::object arguments;
};

struct reply {
  result_code result = result_code::success;
  std::string text;
  boost::json::value arguments; // null when there is nothing to return
};

reply make_reply(result_code code, std::string text, boost::json::value arguments = nullptr);

// Parses one request line: {"command": "...", "arguments": {...}}. `arguments` is
// optional. Anything else yields the error reply to send back.
std::variant<request, reply> parse_request(std::string_view line);

// One JSON line, newline-terminated.
std::string serialize(const reply& r);
std::string serialize_event(std::string_view event_class, const boost::json::object& fields);

// Splits a byte stream into lines of at most `max_line` bytes (the newline not
// counted). A longer line yields one `too_long` item as soon as the limit is
// passed; its remaining bytes are skipped up to the next newline, so the stream
// stays in step. A trailing CR is removed; empty lines are skipped.
class line_framer {
public:
  struct item {
    enum class kind { line, too_long } what;
    std::string text; // the line, for kind::line
  };

  explicit line_framer(std::size_t max_line) : max_line_{max_line} {}
  std::vector<item> feed(std::string_view data);
  std::size_t buffered() const noexcept { return buffer_.size(); }

private:
  std::size_t max_line_;
  std::string buffer_;
  bool discarding_ = false;
};

} // namespace stationd::control
