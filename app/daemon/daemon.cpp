// The run loop. Each piece of work is a handler on the io_context; the only
// blocking work (alert delivery over HTTP or SMTP) goes to the worker thread.
// The CycleRun is destroyed two posted handlers after its done callback:
// never from inside the callback (the cycle is still executing it), and only
// after any handler the cycle queued before finishing has run.
#include "app/daemon/daemon.h"

#include <signal.h>
#include <algorithm>
#include <time.h>

#include <boost/asio/post.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "app/cli/exit_status.h"
#include "app/daemon/metrics_file.h"
#include "app/daemon/sd_notify.h"

namespace nianbao::app {
namespace {

std::string UtcTime(UnixMillis t) {
  const time_t secs = static_cast<time_t>(t / 1000);
  tm parts{};
  gmtime_r(&secs, &parts);
  char buf[32];
  strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &parts);
  return buf;
}

}  // namespace

Daemon::Daemon(boost::asio::io_context& io, Config config, storage::Store& store, const Clock& clock,
               DaemonSettings settings)
    : io_(io),
      config_(std::move(config)),
      store_(store),
      clock_(clock),
      settings_(std::move(settings)),
      engine_(store, clock),
      outbox_(store, clock, settings_.outbox),
      signals_(io, SIGINT, SIGTERM, SIGHUP),
      cycle_timer_(io),
      outbox_timer_(io),
      watchdog_timer_(io),
      stop_timer_(io) {}

Daemon::~Daemon() {
  stop_flag_ = true;
  worker_.join();
}

void Daemon::Start() {
  WaitForSignal();
  if (auto interval = sd::WatchdogInterval()) {
    ArmWatchdog(std::max(std::chrono::microseconds(1000), *interval / 2));
  }
  ArmOutboxTimer();
  boost::asio::post(io_, [this] {
    spdlog::info("nianbao run: database {}, {} sources, a cycle every {} s", store_.path(), config_.sources.size(),
                 config_.schedule.interval_s);
    sd::Ready();
    StartCycle();
  });
}

// ---- signals ----

void Daemon::WaitForSignal() {
  signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (ec || finished_) return;
    OnSignal(signal);
    if (!finished_) WaitForSignal();
  });
}

void Daemon::OnSignal(int signal) {
  if (signal == SIGHUP) {
    Reload();
    return;
  }
  if (stopping_) {
    spdlog::warn("signal {} again: stopping now", signal);
    finished_ = true;
    io_.stop();
    return;
  }
  spdlog::info("signal {}: stopping; in-flight documents go back to the queue", signal);
  RequestStop(kExitOk);
}

void Daemon::Reload() {
  sd::Reloading();
  spdlog::info("SIGHUP: reloading {}", settings_.config_path);
  Result<Config> loaded = LoadConfig(settings_.config_path);
  if (!loaded.ok()) {
    spdlog::error("reload failed, keeping the previous configuration: {}", loaded.status().message());
    sd::Status("reload failed, previous configuration kept: " + loaded.status().message());
    sd::Ready();
    return;
  }
  Config next = std::move(*loaded);
  if (!settings_.db_override.empty()) next.storage.path = settings_.db_override;
  if (next.storage.path != config_.storage.path) {
    spdlog::warn("reload: [storage] path changed to {}; {} stays open until the next restart", next.storage.path,
                 config_.storage.path);
    next.storage.path = config_.storage.path;
  }
  const bool interval_changed = next.schedule.interval_s != config_.schedule.interval_s;
  config_ = std::move(next);
  if (!run_ && !stopping_) {
    auto synced = SyncSources(config_, store_);
    if (!synced.ok()) spdlog::error("reload: syncing sources: {}", synced.status().message());
    if (interval_changed) ScheduleNext();
  }
  spdlog::info("reload: configuration {} applied ({} sources); it takes effect at the next cycle", config_.file,
               config_.sources.size());
  sd::Status(fmt::format("configuration reloaded ({} sources); {}", config_.sources.size(),
                         run_ ? "applies from the next cycle" : IdleStatus()));
  sd::Ready();
}

