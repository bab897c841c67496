#include "sim/zpl_engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <utility>

namespace stationd::sim {
namespace {

constexpr char stx = '\x02';
constexpr char etx = '\x03';
constexpr std::uint32_t max_quantity = 99'999'999; // ^PQ's range, and 8 digits of uuuuuuuu
constexpr std::size_t max_sgd_bytes = 512;

// ~HQES error bits (reference §3.5, second group).
constexpr std::uint32_t bit_media_out = 0x00000001;
constexpr std::uint32_t bit_ribbon_out = 0x00000002;
constexpr std::uint32_t bit_head_open = 0x00000004;
constexpr std::uint32_t bit_paused = 0x00010000;

char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

std::string upper(std::string_view text) {
  std::string out;
  for (const char c : text) out += upper(c);
  return out;
}

std::vector<std::string_view> words_of(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    const auto start = i;
    while (i < line.size() && line[i] != ' ') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

// How many double quotes complete an SGD command once its verb is known: getvar
// "attr" (2), setvar/do "attr" "value" (4); 0 while the verb is not known yet.
std::size_t quotes_needed(std::string_view line) {
  const auto words = words_of(line);
  if (words.size() < 3) return 0;
  if (words[2] == "getvar") return 2;
  if (words[2] == "setvar" || words[2] == "do") return 4;
  return 0;
}

} // namespace

zpl_engine::zpl_engine(settings s, clock::time_point now) : settings_{std::move(s)}, cursor_{now} {
  settings_.label_time = std::max(settings_.label_time, std::chrono::milliseconds{1});
}

std::string zpl_engine::feed(zpl_stream& stream, std::string_view bytes, clock::time_point now) {
  advance(now);
  std::string replies;
  for (const char c : bytes) on_byte(stream, c, replies, now);
  return replies;
}

void zpl_engine::close(zpl_stream& stream) {
  drop_partial(stream);
  stream.token_.clear();
  stream.sgd_.clear();
  stream.in_sgd_ = false;
}

void zpl_engine::on_byte(zpl_stream& s, char c, std::string& replies, clock::time_point now) {
  if (s.in_sgd_) {
    if (c == '\r' || c == '\n') {
      on_sgd(s.sgd_, replies, now);
      s.in_sgd_ = false;
      s.sgd_.clear();
      return;
    }
    s.sgd_ += c;
    const auto needed = quotes_needed(s.sgd_);
    // A command also ends at the closing quote of its last argument (a space or CR LF
    // may follow, reference §3.7).
    if (needed > 0 && static_cast<std::size_t>(std::count(s.sgd_.begin(), s.sgd_.end(), '"')) >= needed) {
      on_sgd(s.sgd_, replies, now);
      s.in_sgd_ = false;
      s.sgd_.clear();
    } else if (s.sgd_.size() > max_sgd_bytes) {
      s.in_sgd_ = false;
      s.sgd_.clear();
    }
    return;
  }
  // The stored format is the bytes as they came, its commands included.
  if (s.in_format_) s.format_ += c;
  if (!s.token_.empty()) {
    if (c == '^' || c == '~') { // a new command cuts an unfinished one
      s.token_.assign(1, c);
      return;
    }
    s.token_ += c;
    const auto command = upper(std::string_view{s.token_}.substr(1));
    if (s.token_[0] == '~') {
      // ~HQ takes a two-letter query (~HQES); every other tilde command here has two letters.
      if ((command.size() == 2 && command != "HQ") || command.size() == 4) {
        s.token_.clear();
        on_tilde(s, command, replies, now);
      }
    } else if (command.size() == 2) {
      const auto raw = std::exchange(s.token_, {});
      if (!s.in_format_ && command == "XA") {
        s.in_format_ = true;
        s.has_content_ = false;
        s.format_ = raw;
      } else {
        on_caret(s, command, now);
      }
    }
    return;
  }
  if (c == '^' || c == '~') {
    s.token_.assign(1, c);
  } else if (!s.in_format_ && c == '!') {
    s.in_sgd_ = true;
    s.sgd_.assign(1, c);
  }
  // Anything else outside a format (line ends between formats, stray text) is ignored.
}

void zpl_engine::on_tilde(zpl_stream& s, std::string_view command, std::string& replies, clock::time_point now) {
  if (command == "HS") {
    // The no-reply condition of §3.4.
    if (!silent_now(now) && !(settings_.silent_in_error && in_error())) replies += host_status_reply(now);
  } else if (command == "HQES") {
    if (!silent_now(now)) replies += error_status_reply(now);
  } else if (command == "HI") {
    if (!silent_now(now)) replies += identity_reply();
  } else if (command == "JA") {
    cancel_all(now);
    drop_partial(s);
  } else if (command == "PS") {
    set_paused(false, now);
  }
  // Other tilde commands (~DG, ~JC, …) are accepted and ignored.
}

void zpl_engine::on_caret(zpl_stream& s, std::string_view command, clock::time_point now) {
  if (!s.in_format_) return; // ^ commands outside a format do nothing
  if (command == "XZ") {
    end_format(s, now);
  } else if (command != "XA" && !s.has_content_) {
    // From its first real command on, the format is a partial format (~HS h). Before
    // that, `^XA~HS^XZ`, the documented way to ask inside a format, would otherwise
    // report itself as pending.
    s.has_content_ = true;
    ++partial_streams_;
  }
}

void zpl_engine::on_sgd(std::string_view line, std::string& replies, clock::time_point now) {
  const auto words = words_of(line);
  // Only the single-command form "! U1 …" (the "! U … END" block form is not handled).
  if (words.size() < 4 || words[0] != "!" || words[1] != "U1" || words[2] != "getvar") return;
  const auto open = line.find('"');
  const auto close_quote = line.find('"', open + 1);
  if (open == std::string_view::npos || close_quote == std::string_view::npos) return;
  const auto attribute = line.substr(open + 1, close_quote - open - 1);
  if (silent_now(now)) return;
  if (attribute == "device.host_status") {
    if (!(settings_.silent_in_error && in_error())) replies += sgd_host_status_reply(now);
  } else {
    replies += "\"?\""; // unknown or unset setting (§3.7)
  }
}

void zpl_engine::end_format(zpl_stream& s, clock::time_point now) {
  s.in_format_ = false;
  if (s.has_content_) --partial_streams_;
  auto format = std::exchange(s.format_, {});
  if (!s.has_content_) return;
  advance(now);
  if (buffer_full()) {
    ++dropped_;
    return;
  }
  waiting_.push_back(quantity_of(format));
  formats_.push_back(std::move(format));
}

void zpl_engine::drop_partial(zpl_stream& s) {
  if (!s.in_format_) return;
  s.in_format_ = false;
  s.format_.clear();
  if (s.has_content_) --partial_streams_;
}

std::uint32_t zpl_engine::quantity_of(std::string_view format) {
  const auto text = upper(format);
  const auto at = text.rfind("^PQ");
  if (at == std::string::npos) return 1;
  std::uint64_t quantity = 0;
  for (std::size_t i = at + 3; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && quantity <= max_quantity; ++i) {
    quantity = quantity * 10 + static_cast<std::uint64_t>(text[i] - '0');
  }
  if (quantity == 0) return 1;
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(quantity, max_quantity));
}

bool zpl_engine::in_error() const noexcept { return paper_out_ || ribbon_out_ || head_open_; }
bool zpl_engine::can_print() const noexcept { return !in_error() && !paused_; }
bool zpl_engine::buffer_full() const noexcept { return forced_full_ || waiting_.size() >= settings_.buffer_capacity; }
bool zpl_engine::silent_now(clock::time_point now) const noexcept { return silent_forever_ || now < silent_until_; }

void zpl_engine::advance(clock::time_point now) {
  if (now < cursor_) return; // callers on several threads: a late `now` changes nothing
  const auto per_label = settings_.label_time;
  while (true) {
    if (!can_print()) {
      cursor_ = now; // a stopped printer does not bank time
      return;
    }
    if (batch_left_ == 0) {
      if (waiting_.empty()) {
        cursor_ = now;
        return;
      }
      batch_left_ = waiting_.front();
      waiting_.pop_front();
    }
    const auto done = static_cast<std::uint64_t>((now - cursor_) / per_label);
    if (done == 0) return; // a label is in progress, started at cursor_
    std::uint64_t labels = std::min<std::uint64_t>(done, batch_left_);
    if (paper_left_) labels = std::min(labels, *paper_left_);
    cursor_ += static_cast<std::int64_t>(labels) * per_label;
    batch_left_ -= static_cast<std::uint32_t>(labels);
    printed_ += labels;
    if (paper_left_) {
      *paper_left_ -= labels;
      if (*paper_left_ == 0) {
        paper_left_.reset();
        paper_out_ = true;
      }
    }
  }
}

void zpl_engine::set_paper_out(bool out, clock::time_point now) {
  advance(now);
  paper_out_ = out;
  paper_left_.reset();
}

void zpl_engine::paper_out_after(std::uint64_t labels, clock::time_point now) {
  advance(now);
  if (labels == 0) {
    paper_out_ = true;
    paper_left_.reset();
  } else {
    paper_left_ = labels;
  }
}

void zpl_engine::set_head_open(bool open, clock::time_point now) {
  advance(now);
  head_open_ = open;
}

void zpl_engine::set_paused(bool paused, clock::time_point now) {
  advance(now);
  paused_ = paused;
}

void zpl_engine::set_ribbon_out(bool out, clock::time_point now) {
  advance(now);
  ribbon_out_ = out;
}

void zpl_engine::set_buffer_full(bool full, clock::time_point now) {
  advance(now);
  forced_full_ = full;
}

void zpl_engine::set_label_time(std::chrono::milliseconds per_label, clock::time_point now) {
  advance(now);
  settings_.label_time = std::max(per_label, std::chrono::milliseconds{1});
}

void zpl_engine::set_silent_in_error(bool silent) { settings_.silent_in_error = silent; }

void zpl_engine::go_silent(std::chrono::milliseconds duration, clock::time_point now) {
  silent_forever_ = duration.count() <= 0;
  silent_until_ = silent_forever_ ? clock::time_point{} : now + duration;
}

void zpl_engine::talk() {
  silent_forever_ = false;
  silent_until_ = {};
}

void zpl_engine::cancel_all(clock::time_point now) {
  advance(now);
  waiting_.clear();
  batch_left_ = 0;
}

zpl_state zpl_engine::state(clock::time_point now) {
  advance(now);
  zpl_state st;
  st.formats_received = formats_.size();
  st.labels_printed = printed_;
  st.formats_waiting = waiting_.size();
  st.labels_remaining = batch_left_;
  st.partial_format = partial_streams_ > 0;
  st.paper_out = paper_out_;
  st.paper_left = paper_left_;
  st.paused = paused_;
  st.head_open = head_open_;
  st.ribbon_out = ribbon_out_;
  st.buffer_full = buffer_full();
  st.formats_dropped = dropped_;
  st.label_time = settings_.label_time;
  st.silent_in_error = settings_.silent_in_error;
  st.silent = silent_now(now);
  return st;
}

std::uint64_t zpl_engine::labels_printed(clock::time_point now) {
  advance(now);
  return printed_;
}

std::vector<std::string> zpl_engine::status_strings(clock::time_point now) {
  advance(now);
  const auto& s = settings_;
  const auto waiting = std::min<std::size_t>(waiting_.size(), 999);
  // mmm: m0 = thermal transfer; die-cut media, the other bits clear.
  const unsigned function_settings = s.thermal_transfer ? 1 : 0;
  return {
      fmt::format("{:03},{:d},{:d},{:04},{:03},{:d},0,{:d},000,0,0,0", s.comm_settings, paper_out_, paused_,
                  std::min(s.label_length, 9999U), waiting, buffer_full(), partial_streams_ > 0),
      fmt::format("{:03},0,{:d},{:d},{:d},{},{},0,{:08},1,000", function_settings, head_open_, ribbon_out_,
                  s.thermal_transfer, s.print_mode, s.print_width_mode, std::min(batch_left_, max_quantity)),
      fmt::format("{},0", s.password),
  };
}

std::string zpl_engine::host_status_reply(clock::time_point now) {
  std::string reply;
  for (const auto& line : status_strings(now)) {
    reply += stx;
    reply += line;
    reply += etx;
    reply += "\r\n";
  }
  return reply;
}

std::string zpl_engine::sgd_host_status_reply(clock::time_point now) {
  const auto lines = status_strings(now);
  return fmt::format("\"{}\r\n{}\r\n{}\"", lines[0], lines[1], lines[2]);
}

std::string zpl_engine::error_status_reply(clock::time_point now) {
  advance(now);
  std::uint32_t bits = 0;
  if (paper_out_) bits |= bit_media_out;
  if (ribbon_out_) bits |= bit_ribbon_out;
  if (head_open_) bits |= bit_head_open;
  if (paused_) bits |= bit_paused;
  // The framing of the reference's example (§3.5), Zebra's space padding included.
  return fmt::format("{}\r\nPRINTER STATUS\r\n   ERRORS:         {:d} 00000000 {:08X}\r\n"
                     "   WARNINGS:       0 00000000 00000000\r\n{}",
                     stx, bits != 0, bits, etx);
}

std::string zpl_engine::identity_reply() const {
  const auto& id = settings_.identity;
  std::string body = fmt::format("{},{},{},{}", id.model, id.firmware, id.dots_per_mm, id.memory);
  if (!id.options.empty()) body += "," + id.options;
  return fmt::format("{}{}{}\r\n", stx, body, etx);
}

} // namespace stationd::sim
