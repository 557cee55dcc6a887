// Single-report checks: the arithmetic rules of report-schema.json and
// field.md §4, evaluated on a report's metrics. Each result is ok, failed or
// not_assessable (a needed row is absent, or the total being checked is blank);
// blank addends count as 0, as the form intends. `detail` carries the numbers,
// e.g. "总计: 4 + 0 ≠ 3 + 0". Pure functions over plain data.
//
// Rules: requests.row_total (per row, R2), requests.outcome_total (per column,
// R3), requests.balance (per column, R1), review_litigation.total (per group,
// R4–R6), values.counts (R7: counts are whole numbers ≥ 0, amounts ≥ 0),
// format.matches_year (2019 layout for 2019/2020 reports, 2021 layout after).
#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parser/report.h"

namespace nianbao::parser {

std::vector<CheckResult> CheckRequests(const std::vector<Metric>& metrics, ReportFormat format);

// Table 三 keyed the way the requests mapper holds it: row key → the seven
// RequestColumns() values. CheckRequests reads metrics into this shape.
using RequestValues = std::array<std::optional<double>, 7>;
using RequestRows = std::map<std::string, RequestValues, std::less<>>;
// CheckRequests over rows; with `details` false every result's detail is
// empty (statuses, rules and scopes are the same), for callers that only
// count failures.
std::vector<CheckResult> CheckRequestRows(const RequestRows& rows, ReportFormat format, bool details = true);
std::vector<CheckResult> CheckReviewLitigation(const std::vector<Metric>& metrics);
std::vector<CheckResult> CheckValues(const std::vector<Metric>& metrics);
CheckResult CheckFormatYear(ReportFormat format, std::optional<int> year);

// All of the above, in that order.
std::vector<CheckResult> RunChecks(const std::vector<Metric>& metrics, ReportFormat format, std::optional<int> year);

}  // namespace nianbao::parser
