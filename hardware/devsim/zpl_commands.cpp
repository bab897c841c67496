#include "devsim/command_helpers.hpp"
#include "devsim/device_kinds.hpp"
#include "sim/zpl_printer.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace stationd::devsim {
namespace {

// A format as lines for the terminal: CR LF and LF break lines, other control bytes
// show as \xNN; UTF-8 text (^CI28) stays as it is.
std::string readable(std::string_view format) {
  std::string out;
  for (std::size_t i = 0; i < format.size(); ++i) {
    const auto byte = static_cast<unsigned char>(format[i]);
    if (format[i] == '\r' && i + 1 < format.size() && format[i + 1] == '\n') continue;
    if (format[i] == '\n' || format[i] == '\t' || (byte >= 0x20 && byte != 0x7F)) {
      out += format[i];
    } else {
      out += fmt::format("\\x{:02X}", byte);
    }
  }
  return out;
}

std::string paper_text(const sim::zpl_state& st) {
  if (st.paper_out) return "out";
  if (st.paper_left) return fmt::format("out-after-{}", *st.paper_left);
  return "ok";
}

class zpl_printer_device final : public device_commands {
public:
  explicit zpl_printer_device(const device_settings& s)
      : printer_{{.address = s.address,
                  .port = s.port,
                  .link = s.link,
                  .printer = {.label_time = s.label_time, .silent_in_error = s.silent_in_error}}} {
    if (auto logger = traffic_logger(s)) printer_.set_observer(std::move(logger));
  }
  void start() override { printer_.start(); }
  void stop() override { printer_.stop(); }
  // A serial printer is found by its link; the TCP port is in `status`.
  std::string where() const override {
    return printer_.link_path().empty() ? printer_.endpoint() : printer_.link_path().string();
  }

  std::string execute(const sim::command& cmd) override {
    const auto& name = cmd.name;
    const auto no_args = [&cmd](std::string_view usage) { expect_args(cmd, 0, 0, usage); };
    if (name == "paper-out") {
      expect_args(cmd, 0, 1, "paper-out [<labels>]");
      if (cmd.args.empty()) {
        printer_.paper_out();
      } else {
        printer_.paper_out_after(static_cast<std::uint64_t>(to_integer(cmd.args[0], 0, 99'999'999, "labels")));
      }
    } else if (name == "paper-in") {
      no_args("paper-in");
      printer_.paper_in();
    } else if (name == "head-open") {
      no_args("head-open");
      printer_.open_head();
    } else if (name == "head-close") {
      no_args("head-close");
      printer_.close_head();
    } else if (name == "pause") {
      no_args("pause");
      printer_.pause();
    } else if (name == "resume") {
      no_args("resume");
      printer_.resume();
    } else if (name == "ribbon-out") {
      no_args("ribbon-out");
      printer_.ribbon_out();
    } else if (name == "ribbon-in") {
      no_args("ribbon-in");
      printer_.ribbon_in();
    } else if (name == "slow" || name == "rate") {
      expect_args(cmd, 1, 1, name + " <ms per label>");
      printer_.set_label_time(std::chrono::milliseconds{to_integer(cmd.args[0], 1, 3'600'000, "ms per label")});
    } else if (name == "buffer-full") {
      expect_args(cmd, 1, 1, "buffer-full on|off");
      printer_.set_buffer_full(to_switch(cmd.args[0]));
    } else if (name == "error-replies") {
      expect_args(cmd, 1, 1, "error-replies silent|flags");
      if (cmd.args[0] != "silent" && cmd.args[0] != "flags") throw command_error("error-replies must be silent or flags");
      printer_.set_silent_in_error(cmd.args[0] == "silent");
    } else if (name == "silent") {
      expect_args(cmd, 0, 1, "silent [<ms>]");
      printer_.go_silent(cmd.args.empty() ? std::chrono::milliseconds{} : to_ms(cmd.args[0]));
    } else if (name == "talk") {
      no_args("talk");
      printer_.talk();
    } else if (name == "refuse") {
      no_args("refuse");
      printer_.refuse_connections();
    } else if (name == "accept") {
      no_args("accept");
      printer_.accept_connections();
    } else if (name == "drop") {
      no_args("drop");
      printer_.drop();
    } else if (name == "stop") {
      no_args("stop");
      printer_.stop();
    } else if (name == "start") {
      no_args("start");
      printer_.start();
    } else if (name == "cancel") {
      no_args("cancel");
      printer_.cancel_all();
    } else if (name == "labels") {
      no_args("labels");
      const auto st = printer_.state();
      return fmt::format("stored={} printed={}", st.formats_received, st.labels_printed);
    } else if (name == "dump") {
      expect_args(cmd, 0, 1, "dump [<n>]");
      const auto count = cmd.args.empty() ? 1 : static_cast<std::size_t>(to_integer(cmd.args[0], 1, 1'000'000, "n"));
      return dump(count);
    } else {
      std::string output;
      if (auto* serial = printer_.serial_port(); serial && run_serial_fault(*serial, cmd, output)) return output;
      throw command_error("unknown command '" + name + "' for zpl-printer (try help)");
    }
    return "";
  }

  std::string status() override {
    const bool up = printer_.running();
    const auto st = printer_.state();
    std::string link;
    if (auto* serial = printer_.serial_port()) {
      link = fmt::format(" link={} plugged={}", printer_.link_path().string(), yes_no(up && serial->plugged()));
    }
    return fmt::format(
        "zpl-printer endpoint={}{} listening={} connections={} stored={} printed={} waiting={} remaining={} "
        "partial={} paper={} head={} paused={} ribbon={} buffer-full={} dropped={} rate={}ms error-replies={} "
        "silent={}",
        printer_.endpoint(), link, yes_no(printer_.listening()), up ? printer_.connections() : 0, st.formats_received,
        st.labels_printed, st.formats_waiting, st.labels_remaining, yes_no(st.partial_format), paper_text(st),
        st.head_open ? "open" : "closed", yes_no(st.paused), st.ribbon_out ? "out" : "ok", yes_no(st.buffer_full),
        st.formats_dropped, st.label_time.count(), st.silent_in_error ? "silent" : "flags", yes_no(st.silent));
  }

private:
  std::string dump(std::size_t count) {
    const auto formats = printer_.labels();
    if (formats.empty()) return "no formats received";
    const auto first = formats.size() - std::min(count, formats.size());
    std::string out;
    for (auto i = first; i < formats.size(); ++i) {
      out += fmt::format("format {} of {} ({} bytes, ^PQ {}):\n", i + 1, formats.size(), formats[i].size(),
                         sim::zpl_engine::quantity_of(formats[i]));
      out += readable(formats[i]);
      if (!out.ends_with('\n')) out += '\n';
    }
    return out;
  }

  sim::zpl_printer printer_;
};

} // namespace

std::unique_ptr<device_commands> make_zpl_printer(const device_settings& settings) {
  return std::make_unique<zpl_printer_device>(settings);
}

} // namespace stationd::devsim
