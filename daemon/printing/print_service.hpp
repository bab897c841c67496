#pragma once

#include "config/station_config.hpp"
#include "control/command_registry.hpp"
#include "devices/device_manager.hpp"
#include "events/event_hub.hpp"
#include "events/status_board.hpp"
#include "journal/journal.hpp"
#include "labels/label_library.hpp"
#include "log/logger.hpp"
#include "printer/printer_driver.hpp"
#include "scan/sscc_allocator.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stationd::printing {

// A print job as the journal holds it (table print_jobs, docs/printing.md).
struct print_job {
  std::int64_t id = 0; // the sequence of the print.queued event
  std::string printer;
  std::string label;
  std::string reference;
  std::string zpl;
  std::string state; // queued, sent, confirmed, unconfirmed, cancelled (docs/printing.md)
  std::int64_t attempts = 0;
  std::string detail;
  std::optional<std::int64_t> reprint_of;
  std::string reason;
  std::string requested_by;
};

boost::json::object to_json(const print_job& job, bool with_zpl = false);

// The job was changed by someone else meanwhile (an operator cancelled it): the
// journal refused a change that assumed its old state.
struct job_changed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct submit_request {
  std::string printer; // empty: the configured/only printer
  std::string label;
  std::string reference;
  std::string zpl;
  std::optional<std::int64_t> reprint_of;
  std::string reason;
  std::string requested_by;
  // A label the workflows asked for (table workflow_effects): marked done in the
  // transaction that queues the job, so it is queued once even across a crash.
  std::optional<std::int64_t> effect;
  // A reprint of a job in doubt (unconfirmed): the original is cancelled in the
  // same transaction, so no crash can leave both a reprint and a job in doubt.
  bool replaces_original = false;
};

// Every label the station prints goes through here, one job at a time per
// printer, and every step is journaled before the next one starts:
//
//   queued -> sent -> confirmed        the normal way
//   queued -> queued                   the printer took no byte: sent again later
//   sent   -> unconfirmed              the printer may or may not have it (link lost,
//                                      part of the data taken, or stationd stopped):
//                                      an operator decides; never reprinted by itself
//   queued/unconfirmed -> cancelled    an operator's decision, with a reason
//   unconfirmed -> confirmed           an operator saw it printed, with a reason
//
// "sent" is journaled before the first byte goes out, and "confirmed" only when
// a status poll after the send shows the printer's buffer empty, no labels left
// in the batch and no error. While the printer cannot print (media out, head
// open, silent) the queue is held and an alarm tells the operator. A reprint is
// a new job that names the one it repeats and why. Used from the io thread only.
class print_service {
public:
  print_service(boost::asio::any_io_executor executor, journal::journal& journal, devices::device_manager& devices,
                events::event_hub& hub, events::status_board& board, log::logger& log);

  // `sscc`: null when [sscc] is not configured (no logistic labels then).
  void apply(const config::station_config& config, std::shared_ptr<scan::sscc_allocator> sscc);

  // At start: jobs left "sent" by a stopped or killed stationd become "unconfirmed".
  boost::asio::awaitable<void> recover();
  // Runs a worker per printer until cancelled; rethrows a worker's failure.
  boost::asio::awaitable<void> run();
  // Stops every worker and waits for them. A job on its way to the printer
  // stays "sent"; recover() at the next start makes it "unconfirmed".
  boost::asio::awaitable<void> stop();

  boost::asio::awaitable<print_job> submit(submit_request request);
  boost::asio::awaitable<print_job> reprint(std::int64_t job, std::string reason, std::string by);
  // outcome: "printed" (an operator saw it) or "cancelled".
  boost::asio::awaitable<print_job> resolve(std::int64_t job, std::string outcome, std::string reason, std::string by);

  std::optional<print_job> find(std::int64_t id) const;
  std::vector<print_job> jobs(bool open_only, std::size_t limit) const;

  void register_commands(control::command_registry& commands);
  const labels::library& library() const noexcept { return library_; }

  // Renders a template from print-label arguments (docs/control-socket.md) and
  // queues the job. gs1-logistic with "sscc" prints an SSCC allocated earlier.
  boost::asio::awaitable<control::reply> print_label(const boost::json::object& args);

private:
  struct worker;
  boost::asio::awaitable<void> work(std::shared_ptr<worker> w);
  // One step of a worker: false when it is being stopped.
  boost::asio::awaitable<bool> work_once(std::shared_ptr<worker> w);
  void start_worker(const std::string& printer);
  void alarm(const std::string& printer, std::string text);
  // The stable weight of `scale` (or of the only scale) in kg, as a decimal string.
  std::string current_weight_kg(const std::string& scale) const;
  boost::asio::awaitable<void> confirm(std::shared_ptr<worker> w, const print_job& job, const drivers::send_result& sent);
  // Journals a change of state (event + row) and publishes it; throws when the
  // journal refuses (the job changed meanwhile, or the journal stopped).
  // (Views, not strings: GCC 12 can destroy a temporary inside a co_await
  // expression twice, and a literal passed as std::string is one.)
  boost::asio::awaitable<print_job> change(const print_job& job, std::string_view to, std::string_view detail,
                                           std::string_view event_type, std::string_view reason = {},
                                           std::string_view by = {});
  void on_status(const std::string& printer, const drivers::printer_status& status);
  void hold(worker& w, const std::string& why);
  void release(worker& w);
  void publish_counts(const std::string& printer);
  std::string default_printer() const;
  void wake(const std::string& printer);
  std::optional<print_job> next_queued(const std::string& printer) const;

  boost::asio::any_io_executor executor_;
  journal::journal& journal_;
  journal::journal_reader reader_;
  devices::device_manager& devices_;
  events::event_hub& hub_;
  events::status_board& board_;
  log::logger& log_;
  labels::library library_;
  config::labels_settings settings_;
  std::optional<config::sscc_settings> sscc_settings_;
  std::shared_ptr<scan::sscc_allocator> sscc_;
  std::string station_id_;
  std::map<std::string, std::shared_ptr<worker>, std::less<>> workers_;
  std::exception_ptr failure_;
  boost::asio::steady_timer stopped_; // woken as each worker ends
  bool stopping_ = false;
};

} // namespace stationd::printing
