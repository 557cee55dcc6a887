// Daemon: the long-lived `nianbao run` loop on one Asio io_context.
//
// It runs a crawl cycle at start and then every [schedule] interval (from one
// cycle's start to the next; a cycle that overran starts the next at once),
// never two at a time. After each cycle it evaluates alerts (AlertEngine),
// hands due deliveries to the Outbox on a worker thread (a channel that is
// down or slow never holds up the loop), and rewrites the metrics file. The
// outbox is also polled on its own timer, so retries go out between cycles.
//
// systemd: READY=1 once the loop runs (the caller has opened the database and
// validated the configuration); STATUS= with cycle progress (at most once a
// second) and "idle, next cycle at …"; WATCHDOG=1 from a timer at half
// WatchdogSec, which can only fire while the loop turns, and is withheld
// while a cycle makes no progress at all (see stall_limit), so systemd
// restarts a wedged daemon and the next process resumes the cycle.
// Signals: SIGTERM/SIGINT send STOPPING=1 and stop the cycle (in-flight
// documents go back to the queue) and the outbox (after the delivery in
// progress); the loop then runs out and exit_status() is 0. A second signal,
// or a stop that overruns `stop_budget`, stops the io_context at once.
// SIGHUP sends RELOADING=1, re-reads the configuration, and applies it (it
// takes effect at the next cycle; sources are synced now when idle) or, if it
// is invalid, logs "FILE:LINE: key: …" and keeps the old one; then READY=1.
// A cycle that fails on a storage error ends the loop with exit status 3
// (systemd's Restart=on-failure starts a fresh process).
//
// Threading: everything but the outbox runs on the io thread; the outbox
// worker only touches the Store (internally locked) and its own atomics.
// Ownership: borrows io, the Store and the Clock, which must outlive it; the
// destructor waits for the outbox worker.
#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "alerts/alert_engine.h"
#include "app/config/config.h"
#include "app/daemon/crawl_runner.h"
#include "app/daemon/daemon_metrics.h"
#include "alerts/outbox.h"
#include "common/clock.h"
#include "storage/store.h"

namespace nianbao::app {

struct DaemonSettings {
  std::string config_path;  // re-read on SIGHUP
  std::string db_override;  // --db, applied to every configuration read
  alerts::OutboxOptions outbox;
  std::chrono::milliseconds outbox_poll{60000};   // between outbox passes when idle
  std::chrono::milliseconds stop_budget{10000};  // SIGTERM to forced stop
  // A running cycle in which no source has finished for this long (and at
  // least 10 transfer timeouts, and crawler.max_source_seconds plus those)
  // is wedged: watchdog pings are withheld. Sources, not documents: a column
  // that pages for ever finishes documents all the time. It must exceed the
  // fetcher's longest honoured Retry-After (1 h), during which a polite cycle
  // legitimately finishes nothing.
  std::chrono::seconds stall_limit{7200};
};

class Daemon {
 public:
  Daemon(boost::asio::io_context& io, Config config, storage::Store& store, const Clock& clock,
         DaemonSettings settings);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Arms signals and timers and queues the first cycle; then run the io_context.
  void Start();
  // 0 after a signalled stop, 3 after a storage failure.
  int exit_status() const { return exit_status_; }

 private:
  void WaitForSignal();
  void OnSignal(int signal);
  void Reload();
  void RequestStop(int exit_status);
  void MaybeFinishStop();

  void StartCycle();
  void OnProgress(const crawler::CycleSummary& s, std::size_t in_flight);
  void OnCycleDone(Result<crawler::CycleSummary> result);
  void AfterCycle();
  void ScheduleNext();
  std::string IdleStatus() const;

  void DeliverAsync();
  void OnDelivered(const Result<alerts::DeliveryPass>& result);
  void ArmOutboxTimer();
  void ArmWatchdog(std::chrono::microseconds period);
  bool Healthy();
  void WriteMetrics();

  boost::asio::io_context& io_;
  Config config_;
  storage::Store& store_;
  const Clock& clock_;
  DaemonSettings settings_;
  alerts::AlertEngine engine_;
  alerts::Outbox outbox_;

  boost::asio::signal_set signals_;
  boost::asio::steady_timer cycle_timer_;
  boost::asio::steady_timer outbox_timer_;
  boost::asio::steady_timer watchdog_timer_;
  boost::asio::steady_timer stop_timer_;

  std::unique_ptr<CycleRun> run_;  // the cycle in progress, if any
  std::unique_ptr<CycleRun> retired_run_;  // a finished cycle, destroyed from a later handler
  std::chrono::steady_clock::time_point cycle_started_;
  std::chrono::steady_clock::time_point last_status_;
  std::chrono::steady_clock::time_point last_progress_;  // a source finished, or the cycle began
  std::int64_t sources_finished_ = 0;                    // in the running cycle
  bool stall_reported_ = false;
  UnixMillis next_cycle_ms_ = 0;
  std::int64_t cycle_id_ = 0;
  std::string last_summary_;  // one line about the last cycle, for STATUS=
  int open_alerts_ = -1;      // after the last evaluation; -1 before the first
  bool delivered_once_ = false;  // an outbox pass has reported back
  DaemonCounters counters_;

  // The outbox worker: one thread, one pass at a time; the guard keeps the
  // loop alive until the pass has reported back.
  boost::asio::thread_pool worker_{1};
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> delivery_guard_;
  bool delivering_ = false;
  std::atomic<bool> stop_flag_{false};

  bool stopping_ = false;
  bool finished_ = false;
  int exit_status_ = 0;
};

}  // namespace nianbao::app
