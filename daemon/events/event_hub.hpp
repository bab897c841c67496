#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace stationd::events {

// Fans live events out to whoever listens: control-socket subscribers now, the
// station UI's WebSocket later. Events are notifications about committed state;
// the journal, not this hub, is the durable record. Used from the io thread only.
class event_hub {
public:
  using subscriber_id = std::uint64_t;
  // Receives each event as a JSON object that carries "class".
  using deliver_fn = std::function<void(std::string_view event_class, const boost::json::object& event)>;

  // `classes` empty: every class.
  subscriber_id subscribe(std::set<std::string, std::less<>> classes, deliver_fn deliver);
  void unsubscribe(subscriber_id id);
  void publish(std::string_view event_class, boost::json::object fields);
  std::size_t subscriber_count() const noexcept { return subscribers_.size(); }

private:
  struct subscriber {
    std::set<std::string, std::less<>> classes;
    deliver_fn deliver;
  };
  subscriber_id next_id_ = 1;
  std::map<subscriber_id, subscriber> subscribers_;
};

} // namespace stationd::events