void Daemon::RequestStop(int exit_status) {
  if (stopping_) return;
  stopping_ = true;
  exit_status_ = exit_status;
  stop_flag_ = true;
  sd::Stopping();
  sd::Status("stopping");
  cycle_timer_.cancel();
  outbox_timer_.cancel();
  if (run_) run_->Stop();
  stop_timer_.expires_after(settings_.stop_budget);
  stop_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || finished_) return;
    spdlog::warn("stop took longer than {} ms: stopping now", settings_.stop_budget.count());
    finished_ = true;
    io_.stop();
  });
  MaybeFinishStop();
}

// Once the cycle and the delivery in progress are over, nothing is left to
// wait for: cancelling the remaining timers lets io_context::run return.
void Daemon::MaybeFinishStop() {
  if (!stopping_ || finished_ || run_ || delivering_) return;
  finished_ = true;
  signals_.cancel();
  stop_timer_.cancel();
  watchdog_timer_.cancel();
  cycle_timer_.cancel();
  outbox_timer_.cancel();
  spdlog::info("stopped");
}

// ---- cycles ----

void Daemon::StartCycle() {
  if (stopping_ || run_) return;
  auto sources = SyncSources(config_, store_);
  if (!sources.ok()) {
    spdlog::error("cannot start a cycle: {}", sources.status().message());
    RequestStop(ExitFor(sources.status()));
    return;
  }
  cycle_started_ = std::chrono::steady_clock::now();
  last_progress_ = cycle_started_;
  sources_finished_ = 0;
  run_ = std::make_unique<CycleRun>(io_, store_, config_, std::move(*sources), clock_);
  sd::Status("crawl cycle starting");
  run_->Start([this](Result<crawler::CycleSummary> r) { OnCycleDone(std::move(r)); },
              [this](const crawler::CycleSummary& s, std::size_t in_flight) { OnProgress(s, in_flight); });
}

void Daemon::OnProgress(const crawler::CycleSummary& s, std::size_t in_flight) {
  const auto now = std::chrono::steady_clock::now();
  if (s.sources_finished > sources_finished_) {
    sources_finished_ = s.sources_finished;
    last_progress_ = now;
  }
  if (now - last_status_ < std::chrono::seconds(1) || stopping_) return;
  last_status_ = now;
  cycle_id_ = s.cycle_id;
  std::string queued = "?";
  if (auto counts = store_.CountDocumentsByState(); counts.ok()) queued = std::to_string(counts->pending);
  sd::Status(fmt::format("cycle {}: {} pages done, {} in flight, {} queued, {} errors, {} reports saved", s.cycle_id,
                         s.fetched, in_flight, queued, s.failed, s.reports_saved));
}

void Daemon::OnCycleDone(Result<crawler::CycleSummary> result) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - cycle_started_).count();
  ++counters_.cycles;
  counters_.last_cycle_seconds = seconds;
  bool failed = !result.ok();
  if (failed) {
    ++counters_.cycles_failed;
    spdlog::error("crawl cycle failed: {}", result.status().message());
  } else {
    const crawler::CycleSummary& s = *result;
    counters_.Add(s);
    if (!s.stopped) counters_.last_success_ms = clock_.Now();
    last_summary_ = fmt::format("last cycle {}{}: {} fetched, {} failed, {} reports saved", s.cycle_id,
                                s.stopped ? " (stopped)" : "", s.fetched, s.failed, s.reports_saved);
    LogCycle(s, seconds);
  }
  Status failure = failed ? result.status() : Status::Ok();
  boost::asio::post(io_, [this, failure] {
    // Handlers the cycle posted before this one (CrawlCycle::Stop can post a
    // Finish after the cycle has already finished) still point at it: destroy
    // it only from a handler queued behind them.
    retired_run_ = std::move(run_);
    boost::asio::post(io_, [this] { retired_run_.reset(); });
    if (!failure.ok()) {
      RequestStop(kExitRuntime);
      return;
    }
    if (stopping_) {
      MaybeFinishStop();
      return;
    }
    AfterCycle();
    ScheduleNext();
  });
}

