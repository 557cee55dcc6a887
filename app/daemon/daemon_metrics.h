// The daemon's Prometheus textfile (crawlers.md §5.5), rebuilt after each
// cycle from the Store (documents by state, failures by cause, reports per
// year, open alerts by kind) and from counters this process accumulates
// (fetches by outcome, bytes, cycle duration, last success, delivery
// failures). No label holds a URL or a host: every label set is bounded.
// Plain data; the caller writes the text with WriteAtomically.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "app/daemon/metrics_file.h"
#include "common/status.h"
#include "crawler/crawl_cycle.h"
#include "storage/store.h"

namespace nianbao::app {

// Counters since the process started, plus the last cycle's figures.
struct DaemonCounters {
  std::int64_t cycles = 0;
  std::int64_t cycles_failed = 0;
  std::int64_t fetched = 0;        // documents fetched, unchanged ones included
  std::int64_t not_modified = 0;
  std::int64_t failed = 0;
  std::int64_t blocked = 0;
  std::int64_t bytes = 0;
  std::int64_t reports_saved = 0;
  double last_cycle_seconds = 0;
  UnixMillis last_success_ms = 0;  // 0: none yet
  std::map<int, int> overdue_by_year;
  std::int64_t delivery_failures = 0;
  std::int64_t deliveries_sent = 0;

  void Add(const crawler::CycleSummary& s);
};

Result<MetricsText> BuildDaemonMetrics(storage::Store& store, const DaemonCounters& counters);

}  // namespace nianbao::app
