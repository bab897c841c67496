#pragma once

#include "daemon_fixture.hpp"
#include "journal/sqlite.hpp"
#include "support/unix_socket.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <functional>
#include <optional>
#include <string>

namespace stationd::test {

// A status variable's value now; nullopt when stationd does not have it.
inline std::optional<boost::json::value> variable_now(running_daemon& d, const std::string& name) {
  const auto reply = d.call("variables", {{"prefix", name}});
  const auto* args = reply.if_contains("arguments");
  const auto* v = args && args->is_object() ? args->as_object().if_contains(name) : nullptr;
  if (v == nullptr) return std::nullopt;
  return *v;
}

// Polls stationd's status variables until `ready` holds for `name`'s value.
inline bool wait_variable(running_daemon& d, const std::string& name,
                          const std::function<bool(const boost::json::value&)>& ready,
                          std::chrono::milliseconds timeout = std::chrono::seconds{10}) {
  boost::json::value last;
  const bool ok = eventually(
      [&] {
        const auto v = variable_now(d, name);
        if (!v) return false;
        last = *v;
        return ready(*v);
      },
      timeout);
  if (!ok) MESSAGE(name, " is ", boost::json::serialize(last));
  return ok;
}

inline bool wait_value(running_daemon& d, const std::string& name, const boost::json::value& expected,
                       std::chrono::milliseconds timeout = std::chrono::seconds{10}) {
  return wait_variable(d, name, [&](const boost::json::value& v) { return v == expected; }, timeout);
}

// How many events of `type` the daemon's journal holds.
inline std::int64_t count_events(running_daemon& d, const std::string& type) {
  sqlite::database db{d.journal_path(), sqlite::database::mode::read_only};
  auto st = db.prepare("SELECT count(*) FROM events WHERE type = ?1");
  st.bind(1, type);
  st.step();
  return st.column_int(0);
}

// A control-socket subscriber that collects pushed events.
class event_listener {
public:
  event_listener(running_daemon& d, const std::string& classes_json) : socket_{d.socket_path()} {
    socket_.send("{\"command\":\"subscribe\",\"arguments\":{\"classes\":" + classes_json + "}}\n");
    const auto reply = socket_.read_line();
    REQUIRE(reply.has_value());
  }

  // The next event for which `match` holds (skipping others), or a failed check.
  boost::json::object next(const std::function<bool(const boost::json::object&)>& match,
                           std::chrono::milliseconds timeout = std::chrono::seconds{10}) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      std::optional<std::string> line;
      try {
        line = socket_.read_line(std::max(left, std::chrono::milliseconds{1}));
      } catch (const std::runtime_error&) {
        break; // timeout
      }
      if (!line) break;
      auto event = boost::json::parse(*line).as_object();
      seen.push_back(event);
      if (match(event)) return event;
    }
    FAIL_CHECK("no matching event within ", timeout.count(), " ms");
    return {};
  }

  // The next event within `timeout`, if any (no check fails when none comes).
  std::optional<boost::json::object> try_next(std::chrono::milliseconds timeout) {
    try {
      auto line = socket_.read_line(timeout);
      if (!line) return std::nullopt;
      auto event = boost::json::parse(*line).as_object();
      seen.push_back(event);
      return event;
    } catch (const std::runtime_error&) {
      return std::nullopt;
    }
  }

  std::vector<boost::json::object> seen;

private:
  unix_socket socket_;
};

inline std::string str(const boost::json::value& v) { return v.is_string() ? std::string{v.as_string()} : boost::json::serialize(v); }

// One print job as `stationctl print-queue --job ID` shows it (with its ZPL).
inline boost::json::object print_job(running_daemon& d, std::int64_t id) {
  const auto reply = d.call("print-queue", {{"job", id}});
  REQUIRE_MESSAGE(reply.at("result").as_int64() == 0, str(reply.at("text")));
  return reply.at("arguments").as_object();
}

// Queues a label (`stationctl print-label`); its job id.
inline std::int64_t print_label(running_daemon& d, const boost::json::object& args) {
  const auto reply = d.call("print-label", args);
  REQUIRE_MESSAGE(reply.at("result").as_int64() == 0, str(reply.at("text")));
  return reply.at("arguments").at("job").as_int64();
}

// Waits until print job `id` is in `state`; says which state it was in otherwise.
inline bool wait_print_job(running_daemon& d, std::int64_t id, const std::string& state,
                           std::chrono::milliseconds timeout = std::chrono::seconds{20}) {
  std::string last;
  const bool ok = eventually(
      [&] {
        last = str(print_job(d, id).at("state"));
        return last == state;
      },
      timeout);
  if (!ok) MESSAGE("job ", id, " is ", last, ", not ", state);
  return ok;
}

} // namespace stationd::test
