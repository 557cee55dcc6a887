#include "app/daemon/crawl_runner.h"

#include <cassert>

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
  net::FetcherOptions o;
  o.user_agent = c.user_agent;
  o.max_connections = c.max_connections;
  o.per_host_connections = c.per_host_connections;
  o.per_host_delay_ms = c.per_host_delay_ms;
  o.timeout_s = c.timeout_s;
  o.max_body_bytes = c.max_body_bytes;
  o.retries = c.retries;
  o.respect_robots = c.respect_robots;
  o.resolve = c.resolve;
  o.allow_private = c.allow_private;
  o.allowed_hosts = crawler::ScopeHosts(sources);
  return o;
}

CycleRun::CycleRun(boost::asio::io_context& io, storage::Store& store, const Config& config,
                   std::vector<crawler::SourceSpec> sources, const Clock& clock)
    : fetcher_(std::make_unique<net::Fetcher>(io, FetcherOptionsFrom(config.crawler, sources), clock)) {
  cycle_ = std::make_unique<crawler::CrawlCycle>(io, store, *fetcher_, std::move(sources), crawler::CycleOptions{},
                                                  clock);
}

void CycleRun::Start(crawler::CrawlCycle::DoneFn done, crawler::CrawlCycle::ProgressFn progress) {
  assert(!started_ && "CycleRun runs one cycle");
  started_ = true;
  cycle_->Start(std::move(done), std::move(progress));
}

void CycleRun::Stop() { cycle_->Stop(); }

}  // namespace nianbao::app
