#include "station_link.hpp"

#include "json_fields.hpp"

#include "stationctl/control_client.hpp"
#include "support/http_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace stationd::soak {
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

std::string message_id(const json::object& o) {
  return text_at(object_at(&o, "message"), "id");
}

} // namespace

station_link::station_link(std::string socket_path, std::uint16_t http_port, std::string operator_token,
                           const std::filesystem::path& ack_log, std::uint64_t seed)
    : socket_path_{std::move(socket_path)}, http_port_{http_port}, token_{std::move(operator_token)},
      acks_{ack_log, std::ios::app}, random_{seed} {
  if (!acks_) throw std::runtime_error("cannot write " + ack_log.string());
}

std::optional<decision> station_link::scan(const std::string& code) { return submit("scan", {{"code", code}}); }

std::optional<decision> station_link::action(const std::string& name, const json::object& args) {
  return submit("action", {{"name", name}, {"args", args}});
}

std::optional<decision> station_link::submit(const std::string& kind, const json::object& input) {
  const bool http = std::bernoulli_distribution{0.5}(random_);
  auto d = http ? via_http(kind, input) : via_control(kind, input);
  record(http ? "http" : "control", kind, input, d);
  if (d) ++answered_;
  else ++unanswered_;
  return d;
}

std::optional<decision> station_link::via_control(const std::string& kind, const json::object& input) {
  try {
    ctl::control_client client{socket_path_, 10s};
    const auto reply = client.call(kind, input);
    const auto* args = reply.if_contains("arguments");
    const auto* d = args && args->is_object() ? args->get_object().if_contains("decision") : nullptr;
    if (kind == "action") d = args; // an action's arguments are the decision
    if (!d || !d->is_object()) {
      last_error_ = json::serialize(reply);
      return std::nullopt;
    }
    const auto& o = d->get_object();
    return decision{text_at(&o, "verdict"), message_id(o), int_at(&o, "seq")};
  } catch (const std::exception& e) {
    last_error_ = e.what();
    return std::nullopt;
  }
}

std::optional<decision> station_link::via_http(const std::string& kind, const json::object& input) {
  test::http_client http{http_port_};
  const auto target = kind == "scan" ? "/api/v1/station/scans" : "/api/v1/station/actions";
  const auto answer = http.post(target, json::serialize(input), token_, 10s);
  if (answer.status == 0) {
    last_error_ = "no answer over HTTP";
    return std::nullopt;
  }
  boost::system::error_code ec;
  const auto body = json::parse(answer.body, ec);
  if (ec || !body.is_object()) {
    last_error_ = "HTTP " + std::to_string(answer.status) + ": " + answer.body;
    return std::nullopt;
  }
  const auto& o = body.get_object();
  if (!o.contains("result")) {
    // 503 while the station stops, say: an error body, not a decision.
    last_error_ = "HTTP " + std::to_string(answer.status) + ": " + answer.body;
    return std::nullopt;
  }
  return decision{text_at(&o, "result"), message_id(o), int_at(&o, "seq")};
}

std::optional<json::object> station_link::control(const std::string& command, const json::object& arguments) {
  try {
    ctl::control_client client{socket_path_, 10s};
    const auto reply = client.call(command, arguments);
    const auto* result = reply.if_contains("result");
    if (!result || !result->is_int64() || result->get_int64() != 0) {
      last_error_ = json::serialize(reply);
      return std::nullopt;
    }
    const auto* args = reply.if_contains("arguments");
    return args && args->is_object() ? args->get_object() : json::object{};
  } catch (const std::exception& e) {
    last_error_ = e.what();
    return std::nullopt;
  }
}

void station_link::record(const std::string& via, const std::string& kind, const json::object& input,
                          const std::optional<decision>& d) {
  json::object line{{"via", via}, {"kind", kind}, {"input", input}};
  if (d) {
    line["verdict"] = d->verdict;
    line["message"] = d->message;
    line["seq"] = d->seq;
  } else {
    line["unanswered"] = last_error_;
  }
  acks_ << json::serialize(line) << '\n';
  acks_.flush();
}

} // namespace stationd::soak
