#include "status_puller.hpp"

#include "support/http_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace stationd::soak {
namespace json = boost::json;
using namespace std::chrono_literals;

status_puller::status_puller(std::uint16_t http_port, std::string token, const std::filesystem::path& feed_log)
    : port_{http_port}, token_{std::move(token)}, feed_{feed_log, std::ios::app} {
  if (!feed_) throw std::runtime_error("cannot write " + feed_log.string());
}

status_puller::~status_puller() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void status_puller::start() { thread_ = std::thread{[this] { run(); }}; }

bool status_puller::finish(std::chrono::seconds timeout) {
  finishing_ = true;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!caught_up_ && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  return caught_up_;
}

void status_puller::run() {
  test::http_client http{port_};
  std::string cursor;
  while (!stop_) {
    // While the run goes on: long-polls in small pages. At the end: no waiting,
    // until an answer says there is nothing more.
    const bool finishing = finishing_;
    std::string target = finishing ? "/api/v1/changes?limit=200&wait=0" : "/api/v1/changes?limit=20&wait=2";
    if (!cursor.empty()) target += "&cursor=" + test::url_encode(cursor);
    const auto answer = http.get(target, token_, {}, 10s);
    if (answer.status == 0) { // the station is restarting
      std::this_thread::sleep_for(100ms);
      continue;
    }
    ++answers_;
    if (answer.status != 200) {
      ++failures_;
      feed_ << json::serialize(json::object{{"failure", answer.status}, {"body", answer.body}}) << '\n';
      feed_.flush();
      std::this_thread::sleep_for(200ms);
      continue;
    }
    boost::system::error_code ec;
    const auto page = json::parse(answer.body, ec);
    const auto* o = page.if_object();
    const auto* events = o && o->contains("events") ? o->at("events").if_array() : nullptr;
    const auto* next = o && o->contains("next_cursor") ? o->at("next_cursor").if_string() : nullptr;
    const auto* more = o && o->contains("has_more") ? o->at("has_more").if_bool() : nullptr;
    if (ec || !events || !next || !more) {
      // Written down for the reconciler, which fails the run on it.
      ++failures_;
      feed_ << json::serialize(json::object{{"failure", "not a changes page"}, {"body", answer.body}}) << '\n';
      feed_.flush();
      std::this_thread::sleep_for(200ms);
      continue;
    }
    for (const auto& e : *events) feed_ << json::serialize(e) << '\n';
    feed_.flush();
    events_ += events->size();
    cursor = std::string{*next};
    if (finishing && events->empty() && !*more) {
      caught_up_ = true;
      return;
    }
  }
}

} // namespace stationd::soak
