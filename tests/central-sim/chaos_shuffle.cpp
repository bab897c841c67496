#include "chaos_shuffle.hpp"

namespace stationd::central {

void chaos_shuffle::twice(std::vector<inbound>& out, const inbound& in) {
  out.push_back(in);
  out.push_back(in);
}

std::vector<inbound> chaos_shuffle::push(inbound in, clock::time_point now) {
  std::vector<inbound> out;
  if (in.frames.size() != 2 || in.frames[0] != "EVENTS") {
    out.push_back(std::move(in));
    return out;
  }
  const auto position = frames_++;
  const bool reversed_pair = (position / 2) % 2 == 1;
  if (!reversed_pair) {
    twice(out, in);
  } else if (position % 2 == 0) {
    held_ = std::move(in);
    held_since_ = now;
  } else {
    twice(out, in);
    if (held_) twice(out, *held_);
    held_.reset();
  }
  return out;
}

std::vector<inbound> chaos_shuffle::due(clock::time_point now) {
  std::vector<inbound> out;
  if (held_ && now - held_since_ >= max_hold) {
    twice(out, *held_);
    held_.reset();
    ++frames_; // its pair is over: the next frame starts a new one
  }
  return out;
}

} // namespace stationd::central
