// stationd printing labels on the simulated Zebra printer: every label printed
// exactly once through paper out, kill -9 and a lost connection; jobs in doubt
// wait for an operator; reprints are audited; bad input never reaches the printer.

#include "device_helpers.hpp"

#include "journal/sqlite.hpp"
#include "labels/zpl_barcodes.hpp"
#include "labels/zpl_reader.hpp"
#include "sim/mtsics_scale.hpp"
#include "sim/zpl_printer.hpp"

#include <fmt/format.h>

#include <csignal>
#include <set>
#include <thread>

using namespace stationd;
using namespace stationd::test;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

std::string printer_device(std::uint16_t port, const std::string& extra = "") {
  return fmt::format("[[device]]\nname = \"zebra\"\nclass = \"printer\"\ndriver = \"zpl-tcp\"\nhost = \"127.0.0.1\"\n"
                     "tcp_port = {}\nstatus_interval = \"100ms\"\nio_timeout = \"300ms\"\n"
                     "reconnect_initial = \"100ms\"\nreconnect_max = \"400ms\"\n{}",
                     port, extra);
}

const std::string sscc_section = "[sscc]\ncompany_prefix = \"0614141\"\nextension_digit = 3\n";
const std::string labels_section = "[labels]\nship_from = \"Lager Nord, Dock 2\"\n";

sim::zpl_printer::options printer_options() {
  sim::zpl_printer::options o;
  o.printer.label_time = 10ms;
  return o;
}

json::object logistic_label(int n) {
  return {{"label", "gs1-logistic"},
          {"order_number", fmt::format("PO-{}", 1000 + n)},
          {"ship_to", json::object{{"name", "Åsa Öberg"}, {"street", "Storgatan 1"}, {"postal_code", "41301"},
                                   {"city", "Göteborg"}, {"country", "SE"}}},
          {"gross_weight_kg", fmt::format("{}.{:02}", 1 + n % 20, n % 100)},
          {"by", "test"}};
}

std::int64_t result_of(const json::object& reply) { return reply.at("result").as_int64(); }
std::string text_of(const json::object& reply) { return str(reply.at("text")); }

// The SSCC encoded in the barcode of a printed label (read back from its ZPL).
std::string sscc_of(const std::string& zpl) {
  for (const auto& f : labels::read_fields(zpl)) {
    if (f.barcode != "BC") continue;
    const auto es = labels::element_string_from_field_data(f.data);
    if (es && es->starts_with("00") && es->size() == 20) return es->substr(2);
  }
  return {};
}

} // namespace

TEST_CASE("a label is printed once, confirmed by the printer, and reads back as it was made") {
  sim::zpl_printer printer{printer_options()};
  printer.start();
  running_daemon d{sscc_section + labels_section + printer_device(printer.port())};
  REQUIRE(wait_value(d, "zebra.driver.state", "online"));
  CHECK(wait_value(d, "zebra.status", "READY"));
  CHECK(wait_value(d, "zebra.driver.identity", "ZT410-203dpi firmware V75.20.01Z, 8 dots/mm"));

  const auto reply = d.call("print-label", logistic_label(1));
  REQUIRE(result_of(reply) == 0);
  const auto& queued = reply.at("arguments").as_object();
  const auto id = queued.at("job").as_int64();
  const auto sscc = str(queued.at("sscc"));
  CHECK(sscc.starts_with("30614141"));
  CHECK(str(queued.at("reference")) == sscc);
  REQUIRE(wait_print_job(d, id, "confirmed"));

  const auto labels = printer.labels();
  REQUIRE(labels.size() == 1);
  CHECK(sscc_of(labels[0]) == sscc);
  auto sent = str(print_job(d, id).at("zpl"));
  sent.erase(sent.find_last_not_of("\r\n") + 1); // the printer keeps ^XA ... ^XZ
  CHECK(labels[0] == sent);
  std::set<std::string> texts;
  for (const auto& f : labels::read_fields(labels[0])) texts.insert(f.data);
  CHECK(texts.count("TO: Åsa Öberg") == 1);
  CHECK(texts.count("41301 Göteborg SE") == 1);
  CHECK(texts.count("FROM: Lager Nord, Dock 2") == 1);
  CHECK(texts.count("(3302)000201(400)PO-1001") == 1);
  CHECK(printer.labels_printed() == 1);
  CHECK(wait_value(d, "zebra.jobs_waiting", 0));
  CHECK(count_events(d, "print.queued") == 1);
  CHECK(count_events(d, "print.sent") == 1);
  CHECK(count_events(d, "print.confirmed") == 1);

  // A carrier's label goes out byte for byte.
  const std::string carrier = "^XA^FO50,50^A0N,40,40^FDUPS 1Z999AA10123456784^FS^XZ";
  const auto zpl = d.call("print-zpl", {{"zpl", carrier}, {"reference", "1Z999AA10123456784"}});
  REQUIRE(result_of(zpl) == 0);
  REQUIRE(wait_print_job(d, zpl.at("arguments").at("job").as_int64(), "confirmed"));
  CHECK(printer.labels().back() == carrier);
}

