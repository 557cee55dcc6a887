// Compliance: which agency owes which year's report, whether it has
// published, and whether the legal deadline has passed. The one place that
// answers "who is overdue", shared by `nianbao missing`, `status`, the HTML
// dashboard and the daemon's deadline alerts.
//
// Expected publishers for year Y are every source's roster (from the source's
// first_year on) plus every agency that published for an earlier year (from
// its first published year on), as interface.md says. An agency seen only in
// a column it is not on the roster of is expected under that column's name
// when the Store knows it, else under "".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/deadline.h"
#include "common/clock.h"
#include "common/status.h"
#include "storage/store.h"

namespace nianbao::analysis {

struct Obligation {
  std::string agency;
  int year = 0;
  std::string source;          // the source (column) name it is expected in
  Deadline due;                // the legal deadline plus grace days
  ComplianceState state = ComplianceState::kPending;
  // When it was published: the earlier of nianbao first saving a report for
  // it and the start of the publication day the page states.
  std::optional<UnixMillis> first_seen;
  std::optional<storage::ReportSummary> report;  // the current report, when any
};

// Every obligation whose report year has ended by `now`, ordered by year then
// agency; only `year` when given (then also a year not yet ended, as pending).
Result<std::vector<Obligation>> EvaluateCompliance(storage::Store& store, const DeadlineRule& schedule,
                                                   UnixMillis now, std::optional<int> year = std::nullopt);

}  // namespace nianbao::analysis
