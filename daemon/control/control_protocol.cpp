#include "control/control_protocol.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace stationd::control {

namespace json = boost::json;

reply make_reply(result_code code, std::string text, json::value arguments) {
  return reply{code, std::move(text), std::move(arguments)};
}

std::variant<request, reply> parse_request(std::string_view line) {
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 32;
  json::value document = json::parse(line, ec, {}, options);
  if (ec) {
    return make_reply(result_code::error, fmt::format("malformed request: not JSON ({})", ec.message()));
  }
  const auto* object = document.if_object();
  if (object == nullptr) {
    return make_reply(result_code::error, "malformed request: expected a JSON object with a \"command\" string");
  }
  const auto* command = object->if_contains("command");
  if (command == nullptr || !command->is_string() || command->get_string().empty()) {
    return make_reply(result_code::error, "malformed request: \"command\" must be a non-empty string");
  }
  request r;
  r.command = std::string{command->get_string()};
  if (const auto* args = object->if_contains("arguments"); args != nullptr && !args->is_null()) {
    if (!args->is_object()) {
      return make_reply(result_code::error, "malformed request: \"arguments\" must be an object");
    }
    r.arguments = args->get_object();
  }
  for (const auto& [key, unused] : *object) {
    if (key != "command" && key != "arguments") {
      return make_reply(result_code::error, fmt::format("malformed request: unknown member \"{}\"", std::string_view{key}));
    }
  }
  return r;
}

std::string serialize(const reply& r) {
  json::object out;
  out["result"] = static_cast<int>(r.result);
  out["text"] = r.text;
  if (!r.arguments.is_null()) out["arguments"] = r.arguments;
  return json::serialize(out) + "\n";
}

std::string serialize_event(std::string_view event_class, const json::object& fields) {
  json::object out;
  out["class"] = event_class;
  for (const auto& [key, value] : fields) out[key] = value;
  return json::serialize(out) + "\n";
}

std::vector<line_framer::item> line_framer::feed(std::string_view data) {
  std::vector<item> items;
  while (!data.empty()) {
    const auto newline = data.find('\n');
    const auto chunk = data.substr(0, newline);
    if (discarding_) {
      if (newline != std::string_view::npos) discarding_ = false;
    } else {
      buffer_.append(chunk);
      if (buffer_.size() > max_line_) {
        items.push_back({item::kind::too_long, {}});
        buffer_.clear();
        discarding_ = newline == std::string_view::npos;
      } else if (newline != std::string_view::npos) {
        if (!buffer_.empty() && buffer_.back() == '\r') buffer_.pop_back();
        if (!buffer_.empty()) items.push_back({item::kind::line, std::move(buffer_)});
        buffer_.clear();
      }
    }
    if (newline == std::string_view::npos) break;
    data.remove_prefix(newline + 1);
  }
  return items;
}

} // namespace stationd::control
