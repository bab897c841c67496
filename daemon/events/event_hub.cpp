#include "events/event_hub.hpp"

#include <vector>

namespace stationd::events {

event_hub::subscriber_id event_hub::subscribe(std::set<std::string, std::less<>> classes, deliver_fn deliver) {
  const auto id = next_id_++;
  subscribers_.emplace(id, subscriber{std::move(classes), std::move(deliver)});
  return id;
}

void event_hub::unsubscribe(subscriber_id id) { subscribers_.erase(id); }

void event_hub::publish(std::string_view event_class, boost::json::object fields) {
  fields["class"] = event_class;
  // A subscriber may unsubscribe itself (or another) while being delivered to.
  std::vector<subscriber_id> targets;
  for (const auto& [id, s] : subscribers_) {
    if (s.classes.empty() || s.classes.count(event_class) != 0) targets.push_back(id);
  }
  for (const auto id : targets) {
    const auto it = subscribers_.find(id);
    if (it != subscribers_.end()) it->second.deliver(event_class, fields);
  }
}

} // namespace stationd::events
