#pragma once

#include "config/station_config.hpp"
#include "control/command_registry.hpp"
#include "devices/device_manager.hpp"
#include "devices/scanner_service.hpp"
#include "events/event_hub.hpp"
#include "events/status_board.hpp"
#include "journal/journal.hpp"
#include "log/logger.hpp"
#include "printing/print_service.hpp"
#include "scan/sscc_allocator.hpp"
#include "sync/protocol.hpp"
#include "workflow/station_core.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace stationd::station {

// A revision from central that does not follow the station's (a gap).
struct revision_mismatch : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What became of one input, as the operator is shown it.
struct decision {
  workflow::verdict result = workflow::verdict::ignored;
  workflow::message message;
  std::string text;     // in the operator's language
  std::string text_en;
  workflow::signal light = workflow::signal::none;
  std::uint64_t seq = 0; // the journal event that recorded it; 0: not recorded
  boost::json::object to_json() const;
  // As the station UI and the HTTP API show it (docs/api.md): result, message,
  // text in Swedish and English, light as a colour.
  boost::json::object to_ui_json() const;
};

// Runs the workflow core (daemon/workflow) against the station's devices, printer
// and journal. Inputs are taken one at a time, in order: the core decides on a
// copy of the state, the decision and the new state are committed in one journal
// transaction, and only then is the new state kept, the operator told, the light
// switched and labels printed. After a restart (even kill -9) the state is read
// back from the journal: the station resumes at the same step. Used from the io
// thread only.
class station_service {
public:
  station_service(boost::asio::any_io_executor executor, journal::journal& journal, printing::print_service& printing,
                  devices::device_manager& devices, events::event_hub& hub, events::status_board& board,
                  log::logger& log);
  ~station_service();
  station_service(const station_service&) = delete;
  station_service& operator=(const station_service&) = delete;

  void apply(const config::station_config& config, std::shared_ptr<scan::sscc_allocator> sscc);
  // Reads the last state and master data from the journal; with no master data
  // there, loads [workflow] master_data when configured. Throws when it cannot.
  boost::asio::awaitable<void> recover();
  // Takes inputs until cancelled; rethrows what must stop the station.
  boost::asio::awaitable<void> run();

  // An input, decided and committed (or refused by the journal) in turn.
  boost::asio::awaitable<decision> submit(workflow::input in, std::string source);
  // A scan typed into the station UI (a keyboard-wedge scanner) or sent over
  // HTTP: decoded and classified like a scanner's, then decided. An unreadable
  // code is refused with the reason, and not journaled as a step.
  boost::asio::awaitable<decision> submit_scan(std::string code, std::string source);
  // What the station UI shows (docs/api.md, "The station view").
  boost::json::object view() const;
  // Master data from central (or a file): replaces what the station has.
  boost::asio::awaitable<std::uint64_t> load_master_data(std::string json_text, std::string source);
  // A revision from central (SNAPSHOT or UPDATE, docs/protocol.md), journaled;
  // throws when it does not check out or does not follow the station's revision.
  boost::asio::awaitable<void> apply_revision(sync::message revision);
  std::uint64_t master_revision() const noexcept { return master_->data().revision; }
  // Central's id of that revision (station_meta master_revision_id); empty: not from central, or not known.
  const std::string& master_revision_id() const noexcept { return master_revision_id_; }

  void register_commands(control::command_registry& commands);
  const workflow::station_state& state() const noexcept { return state_; }
  boost::json::object summary() const;

private:
  struct pending {
    workflow::input in;
    std::string source;
    std::function<void(decision)> done;
    std::optional<std::int64_t> effect; // the workflow_effects row this input completes
    // Instead of an input: work that must happen between two inputs (new master data).
    std::function<boost::asio::awaitable<void>()> job;
    // Tells a job's waiter that it will not run (the station stopped).
    std::function<void()> abandon;
  };
  // Answers everything still queued once run() has ended: inputs are refused
  // (station.stopping), jobs fail; later submissions are refused at once.
  void refuse_queued();
  // Runs `job` in the input queue's turn, so that it falls between two steps; rethrows its failure.
  boost::asio::awaitable<void> in_turn(std::function<boost::asio::awaitable<void>()> job);
  boost::asio::awaitable<void> apply_revision_now(const sync::message& revision);
  // What an accepted step asked for (a label, an SSCC), recorded with the step
  // in table workflow_effects and carried out after it; left undone by a crash,
  // it is carried out at the next start.
  struct effect {
    std::int64_t id = 0;
    std::string kind; // print, sscc
    boost::json::object payload;
  };
  // Journals `data` as the master data in use (event master.loaded) and switches to it;
  // `revision_id`: central's id of the revision, kept with it.
  boost::asio::awaitable<std::uint64_t> record_master(workflow::master_data data, std::string source,
                                                      std::string revision_id = {});
  void enqueue(workflow::input in, std::string source, std::function<void(decision)> done, bool first = false,
               std::optional<std::int64_t> completes = std::nullopt);
  boost::asio::awaitable<void> process(pending p);
  boost::asio::awaitable<void> carry_out(effect e);
  boost::asio::awaitable<void> print(const effect& e);
  boost::asio::awaitable<void> allocate_sscc(const effect& e);
  void show(const decision& d, std::string_view source);
  // When the workflow now waits for a weight and a scale has settled already.
  void feed_settled_weight();
  void on_print_event(const boost::json::object& event);
  std::string language() const;
  workflow::context make_context() const;

  boost::asio::any_io_executor executor_;
  journal::journal& journal_;
  journal::journal_reader reader_;
  printing::print_service& printing_;
  devices::device_manager& devices_;
  events::event_hub& hub_;
  events::status_board& board_;
  log::logger& log_;

  workflow::workflow_rules rules_;
  std::string station_id_;
  std::string station_name_;
  std::int64_t min_weight_g_ = 20;
  std::filesystem::path master_file_;
  std::string master_revision_id_;
  std::shared_ptr<scan::sscc_allocator> sscc_;
  std::shared_ptr<const workflow::catalog> master_;
  workflow::station_state state_;
  std::optional<decision> last_;

  std::deque<pending> queue_;
  std::vector<effect> undone_; // found by recover(), carried out when run() starts
  boost::asio::steady_timer wake_;
  bool stopped_ = false; // run() has ended
  events::event_hub::subscriber_id print_subscription_ = 0;
};

} // namespace stationd::station
