// `nianbao crawl`: one whole cycle in the foreground, then the deadline
// checks and the due alert deliveries, as one cycle of `run` does. Network failures are
// recorded in the database and are not an error of the command: it exits 0
// once the cycle has run, 3 when the database failed, 130 after SIGINT/SIGTERM
// (the cycle is left resumable).
#include <boost/asio/signal_set.hpp>
#include <iostream>

#include <spdlog/spdlog.h>

#include "alerts/alert_engine.h"
#include "app/cli/commands.h"
#include "app/cli/context.h"
#include "app/daemon/crawl_runner.h"
#include "app/cli/exit_status.h"
#include "alerts/outbox.h"

namespace nianbao::app {
namespace {

// Deadlines and alerts after the cycle; a channel that is down is recorded on
// its delivery and retried by the next crawl or by the daemon.
int EvaluateAndDeliver(const Config& cfg, storage::Store& store, const Clock& clock) {
  auto pass = alerts::AlertEngine(store, clock).Evaluate(cfg.alerts, cfg.schedule);
  if (!pass.ok()) return Fail(pass.status());
  spdlog::info("alerts: {} raised, {} resolved, {} deliveries queued", pass->raised, pass->resolved, pass->enqueued);
  auto delivered = alerts::Outbox(store, clock).DeliverDue(cfg.alerts);
  if (!delivered.ok()) return Fail(delivered.status());
  if (delivered->sent + delivered->failed > 0)
    spdlog::info("deliveries: {} sent, {} failed", delivered->sent, delivered->failed);
  return kExitOk;
}

}  // namespace

int CmdCrawl(const GlobalOptions& g) {
  auto cfg = LoadConfigFor(g, true);
  if (!cfg.ok()) return Fail(cfg.status());
  const Clock& clock = SystemClock::Instance();
  auto store = storage::Store::Open(cfg->storage.path, storage::OpenMode::kWriter, clock);
  if (!store.ok()) return Fail(store.status());
  auto sources = SyncSources(*cfg, **store);
  if (!sources.ok()) return Fail(sources.status());

  boost::asio::io_context io;
  CycleRun run(io, **store, *cfg, std::move(*sources), clock);
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  bool interrupted = false;
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    spdlog::warn("signal {}: stopping; in-flight documents go back to the queue", sig);
    interrupted = true;
    run.Stop();
  });
  int exit_status = kExitOk;
  run.Start([&](Result<crawler::CycleSummary> r) {
    signals.cancel();
    if (!r.ok()) {
      exit_status = Fail(r.status());
      return;
    }
    const crawler::CycleSummary& s = *r;
    spdlog::info("cycle {}{}: {} fetched ({} unchanged, {} new), {} failed ({} blocked), {} report links, {} reports "
                 "saved, {} bytes",
                 s.cycle_id, s.resumed ? " (resumed)" : "", s.fetched, s.not_modified, s.new_revisions, s.failed,
                 s.blocked, s.list_items, s.reports_saved, s.bytes);
  });
  io.run();
  if (exit_status == kExitOk && interrupted) exit_status = kExitInterrupted;
  if (exit_status == kExitOk) exit_status = EvaluateAndDeliver(*cfg, **store, clock);
  (void)(*store)->Checkpoint();
  return exit_status;
}

}  // namespace nianbao::app