TEST_CASE("100 labels with the paper running out at 37: the queue holds, then every label prints exactly once") {
  sim::zpl_printer printer{printer_options()};
  printer.start();
  running_daemon d{sscc_section + labels_section + printer_device(printer.port())};
  REQUIRE(wait_value(d, "zebra.status", "READY"));
  event_listener alarms{d, "[\"alarm\"]"};
  printer.paper_out_after(37);

  std::vector<std::int64_t> jobs;
  std::set<std::string> ssccs;
  for (int n = 0; n < 100; ++n) {
    const auto reply = d.call("print-label", logistic_label(n));
    REQUIRE_MESSAGE(result_of(reply) == 0, text_of(reply));
    jobs.push_back(reply.at("arguments").at("job").as_int64());
    CHECK(ssccs.insert(str(reply.at("arguments").at("sscc"))).second);
  }

  // Out of paper: the printer goes silent (~HS unanswered), the queue holds with an alarm.
  // (On a loaded machine a slow ~HS answer may hold the queue briefly before; the
  // silence of the empty printer is the hold that must come.)
  const auto held = alarms.next(
      [](const auto& e) {
        return str(e.at("name")) == "zebra.held" && str(e.at("text")).starts_with("printer zebra: NO-REPLY; ");
      },
      30s);
  CHECK(!held.empty());
  CHECK(wait_value(d, "zebra.held", "NO-REPLY"));
  std::this_thread::sleep_for(1s); // held means held: nothing more goes out
  CHECK(printer.labels_printed() == 37);
  CHECK(printer.labels().size() == 37); // the 38th was never sent to a printer without paper
  // The 37th did print, but a silent printer cannot say so: it stays sent until it can.
  CHECK(str(print_job(d, jobs[36]).at("state")) == "sent");
  CHECK(str(print_job(d, jobs[37]).at("state")) == "queued");

  printer.paper_in();
  for (const auto id : jobs) REQUIRE(wait_print_job(d, id, "confirmed", 60s));
  CHECK(wait_value(d, "zebra.held", nullptr));

  const auto labels = printer.labels();
  CHECK(labels.size() == 100);
  CHECK(printer.labels_printed() == 100);
  std::set<std::string> printed;
  for (const auto& zpl : labels) CHECK_MESSAGE(printed.insert(sscc_of(zpl)).second, "printed twice: ", sscc_of(zpl));
  CHECK(printed == ssccs);
  CHECK(count_events(d, "print.sent") == 100);
  CHECK(count_events(d, "print.confirmed") == 100);
  CHECK(count_events(d, "sscc.allocated") == 100);
}

