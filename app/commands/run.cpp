// `nianbao run`: the daemon's entry. It sets up the journal or stderr logger
// (libcurl's global state is main()'s), validates the configuration and opens the database as
// the single writer before READY=1 can be sent, then runs the Daemon loop.
// Exit statuses: 0 after SIGTERM/SIGINT, 2 for a bad configuration, 3 when
// the database is held by another writer or fails.

#include <boost/asio/io_context.hpp>
#include <iostream>

#include <spdlog/spdlog.h>

#include "app/cli/commands.h"
#include "app/cli/context.h"
#include "app/daemon/daemon.h"
#include "app/cli/exit_status.h"
#include "app/cli/logging.h"

namespace nianbao::app {

int CmdRun(const GlobalOptions& g) {
  // libcurl's global state is set up once in main(), before any thread.
  SetUpDaemonLogging(g.verbosity);
  auto cfg = LoadConfigFor(g, true);
  if (!cfg.ok()) return Fail(cfg.status());
  const Clock& clock = SystemClock::Instance();
  auto store = storage::Store::Open(cfg->storage.path, storage::OpenMode::kWriter, clock);
  if (!store.ok()) {
    if (store.status().code() == Code::kBusy) {
      std::cerr << "nianbao run: the database is already in use by another writer (`nianbao run` or `nianbao crawl`): "
                << store.status().message() << "\n";
      return kExitRuntime;
    }
    return Fail(store.status());
  }

  int exit_status = kExitOk;
  {
    boost::asio::io_context io;
    DaemonSettings settings;
    settings.config_path = g.config_path;
    settings.db_override = g.db_path;
    Daemon daemon(io, std::move(*cfg), **store, clock, settings);
    daemon.Start();
    io.run();
    exit_status = daemon.exit_status();
  }
  // A forced stop can leave transfers leased to us; give them back now rather
  // than when the lease expires.
  if (auto released = (*store)->ReleaseWorker("nianbao"); released.ok() && *released > 0) {
    spdlog::info("{} in-flight documents returned to the queue", *released);
  }
  if (Status st = (*store)->Checkpoint(); !st.ok()) spdlog::warn("checkpoint at exit: {}", st.message());
  spdlog::info("nianbao run: exit {}", exit_status);
  return exit_status;
}

}  // namespace nianbao::app
