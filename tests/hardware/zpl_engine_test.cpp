// The ZPL printer's engine with a hand-driven clock: stream splitting, queries, ^PQ,
// the print model over time, faults. No threads, no sleeping.

#include "sim/zpl_engine.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

using namespace stationd;
using namespace std::chrono_literals;
using sim::zpl_engine;

namespace {

// §3.3 of the reference: the 4x6 GS1 logistic label (UTF-8 text, ^PQ1,0,1,Y).
const std::string sscc_label =
    "^XA\r\n^CI28\r\n^PW812\r\n^LL1218\r\n^LH0,0\r\n"
    "^FO40,40^A0N,36,36^FDFROM: Warehouse 4, Dock 2^FS\r\n"
    "^FO40,100^A0N,56,56^FDTO: J\xc3\xb6rg M\xc3\xbcller^FS\r\n"
    "^FO40,170^A0N,40,40^FD10115 Berlin DE^FS\r\n"
    "^FO40,240^A0N,32,32^FDPO-98765   24 CASES   125.50 KG^FS\r\n"
    "^FO40,310^BQN,2,5^FDQA,https://id.gs1.org/00/106141411234567897^FS\r\n"
    "^FO440,320^BXN,8,200,,,,_^FD_10010614141123456789702195011015300003724_13302012550400PO-98765_142010115^FS\r\n"
    "^BY4,3,220\r\n"
    "^FO94,760^BCN,220,N,N,N^FD>;>800106141411234567897^FS\r\n"
    "^FO150,1000^A0N,44,44^FD(00) 1 0614141 123456789 7^FS\r\n"
    "^PQ1,0,1,Y\r\n^XZ";

const std::string ready_hs = "\x02" "030,0,0,1218,000,0,0,0,000,0,0,0\x03\r\n"
                             "\x02" "001,0,0,0,1,2,6,0,00000000,1,000\x03\r\n"
                             "\x02" "1234,0\x03\r\n";

std::string hs(std::string_view s1, std::string_view s2) {
  return "\x02" + std::string{s1} + "\x03\r\n\x02" + std::string{s2} + "\x03\r\n\x02" "1234,0\x03\r\n";
}

std::string hqes(std::string_view errors) {
  return "\x02\r\nPRINTER STATUS\r\n   ERRORS:         " + std::string{errors} +
         "\r\n   WARNINGS:       0 00000000 00000000\r\n\x03";
}

struct bench {
  zpl_engine::clock::time_point t0 = zpl_engine::clock::now();
  zpl_engine engine;
  sim::zpl_stream stream;
  explicit bench(zpl_engine::settings s = {}) : engine{std::move(s), t0} {}
  zpl_engine::clock::time_point at(std::chrono::milliseconds ms) const { return t0 + ms; }
  std::string feed(std::string_view bytes, std::chrono::milliseconds when = 0ms) {
    return engine.feed(stream, bytes, at(when));
  }
};

} // namespace

TEST_CASE("zpl engine: formats are cut out of the stream exactly, at any split") {
  const std::string second = "^XA^FO10,10^A0N,30,30^FDSecond^FS^PQ2^XZ";
  // Between formats: line ends, a tilde query, stray text; all outside any format.
  const std::string stream = sscc_label + "\r\n" + "~HS" + "junk\r\n" + second + "\r\n";
  const std::vector<std::string> expected{sscc_label, second};
  // All at one instant: when ~HS arrives, the first label is being printed.
  const auto printing_hs = hs("030,0,0,1218,000,0,0,0,000,0,0,0", "001,0,0,0,1,2,6,0,00000001,1,000");
  for (std::size_t cut = 0; cut <= stream.size(); cut += 7) {
    CAPTURE(cut);
    bench b;
    std::string replies = b.feed(stream.substr(0, cut));
    replies += b.feed(stream.substr(cut));
    CHECK(b.engine.formats() == expected);
    CHECK(replies == printing_hs);
  }
  bench bytewise;
  std::string replies;
  for (const char c : stream) replies += bytewise.feed(std::string_view{&c, 1});
  CHECK(bytewise.engine.formats() == expected);
  CHECK(replies == printing_hs);
}