TEST_CASE("kill -9 between send and confirmation: the job is in doubt, never printed again by itself") {
  sim::zpl_printer printer{printer_options()};
  printer.start();
  running_daemon d{sscc_section + labels_section + printer_device(printer.port())};
  REQUIRE(wait_value(d, "zebra.status", "READY"));

  printer.set_label_time(30s); // the printer has the label and takes its time
  const auto id = print_label(d, {{"label", "tote-location"}, {"code", "T-0042"}});
  REQUIRE(wait_print_job(d, id, "sent"));
  REQUIRE(eventually([&] { return printer.labels().size() == 1; }, 5s));
  d.process().signal(SIGKILL);
  d.process().wait(5s);

  printer.cancel_all(); // the label never came out
  printer.set_label_time(10ms);
  d.start();
  REQUIRE(wait_print_job(d, id, "unconfirmed"));
  CHECK(str(print_job(d, id).at("detail")).starts_with("stationd stopped after sending and before the printer confirmed it"));
  CHECK(wait_value(d, "zebra.jobs_unconfirmed", 1));
  REQUIRE(wait_value(d, "zebra.status", "READY"));
  std::this_thread::sleep_for(1s);
  CHECK(printer.labels().size() == 1); // not sent again

  // The operator decides: a reprint, audited, replaces the job in doubt.
  auto reply = d.call("reprint", {{"job", id}, {"reason", "no label on the parcel"}});
  CHECK(result_of(reply) == 1);
  CHECK(text_of(reply) == "reprint: \"by\" is required");
  reply = d.call("reprint", {{"job", id}, {"reason", "no label on the parcel"}, {"by", "anna"}});
  REQUIRE_MESSAGE(result_of(reply) == 0, text_of(reply));
  const auto again = reply.at("arguments").as_object();
  CHECK(again.at("reprint_of").as_int64() == id);
  CHECK(str(again.at("reason")) == "no label on the parcel");
  CHECK(str(again.at("requested_by")) == "anna");
  REQUIRE(wait_print_job(d, again.at("job").as_int64(), "confirmed"));
  const auto original = print_job(d, id);
  CHECK(str(original.at("state")) == "cancelled");
  CHECK(str(original.at("detail")) == fmt::format("replaced by reprint job {}", again.at("job").as_int64()));
  CHECK(printer.labels().size() == 2);
  CHECK(printer.labels()[0] == printer.labels()[1]);
  CHECK(wait_value(d, "zebra.jobs_unconfirmed", 0));

  sqlite::database db{d.journal_path(), sqlite::database::mode::read_only};
  auto st = db.prepare("SELECT json_extract(payload, '$.to'), json_extract(payload, '$.reason'), json_extract(payload, '$.by'), "
                       "seq, json_extract(payload, '$.job') FROM events WHERE type = 'print.resolved'");
  REQUIRE(st.step());
  CHECK(st.column_text(0) == "cancelled");
  CHECK(st.column_text(1) == "no label on the parcel");
  CHECK(st.column_text(2) == "anna");
  // The original is cancelled in the reprint's own transaction (the event right after
  // its print.queued): no crash can leave both a reprint and the job in doubt.
  CHECK(st.column_int(3) == again.at("job").as_int64() + 1);
  CHECK(st.column_int(4) == id);

  // A reprint of a printed label (torn) is a new job too; the original stays confirmed.
  const auto torn = d.call("reprint", {{"job", again.at("job").as_int64()}, {"reason", "torn"}, {"by", "anna"}});
  REQUIRE(result_of(torn) == 0);
  REQUIRE(wait_print_job(d, torn.at("arguments").at("job").as_int64(), "confirmed"));
  CHECK(str(print_job(d, again.at("job").as_int64()).at("state")) == "confirmed");
  CHECK(printer.labels().size() == 3);
}

