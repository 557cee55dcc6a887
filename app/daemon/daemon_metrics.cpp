// Store-derived gauges are read fresh each time (they are cheap aggregate
// queries), so the file is right even after a restart; process counters are
// Prometheus counters and reset with the process, which rate() handles.
#include "app/daemon/daemon_metrics.h"

#include <string>

namespace nianbao::app {

void DaemonCounters::Add(const crawler::CycleSummary& s) {
  fetched += s.fetched;
  not_modified += s.not_modified;
  failed += s.failed;
  blocked += s.blocked;
  bytes += s.bytes;
  reports_saved += s.reports_saved;
}

Result<MetricsText> BuildDaemonMetrics(storage::Store& store, const DaemonCounters& c) {
  MetricsText m;
  auto states = store.CountDocumentsByState();
  if (!states.ok()) return states.status().WithContext("metrics: documents");
  const char* kDocs = "documents in the crawl queue by state";
  m.Gauge("documents", kDocs, {{"state", "pending"}}, static_cast<double>(states->pending))
      .Gauge("documents", kDocs, {{"state", "fetching"}}, static_cast<double>(states->fetching))
      .Gauge("documents", kDocs, {{"state", "fetched"}}, static_cast<double>(states->fetched))
      .Gauge("documents", kDocs, {{"state", "parsed"}}, static_cast<double>(states->parsed))
      .Gauge("documents", kDocs, {{"state", "failed"}}, static_cast<double>(states->failed));
  auto causes = store.FailureCausesSummary();
  if (!causes.ok()) return causes.status().WithContext("metrics: failure causes");
  for (const storage::FailureCause& f : *causes) {
    m.Gauge("failed_documents", "failed documents by cause", {{"kind", std::string(storage::ToString(f.kind))}},
            static_cast<double>(f.count));
  }

  const char* kFetches = "documents fetched by outcome since the process started";
  m.Counter("fetches", kFetches, {{"outcome", "changed"}}, static_cast<double>(c.fetched - c.not_modified))
      .Counter("fetches", kFetches, {{"outcome", "not_modified"}}, static_cast<double>(c.not_modified))
      .Counter("fetches", kFetches, {{"outcome", "failed"}}, static_cast<double>(c.failed - c.blocked))
      .Counter("fetches", kFetches, {{"outcome", "blocked"}}, static_cast<double>(c.blocked));
  m.Counter("received_bytes", "body bytes received since the process started", {}, static_cast<double>(c.bytes));
  m.Counter("reports_saved", "reports saved (new or re-parsed) since the process started", {},
            static_cast<double>(c.reports_saved));
  m.Counter("cycles", "crawl cycles ended since the process started", {{"result", "ok"}},
            static_cast<double>(c.cycles - c.cycles_failed))
      .Counter("cycles", "crawl cycles ended since the process started", {{"result", "failed"}},
               static_cast<double>(c.cycles_failed));
  m.Gauge("cycle_duration_seconds", "wall time of the last crawl cycle", {}, c.last_cycle_seconds);
  m.Gauge("last_successful_cycle_timestamp_seconds", "Unix time the last successful cycle ended", {},
          static_cast<double>(c.last_success_ms) / 1000.0);

  auto reports = store.ListReports(storage::ReportFilter{});
  if (!reports.ok()) return reports.status().WithContext("metrics: reports");
  std::map<int, int> per_year;
  for (const storage::ReportSummary& r : *reports) ++per_year[r.year];
  for (const auto& [year, n] : per_year) {
    m.Gauge("reports", "current reports per report year", {{"year", std::to_string(year)}}, n);
  }
  int overdue = 0;
  for (const auto& [year, n] : c.overdue_by_year) {
    overdue += n;
    m.Gauge("overdue_agencies_by_year", "agencies whose report for the year is overdue",
            {{"year", std::to_string(year)}}, n);
  }
  m.Gauge("overdue_agencies", "agency-years whose report is overdue", {}, overdue);

  auto open = store.ListAlerts(true);
  if (!open.ok()) return open.status().WithContext("metrics: alerts");
  std::map<std::string, int> by_kind;
  for (const storage::AlertRow& a : *open) ++by_kind[a.kind];
  for (const auto& [kind, n] : by_kind) m.Gauge("alerts_open", "open alerts by kind", {{"kind", kind}}, n);
  if (by_kind.empty()) m.Gauge("alerts_open", "open alerts by kind", {{"kind", "overdue"}}, 0);
  m.Counter("alert_deliveries_failed", "failed alert delivery attempts since the process started", {},
            static_cast<double>(c.delivery_failures));
  m.Counter("alert_deliveries_sent", "alert deliveries sent since the process started", {},
            static_cast<double>(c.deliveries_sent));
  return m;
}

}  // namespace nianbao::app
