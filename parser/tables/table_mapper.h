// The table mapper: from a document's Grids (HTML tables or text tables) to the
// canonical metrics of report-schema.json. Rows are found by their labels,
// whichever grid they sit in, so tables split across grids, wrapped, spaced,
// truncated and misspelt labels all map. The format (2021 vs 2019 layout) is
// read from the table layout, falling back on the report year.
//
// Values are never guessed: a blank, dash or unreadable cell is a metric
// without value. A row that lost a cell in conversion is repaired only where
// the form's arithmetic pins the cell down; every repair or unresolved loss is
// reported as a "shape.repaired" check (ok: filled, not_assessable: left null),
// with the row and the reason in its detail.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parser/tables/grid.h"
#include "parser/report.h"

namespace nianbao::parser {

struct MappedTables {
  ReportFormat format = ReportFormat::kUnknown;
  std::vector<Metric> metrics;        // schema order of `format`; rows not found are absent
  std::vector<CheckResult> shape;     // shape.repaired results
  std::vector<std::string> warnings;  // unreadable cells, dropped rows
  bool found = false;                 // at least one standard row was mapped
};

// `year` (may be empty) is the report year, used only when the layout does not
// tell the format. Never fails.
MappedTables MapTables(const std::vector<Grid>& grids, std::optional<int> year);

// The format the grids' layout shows; `year` decides when the layout is silent
// (>= 2021 → 2021, 2019/2020 → 2019, otherwise unknown).
ReportFormat DetectFormat(const std::vector<Grid>& grids, std::optional<int> year);

}  // namespace nianbao::parser