TEST_CASE("the printer's connection lost after the send: in doubt; lost before: sent once it is back") {
  sim::zpl_printer printer{printer_options()};
  printer.start();
  running_daemon d{sscc_section + labels_section + printer_device(printer.port())};
  REQUIRE(wait_value(d, "zebra.status", "READY"));

  printer.set_label_time(30s);
  const auto first = print_label(d, {{"label", "tote-location"}, {"code", "T-1"}});
  REQUIRE(wait_print_job(d, first, "sent"));
  REQUIRE(eventually([&] { return printer.labels().size() == 1; }, 5s));
  printer.stop(); // the cable is pulled
  REQUIRE(wait_print_job(d, first, "unconfirmed"));
  CHECK(str(print_job(d, first).at("detail")) == "the printer went offline before confirming the label");

  // Queued while the printer is away: held, then printed once it is back.
  const auto second = print_label(d, {{"label", "tote-location"}, {"code", "T-2"}});
  CHECK(wait_value(d, "zebra.held", "OFFLINE"));
  std::this_thread::sleep_for(500ms);
  CHECK(str(print_job(d, second).at("state")) == "queued");
  printer.cancel_all();
  printer.set_label_time(10ms);
  printer.start();
  REQUIRE(wait_print_job(d, second, "confirmed"));
  CHECK(printer.labels().size() == 2);
  CHECK(str(print_job(d, first).at("state")) == "unconfirmed");

  // The operator saw the first one printed.
  const auto resolved = d.call("print-resolve", {{"job", first}, {"outcome", "printed"}, {"reason", "on the tote"}, {"by", "jonas"}});
  REQUIRE_MESSAGE(result_of(resolved) == 0, text_of(resolved));
  CHECK(str(print_job(d, first).at("state")) == "confirmed");
  const auto twice = d.call("print-resolve", {{"job", first}, {"outcome", "printed"}, {"reason", "again"}, {"by", "jonas"}});
  CHECK(result_of(twice) == 1);
  CHECK(text_of(twice) == fmt::format("print-resolve: print job {} is confirmed: nothing to resolve", first));
}

TEST_CASE("a queued job cancelled while the printer is out of media is never printed") {
  sim::zpl_printer printer{printer_options()};
  printer.start();
  running_daemon d{sscc_section + labels_section + printer_device(printer.port())};
  REQUIRE(wait_value(d, "zebra.status", "READY"));
  printer.set_silent_in_error(false); // this printer reports media out instead of going silent
  printer.paper_out();
  REQUIRE(wait_value(d, "zebra.status", "MEDIA-OUT"));
  const auto keep = print_label(d, {{"label", "tote-location"}, {"code", "KEEP"}});
  const auto drop = print_label(d, {{"label", "tote-location"}, {"code", "DROP"}});
  CHECK(wait_value(d, "zebra.held", "MEDIA-OUT"));
  CHECK(wait_value(d, "zebra.jobs_waiting", 2));
  const auto reply = d.call("print-resolve", {{"job", drop}, {"outcome", "cancelled"}, {"reason", "order cancelled"}, {"by", "anna"}});
  REQUIRE_MESSAGE(result_of(reply) == 0, text_of(reply));
  printer.paper_in();
  REQUIRE(wait_print_job(d, keep, "confirmed"));
  std::this_thread::sleep_for(500ms);
  CHECK(str(print_job(d, drop).at("state")) == "cancelled");
  REQUIRE(printer.labels().size() == 1);
  CHECK(printer.labels()[0].find("KEEP") != std::string::npos);
}

TEST_CASE("the gross weight comes from the stable scale") {
  temp_dir sims;
  sim::mtsics_scale scale{{.link = sims / "scale", .serial_number = "B1"}};
  scale.set_weight(sim::decimal::parse("12.550"));
  scale.set_stable(false);
  scale.start();
  sim::zpl_printer printer{printer_options()};
  printer.start();
  running_daemon d{sscc_section + labels_section + printer_device(printer.port()) +
                   fmt::format("[[device]]\nname = \"scale\"\nclass = \"scale\"\ndriver = \"mt-sics\"\nport = \"{}\"\n"
                               "poll_interval = \"40ms\"\nsettle_window = \"200ms\"\n",
                               (sims / "scale").string())};
  REQUIRE(wait_value(d, "scale.driver.state", "online"));
  REQUIRE(wait_value(d, "zebra.status", "READY"));
  auto args = logistic_label(7);
  args.erase("gross_weight_kg");
  REQUIRE(wait_value(d, "scale.state", "motion"));
  const auto remaining = d.call("variables", {{"prefix", "sscc.remaining"}}).at("arguments").at("sscc.remaining");
  auto reply = d.call("print-label", args);
  CHECK(result_of(reply) == 1);
  CHECK(text_of(reply) == "print-label: scale is not stable: wait for the weight to settle");
  // A refused label uses no SSCC.
  CHECK(d.call("variables", {{"prefix", "sscc.remaining"}}).at("arguments").at("sscc.remaining") == remaining);

  scale.set_stable(true);
  REQUIRE(wait_value(d, "scale.stable", true));
  reply = d.call("print-label", args);
  REQUIRE_MESSAGE(result_of(reply) == 0, text_of(reply));
  CHECK(str(reply.at("arguments").at("gross_weight_kg")) == "12.550");
  REQUIRE(wait_print_job(d, reply.at("arguments").at("job").as_int64(), "confirmed"));
  CHECK(printer.labels().at(0).find("^FD(3303)012550(400)PO-1007^FS") != std::string::npos);
}