TEST_CASE("zpl engine: what is and is not a stored format") {
  const auto partial_hs = hs("030,0,0,1218,000,0,0,1,000,0,0,0", "001,0,0,0,1,2,6,0,00000000,1,000");
  struct row {
    const char* what;
    std::string stream;
    std::vector<std::string> formats;
    std::string replies;
  };
  const std::vector<row> rows = {
      {"lower case commands", "^xa^fo1,1^fdx^fs^xz", {"^xa^fo1,1^fdx^fs^xz"}, ""},
      // The documented way to ask inside a format: no label, and no partial format either.
      {"status inside an otherwise empty format is not a label", "^XA~HS^XZ", {}, ready_hs},
      {"status inside an empty format, split", "^XA~H", {}, ""},
      {"an empty format is not a label", "^XA^XZ", {}, ""},
      // ~HS acts when it arrives, inside the format: this one is partial (h=1) then.
      {"a tilde query inside a label is answered and kept in the text", "^XA^FO1,1~HS^FDx^FS^XZ",
       {"^XA^FO1,1~HS^FDx^FS^XZ"}, partial_hs},
      {"^XZ without ^XA does nothing", "^FDx^FS^XZ", {}, ""},
      {"a second ^XA inside a format is part of it", "^XA^FDa^FS^XA^FDb^FS^XZ", {"^XA^FDa^FS^XA^FDb^FS^XZ"}, ""},
      {"an unfinished format is not stored", "^XA^FO1,1^FDx^FS", {}, ""},
      {"~JA drops the partial format it arrives in", "^XA^FDx^FS~JA^FDy^FS^XZ", {}, ""},
      {"~HI and ~HQES outside formats", "~HI~HQES",
       {}, "\x02ZT410-203dpi,V75.20.01Z,8,8192KB,X\x03\r\n" + hqes("0 00000000 00000000")},
      {"unknown tilde commands are ignored", "~JC~HQOD~DGR:X.GRF,2,1,FF", {}, ""},
      {"^ commands outside a format are ignored", "^PQ5^FDx", {}, ""},
  };
  for (const auto& r : rows) {
    CAPTURE(std::string{r.what});
    bench b;
    CHECK(b.feed(r.stream) == r.replies);
    CHECK(b.engine.formats() == r.formats);
  }
}

TEST_CASE("zpl engine: ^PQ quantities") {
  struct row {
    std::string format;
    std::uint32_t quantity;
  };
  const std::vector<row> rows = {
      {"^XA^FDx^FS^XZ", 1},          {"^XA^PQ5^XZ", 5},
      {"^XA^PQ50,10,1,Y^XZ", 50},    {"^XA^pq3^XZ", 3},
      {"^XA^PQ0^XZ", 1},             {"^XA^PQ^XZ", 1},
      {"^XA^PQ2^FDx^FS^PQ7^XZ", 7},  {"^XA^PQ99999999^XZ", 99'999'999},
      {"^XA^PQ123456789^XZ", 99'999'999},
  };
  for (const auto& r : rows) {
    CAPTURE(r.format);
    CHECK(zpl_engine::quantity_of(r.format) == r.quantity);
  }
}

TEST_CASE("zpl engine: labels print one at a time at the label rate") {
  bench b; // 20 ms per label
  b.feed("^XA^FDa^FS^PQ3^XZ^XA^FDb^FS^PQ2^XZ", 0ms);
  auto st = b.engine.state(b.at(0ms));
  CHECK(st.formats_waiting == 1); // the first is being printed: its batch is uuuuuuuu
  CHECK(st.labels_remaining == 3);
  CHECK(st.labels_printed == 0);
  CHECK(b.engine.host_status_reply(b.at(0ms)) ==
        hs("030,0,0,1218,001,0,0,0,000,0,0,0", "001,0,0,0,1,2,6,0,00000003,1,000"));
  CHECK(b.engine.labels_printed(b.at(19ms)) == 0);
  CHECK(b.engine.labels_printed(b.at(20ms)) == 1);
  st = b.engine.state(b.at(60ms));
  CHECK(st.labels_printed == 3);
  CHECK(st.formats_waiting == 0);
  CHECK(st.labels_remaining == 2); // the second format started at once
  CHECK(b.engine.labels_printed(b.at(99ms)) == 4);
  st = b.engine.state(b.at(100ms));
  CHECK(st.labels_printed == 5);
  CHECK(st.labels_remaining == 0);
  CHECK(b.engine.host_status_reply(b.at(100ms)) == ready_hs);
  // Idle time is not banked: a format sent later starts then.
  b.feed("^XA^FDc^FS^XZ", 1000ms);
  CHECK(b.engine.labels_printed(b.at(1019ms)) == 5);
  CHECK(b.engine.labels_printed(b.at(1020ms)) == 6);
}

