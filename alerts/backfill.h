// Backfill: what a source's first successful crawl cycle says in the digest
// instead of its history. That cycle finds years of reports at once; rather
// than one alert line each, the cycle's digest gets one `backfill` event per
// such source whose detail is this summary (alert_engine.h), and the alerts
// the source raised in that cycle are recorded but withheld on the channels
// the summary goes to. Pure; no I/O.
#pragma once

#include <string>
#include <vector>

#include "analysis/deadline.h"
#include "common/clock.h"
#include "storage/types.h"

namespace nianbao::alerts {

struct BackfillItem {
  std::string agency;
  int year = 0;
  std::string detail;
};

struct BackfillInput {
  std::string source;
  std::vector<storage::ReportSummary> reports;  // the source's current reports
  std::vector<BackfillItem> overdue;            // open overdue obligations of its agencies
  std::vector<BackfillItem> checks_failed;
  std::vector<BackfillItem> unreadable;
};

// The summary, one fact a line: agencies found and reports per year, then
// the overdue ones (every one, one line each), reports whose checks failed
// and reports that could not be read.
std::string BackfillSummary(const BackfillInput& in);

// The latest report year whose deadline has passed at `now`: `late` events of
// earlier years are history, recorded but not pushed.
int LatestDueYear(const analysis::DeadlineRule& rule, UnixMillis now);

}  // namespace nianbao::alerts