TEST_CASE("bad print requests get clear errors and reach neither the journal nor the printer") {
  sim::zpl_printer printer{printer_options()};
  printer.start();
  running_daemon d{sscc_section + labels_section + printer_device(printer.port())};
  REQUIRE(wait_value(d, "zebra.status", "READY"));
  const auto remaining = d.call("variables", {{"prefix", "sscc.remaining"}}).at("arguments").at("sscc.remaining");

  struct row {
    json::object args;
    std::string text;
  };
  auto injected = logistic_label(1);
  injected["ship_to"].as_object()["name"] = "Bob^FS^XZ^XA^FDforged";
  auto bad_postal = logistic_label(1);
  bad_postal["ship_to"].as_object()["postal_code"] = "413 01";
  auto bad_weight = logistic_label(1);
  bad_weight["gross_weight_kg"] = "12,5";
  auto no_ship_to = logistic_label(1);
  no_ship_to.erase("ship_to");
  const row rows[] = {
      {{{"label", "no-such-label"}}, "print-label: no label template \"no-such-label\" in " + (d.dir() / "labels").string()},
      {{}, "print-label: \"label\" is required"},
      {injected,
       "print-label: label gs1-logistic: field ship_to_name: \"Bob^FS^XZ^XA^FDforged\" contains ^, a ZPL command prefix: refused"},
      {bad_postal, "print-label: ship-to postal code: AI (420) 413 01: ' ' at position 6 is not in the GS1 character set"},
      {bad_weight, "print-label: gross weight \"12,5\" kg does not fit AI 330n"},
      {no_ship_to, "print-label: \"ship_to\" must be an object {name, street, postal_code, city, country}"},
      {{{"label", "tote-location"}, {"code", "TÖTE"}},
       "print-label: code \"TÖTE\": byte 2 (0xC3) is not printable ASCII, which Code 128 encodes"},
      {{{"label", "tote-location"}, {"code", 42}}, "print-label: \"code\" must be a string"},
      {{{"label", "tote-location"}, {"code", "T-1"}, {"printer", "nope"}}, "print-label: no printer named nope"},
  };
  for (const auto& r : rows) {
    CAPTURE(json::serialize(r.args));
    const auto reply = d.call("print-label", r.args);
    CHECK(result_of(reply) == 1);
    if (!r.text.empty() && r.text.find("...") == std::string::npos) CHECK(text_of(reply) == r.text);
    else MESSAGE(text_of(reply));
  }
  auto reply = d.call("print-zpl", {{"zpl", "hello"}, {"reference", "x"}});
  CHECK(text_of(reply) == "print-zpl: a ZPL label starts with ^XA");
  reply = d.call("print-zpl", {{"zpl", "^XA^FDx^FS"}, {"reference", "x"}});
  CHECK(text_of(reply) == "print-zpl: a ZPL label ends with ^XZ");
  reply = d.call("reprint", {{"job", 999999}, {"reason", "x"}, {"by", "y"}});
  CHECK(text_of(reply) == "reprint: no print job 999999");
  reply = d.call("print-resolve", {{"job", 1}, {"outcome", "maybe"}, {"reason", "x"}, {"by", "y"}});
  CHECK(text_of(reply) == "print-resolve: outcome must be printed or cancelled");
  reply = d.call("print-queue", {{"limit", 0}});
  CHECK(text_of(reply) == "print-queue: \"limit\" must be at least 1");
  CHECK(result_of(d.call("print-queue")) == 3);

  std::this_thread::sleep_for(300ms);
  CHECK(printer.labels().empty());
  CHECK(count_events(d, "print.queued") == 0);
  CHECK(d.call("variables", {{"prefix", "sscc.remaining"}}).at("arguments").at("sscc.remaining") == remaining);
}