TEST_CASE("zpl engine: pause holds the buffer, a cut label starts again") {
  bench b;
  b.feed("^XA^FDa^FS^PQ4^XZ", 0ms);
  b.engine.set_paused(true, b.at(30ms)); // label 2 half done
  auto st = b.engine.state(b.at(500ms));
  CHECK(st.labels_printed == 1);
  CHECK(st.labels_remaining == 3);
  b.feed("^XA^FDb^FS^XZ^XA^FDc^FS^XZ", 500ms);
  CHECK(b.engine.host_status_reply(b.at(500ms)) ==
        hs("030,0,1,1218,002,0,0,0,000,0,0,0", "001,0,0,0,1,2,6,0,00000003,1,000"));
  CHECK(b.engine.error_status_reply(b.at(500ms)) == hqes("1 00000000 00010000"));
  b.feed("~PS", 600ms); // the host resumes
  CHECK(b.engine.labels_printed(b.at(619ms)) == 1);
  CHECK(b.engine.labels_printed(b.at(620ms)) == 2);
  CHECK(b.engine.labels_printed(b.at(700ms)) == 6);
}

TEST_CASE("zpl engine: paper out after N labels, silent or with flags, then paper in") {
  for (const bool silent : {true, false}) {
    CAPTURE(silent);
    bench b{{.silent_in_error = silent}};
    b.engine.paper_out_after(4, b.at(0ms));
    CHECK(b.engine.state(b.at(0ms)).paper_left == 4);
    b.feed("^XA^FDa^FS^PQ3^XZ^XA^FDb^FS^PQ3^XZ^XA^FDc^FS^XZ", 0ms);
    auto st = b.engine.state(b.at(1000ms));
    CHECK(st.labels_printed == 4);
    CHECK(st.paper_out);
    CHECK_FALSE(st.paper_left);
    CHECK(st.labels_remaining == 2); // the rest of the second batch
    CHECK(st.formats_waiting == 1);  // the third format
    const auto flags = hs("030,1,0,1218,001,0,0,0,000,0,0,0", "001,0,0,0,1,2,6,0,00000002,1,000");
    CHECK(b.feed("~HS", 1000ms) == (silent ? "" : flags));
    CHECK(b.feed("! U1 getvar \"device.host_status\"\r\n", 1000ms) ==
          (silent ? "" : "\"030,1,0,1218,001,0,0,0,000,0,0,0\r\n001,0,0,0,1,2,6,0,00000002,1,000\r\n1234,0\""));
    CHECK(b.engine.host_status_reply(b.at(1000ms)) == flags); // what it would say
    CHECK(b.feed("~HQES", 1000ms) == hqes("1 00000000 00000001")); // always answered
    b.engine.set_paper_out(false, b.at(2000ms)); // paper in
    CHECK(b.engine.labels_printed(b.at(2039ms)) == 5);
    CHECK(b.engine.labels_printed(b.at(2060ms)) == 7);
    CHECK(b.feed("~HS", 2060ms) == ready_hs);
  }
}

TEST_CASE("zpl engine: the ~HS and ~HQES flags of every fault") {
  struct row {
    const char* what;
    std::function<void(zpl_engine&, zpl_engine::clock::time_point)> fault;
    std::string s1;
    std::string s2;
    std::string errors;
    bool silent_by_default;
  };
  const std::vector<row> rows = {
      {"paper out", [](auto& e, auto t) { e.set_paper_out(true, t); }, "030,1,0,1218,000,0,0,0,000,0,0,0",
       "001,0,0,0,1,2,6,0,00000000,1,000", "1 00000000 00000001", true},
      {"paused", [](auto& e, auto t) { e.set_paused(true, t); }, "030,0,1,1218,000,0,0,0,000,0,0,0",
       "001,0,0,0,1,2,6,0,00000000,1,000", "1 00000000 00010000", false},
      {"head open", [](auto& e, auto t) { e.set_head_open(true, t); }, "030,0,0,1218,000,0,0,0,000,0,0,0",
       "001,0,1,0,1,2,6,0,00000000,1,000", "1 00000000 00000004", true},
      {"ribbon out", [](auto& e, auto t) { e.set_ribbon_out(true, t); }, "030,0,0,1218,000,0,0,0,000,0,0,0",
       "001,0,0,1,1,2,6,0,00000000,1,000", "1 00000000 00000002", true},
      {"buffer full", [](auto& e, auto t) { e.set_buffer_full(true, t); }, "030,0,0,1218,000,1,0,0,000,0,0,0",
       "001,0,0,0,1,2,6,0,00000000,1,000", "0 00000000 00000000", false},
      {"paused and head open", [](auto& e, auto t) { e.set_paused(true, t); e.set_head_open(true, t); },
       "030,0,1,1218,000,0,0,0,000,0,0,0", "001,0,1,0,1,2,6,0,00000000,1,000", "1 00000000 00010004", true},
  };
  for (const auto& r : rows) {
    CAPTURE(std::string{r.what});
    bench flags{{.silent_in_error = false}};
    r.fault(flags.engine, flags.at(0ms));
    CHECK(flags.feed("~HS~HQES") == hs(r.s1, r.s2) + hqes(r.errors));
    bench quiet;
    r.fault(quiet.engine, quiet.at(0ms));
    CHECK(quiet.feed("~HS") == (r.silent_by_default ? "" : hs(r.s1, r.s2)));
  }
}

