// Running crawl cycles from the configuration: syncs the configured sources
// and rosters into the Store, builds the Fetcher from [crawler], drives one
// CrawlCycle on an io_context, and the steps that follow a finished cycle.
// Shared by `nianbao crawl` (one cycle) and `nianbao run` (cycles on the
// schedule), so the two cannot drift apart.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <vector>

#include "alerts/alert_engine.h"
#include "alerts/outbox.h"
#include "app/config/config.h"
#include "common/clock.h"
#include "common/status.h"
#include "crawler/crawl_cycle.h"
#include "net/fetcher.h"
#include "storage/store.h"

namespace nianbao::app {

// Writes the configured sources and rosters into `store`; returns them with
// their ids, ready for a CrawlCycle.
Result<std::vector<crawler::SourceSpec>> SyncSources(const Config& config, storage::Store& store);

// The cycle's options: [crawler]'s per-source bounds, [documents]'s reader child.
crawler::CycleOptions CycleOptionsFrom(const Config& config);

net::FetcherOptions FetcherOptionsFrom(const CrawlerConfig& c, const std::vector<crawler::SourceSpec>& sources);

// One cycle: owns the Fetcher and the CrawlCycle for its duration (the cycle
// is destroyed before the Fetcher it borrows). Everything on the io thread.
// The callbacks follow CrawlCycle's contract: `done` runs once (unless the
// CycleRun is destroyed first), never inside Start, possibly inside Stop; handlers left queued on the
// io_context or in the Fetcher are inert once the CycleRun is gone, so it may
// be destroyed at any time on the io thread, from inside `done` too.
class CycleRun {
 public:
  // REQUIRES: `io`, `store` and `clock` outlive the CycleRun; `config` is
  // read here only.
  CycleRun(boost::asio::io_context& io, storage::Store& store, const Config& config,
           std::vector<crawler::SourceSpec> sources, const Clock& clock);
  // REQUIRES: called once; the Fetcher is shut down by Stop for good, so a
  // CycleRun runs one cycle. A second call is asserted against.
  void Start(crawler::CrawlCycle::DoneFn done, crawler::CrawlCycle::ProgressFn progress = nullptr);
  // Ends the cycle early: in-flight documents are released to the queue and
  // `done` runs (maybe before Stop returns). A caller that destroys the
  // CycleRun in `done` must not touch it after Stop returns.
  void Stop();
  std::size_t in_flight() const { return fetcher_->in_flight(); }
  net::FetchStats fetch_stats() const { return fetcher_->stats(); }

 private:
  std::unique_ptr<net::Fetcher> fetcher_;
  std::unique_ptr<crawler::CrawlCycle> cycle_;
  bool started_ = false;
};

// After a cycle that ran to its end, in this order, by `crawl` and `run` alike:
//   LogCycle        the cycle's one summary line (info);
//   EvaluateAlerts  the deadline checks and alert conditions, with [alerts] and
//                   [schedule]; logged; errors (the Store's) name the step;
//   DeliverAlerts   one Outbox pass over the due deliveries, logged when any
//                   went out or failed; `crawl` calls it inline, `run` on its
//                   worker thread (it blocks for as long as the channels take).
//                   A channel that is down is recorded on its delivery and
//                   retried by a later pass; only the Store's errors return.
void LogCycle(const crawler::CycleSummary& s, double seconds);
Result<alerts::AlertPass> EvaluateAlerts(alerts::AlertEngine& engine, const Config& config);
Result<alerts::DeliveryPass> DeliverAlerts(alerts::Outbox& outbox, const alerts::AlertOptions& alerts,
                                           const std::atomic<bool>* stop = nullptr);

}  // namespace nianbao::app
