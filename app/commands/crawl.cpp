// `nianbao crawl`: one whole cycle in the foreground, then the deadline
// checks and the due alert deliveries, as one cycle of `run` does. Network failures are
// recorded in the database and are not an error of the command: it exits 0
// once the cycle has run, 3 when the database failed, 130 after SIGINT/SIGTERM
// (the cycle is left resumable).
#include <boost/asio/signal_set.hpp>
#include <chrono>
#include <iostream>

#include <spdlog/spdlog.h>

#include "app/cli/commands.h"
#include "app/cli/context.h"
#include "app/daemon/crawl_runner.h"
#include "app/cli/exit_status.h"

namespace nianbao::app {
namespace {

// The steps `run` takes after each cycle (crawl_runner.h), inline.
int EvaluateAndDeliver(const Config& cfg, storage::Store& store, const Clock& clock) {
  alerts::AlertEngine engine(store, clock);
  auto pass = EvaluateAlerts(engine, cfg);
  if (!pass.ok()) return Fail(pass.status());
  alerts::Outbox outbox(store, clock);
  auto delivered = DeliverAlerts(outbox, cfg.alerts);
  if (!delivered.ok()) return Fail(delivered.status());
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
  const auto started = std::chrono::steady_clock::now();
  run.Start([&](Result<crawler::CycleSummary> r) {
    signals.cancel();
    if (!r.ok()) {
      exit_status = Fail(r.status());
      return;
    }
    LogCycle(*r, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  });
  io.run();
  if (exit_status == kExitOk && interrupted) exit_status = kExitInterrupted;
  if (exit_status == kExitOk) exit_status = EvaluateAndDeliver(*cfg, **store, clock);
  (void)(*store)->Checkpoint();
  return exit_status;
}

}  // namespace nianbao::app