TEST_CASE("zpl engine: partial format, ~JA, buffer full, silence, SGD") {
  SUBCASE("a partial format on one stream shows in ~HS h; closing the stream drops it") {
    bench b;
    sim::zpl_stream other;
    b.engine.feed(other, "^XA", b.at(0ms));
    CHECK(other.in_format());
    CHECK(b.feed("~HS") == ready_hs); // nothing in it yet: not partial
    b.engine.feed(other, "^FO10,10", b.at(0ms));
    CHECK(b.feed("~HS") == hs("030,0,0,1218,000,0,0,1,000,0,0,0", "001,0,0,0,1,2,6,0,00000000,1,000"));
    b.engine.close(other);
    CHECK(b.feed("~HS") == ready_hs);
    b.engine.feed(other, "^FDlate^FS^XZ", b.at(0ms)); // the tail after a reconnect is no format
    CHECK(b.engine.formats().empty());
  }
  SUBCASE("~JA drops the waiting formats and the batch; the stored formats stay") {
    bench b;
    b.engine.set_paused(true, b.at(0ms));
    b.feed("^XA^FDa^FS^PQ9^XZ^XA^FDb^FS^XZ^XA^FDc^FS^XZ", 0ms);
    CHECK(b.engine.state(b.at(0ms)).formats_waiting == 3);
    b.engine.set_paused(false, b.at(10ms));
    b.engine.set_paused(true, b.at(50ms)); // 2 of 9 printed
    b.feed("~JA", 60ms);
    const auto st = b.engine.state(b.at(60ms));
    CHECK(st.formats_waiting == 0);
    CHECK(st.labels_remaining == 0);
    CHECK(st.labels_printed == 2);
    CHECK(st.formats_received == 3);
  }
  SUBCASE("buffer full: completed formats are lost and counted") {
    bench b{{.buffer_capacity = 2}};
    b.engine.set_paused(true, b.at(0ms));
    b.feed("^XA^FDa^FS^XZ^XA^FDb^FS^XZ", 0ms);
    CHECK(b.feed("~HS") == hs("030,0,1,1218,002,1,0,0,000,0,0,0", "001,0,0,0,1,2,6,0,00000000,1,000"));
    b.feed("^XA^FDc^FS^XZ", 0ms);
    auto st = b.engine.state(b.at(0ms));
    CHECK(st.formats_received == 2);
    CHECK(st.formats_dropped == 1);
    CHECK(st.buffer_full);
    b.engine.set_paused(false, b.at(10ms));
    CHECK_FALSE(b.engine.state(b.at(10ms)).buffer_full); // one went to the print engine
    b.engine.set_buffer_full(true, b.at(10ms));
    b.feed("^XA^FDd^FS^XZ", 10ms);
    CHECK(b.engine.state(b.at(10ms)).formats_dropped == 2);
  }
  SUBCASE("silent for a while, then answering again") {
    bench b;
    b.engine.go_silent(100ms, b.at(0ms));
    CHECK(b.feed("~HS~HI~HQES! U1 getvar \"device.host_status\" ", 50ms).empty());
    b.feed("^XA^FDx^FS^XZ", 50ms); // data is still taken
    CHECK(b.engine.formats().size() == 1);
    CHECK(b.feed("~HS", 100ms) == ready_hs);
    b.engine.go_silent(0ms, b.at(100ms));
    CHECK(b.feed("~HS", 100'000ms).empty());
    b.engine.talk();
    CHECK(b.feed("~HS", 100'000ms) == ready_hs);
  }
  SUBCASE("SGD getvar: host status, unknown names, the end of a command") {
    bench b;
    const std::string sgd_ready =
        "\"030,0,0,1218,000,0,0,0,000,0,0,0\r\n001,0,0,0,1,2,6,0,00000000,1,000\r\n1234,0\"";
    CHECK(b.feed("! U1 getvar \"device.host_status\"\r\n") == sgd_ready);
    CHECK(b.feed("! U1 getvar \"device.host_status\" ") == sgd_ready); // ends at the closing quote
    CHECK(b.feed("! U1 getvar \"odometer.nothing\"\r\n") == "\"?\"");
    CHECK(b.feed("! U1 setvar \"device.languages\" \"zpl\"\r\n").empty());
    CHECK(b.feed("! U1 do \"device.reset\" \"\"").empty());
    CHECK(b.feed("! U1 getvar").empty()); // not complete yet
    CHECK(b.feed(" \"device.host_status\"") == sgd_ready);
    CHECK(b.feed("! U getvar \"device.host_status\"\r\nEND\r\n").empty()); // block form: not handled
    CHECK(b.engine.formats().empty());
  }
}
