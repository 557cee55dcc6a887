#include "app/daemon/crawl_runner.h"

#include <cassert>
#include <spdlog/spdlog.h>

namespace nianbao::app {

Result<std::vector<crawler::SourceSpec>> SyncSources(const Config& config, storage::Store& store) {
  std::vector<crawler::SourceSpec> specs;
  for (const SourceConfig& s : config.sources) {
    storage::SourceRow row;
    row.name = s.name;
    row.url = s.url;
    row.first_year = s.first_year;
    auto id = store.UpsertSource(row);
    if (!id.ok()) return id.status();
    NIANBAO_RETURN_IF_ERROR(store.SetRoster(*id, s.agencies, s.first_year));
    crawler::SourceSpec spec;
    spec.source_id = *id;
    spec.name = s.name;
    spec.url = s.url;
    spec.roster = s.agencies;
    spec.first_year = s.first_year;
    specs.push_back(std::move(spec));
  }
  return specs;
}

net::FetcherOptions FetcherOptionsFrom(const CrawlerConfig& c, const std::vector<crawler::SourceSpec>& sources) {
  net::FetcherOptions o = c;
  o.allowed_hosts = crawler::ScopeHosts(sources);
  return o;
}

crawler::CycleOptions CycleOptionsFrom(const Config& config) {
  crawler::CycleOptions o;
  o.reader = ReaderOptionsFor(config.documents);  // documents are read in a child of this executable
  o.bounds = config.crawler.bounds;
  return o;
}

CycleRun::CycleRun(boost::asio::io_context& io, storage::Store& store, const Config& config,
                   std::vector<crawler::SourceSpec> sources, const Clock& clock)
    : fetcher_(std::make_unique<net::Fetcher>(io, FetcherOptionsFrom(config.crawler, sources), clock)) {
  cycle_ = std::make_unique<crawler::CrawlCycle>(io, store, *fetcher_, std::move(sources),
                                                  CycleOptionsFrom(config), clock);
}

void CycleRun::Start(crawler::CrawlCycle::DoneFn done, crawler::CrawlCycle::ProgressFn progress) {
  assert(!started_ && "CycleRun runs one cycle");
  started_ = true;
  cycle_->Start(std::move(done), std::move(progress));
}

void CycleRun::Stop() { cycle_->Stop(); }

void LogCycle(const crawler::CycleSummary& s, double seconds) {
  spdlog::info("cycle {}{}{}: {} fetched ({} unchanged, {} new), {} failed ({} blocked), {} report links, {} reports "
               "saved, {} bytes, {:.1f} s",
               s.cycle_id, s.resumed ? " (resumed)" : "", s.stopped ? " (stopped)" : "", s.fetched, s.not_modified,
               s.new_revisions, s.failed, s.blocked, s.list_items, s.reports_saved, s.bytes, seconds);
  for (const std::string& limit : s.limits) spdlog::warn("{}", limit);
}

Result<alerts::AlertPass> EvaluateAlerts(alerts::AlertEngine& engine, const Config& config) {
  Result<alerts::AlertPass> pass = engine.Evaluate(config.alerts, config.schedule);
  if (!pass.ok()) return pass;
  int open = 0;
  for (const auto& [kind, n] : pass->open_by_kind) open += n;
  spdlog::info("alerts: {} raised, {} resolved, {} open, {} deliveries queued", pass->raised, pass->resolved, open,
               pass->enqueued);
  return pass;
}

Result<alerts::DeliveryPass> DeliverAlerts(alerts::Outbox& outbox, const alerts::AlertOptions& alerts,
                                           const std::atomic<bool>* stop) {
  Result<alerts::DeliveryPass> delivered = outbox.DeliverDue(alerts, stop);
  if (delivered.ok() && delivered->sent + delivered->failed > 0)
    spdlog::info("deliveries: {} sent, {} failed", delivered->sent, delivered->failed);
  return delivered;
}

}  // namespace nianbao::app