void Daemon::AfterCycle() {
  auto pass = EvaluateAlerts(engine_, config_);
  if (pass.ok()) {
    counters_.overdue_by_year = pass->overdue_by_year;
    int open = 0;
    for (const auto& [kind, n] : pass->open_by_kind) open += n;
    open_alerts_ = open;
  } else {
    spdlog::error("{}", pass.status().message());
  }
  WriteMetrics();
  DeliverAsync();
}

void Daemon::ScheduleNext() {
  if (stopping_) return;
  const auto interval = std::chrono::seconds(config_.schedule.interval_s);
  auto next = cycle_started_ + interval;
  const auto now = std::chrono::steady_clock::now();
  if (next < now) next = now;
  next_cycle_ms_ = clock_.Now() + std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count();
  cycle_timer_.expires_at(next);
  cycle_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) StartCycle();
  });
  sd::Status(IdleStatus());
}

std::string Daemon::IdleStatus() const {
  std::string s = "idle, next cycle at " + UtcTime(next_cycle_ms_);
  if (!last_summary_.empty()) s += "; " + last_summary_;
  if (open_alerts_ >= 0) s += fmt::format("; {} alerts open", open_alerts_);
  if (delivered_once_) {
    s += fmt::format("; outbox: {} sent, {} failed attempts", counters_.deliveries_sent, counters_.delivery_failures);
  }
  return s;
}

// ---- outbox, watchdog, metrics ----

void Daemon::DeliverAsync() {
  if (delivering_ || stopping_) return;
  delivering_ = true;
  delivery_guard_.emplace(io_.get_executor());
  boost::asio::post(worker_, [this, alerts = config_.alerts] {
    Result<alerts::DeliveryPass> r = DeliverAlerts(outbox_, alerts, &stop_flag_);
    boost::asio::post(io_, [this, r] { OnDelivered(r); });
  });
}

void Daemon::OnDelivered(const Result<alerts::DeliveryPass>& result) {
  delivering_ = false;
  delivery_guard_.reset();
  counters_.delivery_failures = outbox_.failures();
  if (!result.ok()) {
    spdlog::error("{}", result.status().message());
  } else {
    counters_.deliveries_sent += result->sent;
    if (result->sent + result->failed > 0) WriteMetrics();
  }
  delivered_once_ = true;
  if (!run_ && !stopping_) sd::Status(IdleStatus());
  MaybeFinishStop();
}

void Daemon::ArmOutboxTimer() {
  outbox_timer_.expires_after(settings_.outbox_poll);
  outbox_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopping_) return;
    DeliverAsync();
    ArmOutboxTimer();
  });
}

void Daemon::ArmWatchdog(std::chrono::microseconds period) {
  if (Healthy()) sd::Watchdog();
  watchdog_timer_.expires_after(period);
  watchdog_timer_.async_wait([this, period](const boost::system::error_code& ec) {
    if (ec || finished_) return;
    ArmWatchdog(period);
  });
}

// The loop turns (this runs on it); a cycle must also be getting somewhere.
bool Daemon::Healthy() {
  if (!run_ || stopping_) return true;
  const auto timeouts = std::chrono::seconds(10LL * config_.crawler.timeout_s);
  const auto limit = std::max({std::chrono::seconds(settings_.stall_limit), timeouts,
                               std::chrono::seconds(config_.crawler.bounds.max_seconds) + timeouts});
  if (std::chrono::steady_clock::now() - last_progress_ < limit) {
    stall_reported_ = false;
    return true;
  }
  if (!stall_reported_) {
    spdlog::error("no source finished for {} s while a cycle runs: withholding watchdog pings", limit.count());
    stall_reported_ = true;
  }
  return false;
}

void Daemon::WriteMetrics() {
  if (config_.alerts.metrics_file.empty()) return;
  auto text = BuildDaemonMetrics(store_, counters_);
  Status st = text.ok() ? WriteAtomically(config_.alerts.metrics_file, text->str()) : text.status();
  if (!st.ok()) spdlog::warn("metrics file not written: {}", st.message());
}

}  // namespace nianbao::app
