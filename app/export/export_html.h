// The compliance dashboard of `nianbao export --format html`: one
// self-contained HTML page (inline CSS and JS, no network resource) with the
// agencies × years grid, each cell coloured by its state, a legend, counts per
// year, and each report's key figures in the cell's title (and, on click, in a
// detail panel). Readable on a laptop screen and printable (@media print).
// Pure: the page is a function of the data passed in.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/compliance.h"
#include "storage/types.h"

namespace nianbao::app {

// A cell's state, in the order the legend lists them.
enum class CellState { kOnTime, kLate, kChecksFailed, kUnreadable, kOverdue, kNotDue, kNotExpected };
// The CSS class of a cell in that state: "on-time", "late", "checks-failed",
// "unreadable", "overdue", "not-due", "not-expected".
const char* CellClass(CellState s);
// The legend's words for it, e.g. "on time".
const char* CellLabel(CellState s);

// The state of one agency-year: a report that could not be read (attachment or
// failed) is unreadable; a late one is late; one with failed checks is checks
// failed; else on time. Without a report: overdue after the deadline, not yet
// due before it; not expected without an obligation either.
CellState CellStateOf(const analysis::Obligation* obligation, const storage::StoredReport* report);

struct DashboardInput {
  std::string generated;                      // e.g. "2026-11-22 13:45 CST"
  std::optional<int> year;                    // only this year's column
  std::vector<analysis::Obligation> obligations;        // from EvaluateCompliance
  std::vector<storage::StoredReport> reports; // current reports, with metrics
};

// "&", "<", ">", '"' and "'" escaped for HTML text and attribute values.
std::string HtmlEscape(const std::string& text);

std::string RenderDashboard(const DashboardInput& in);

}  // namespace nianbao::app
