// Reading table 三 (收到和处理政府信息公开申请情况) out of Grids: row labels to
// canonical row keys, cells to the seven applicant columns, and the lost-column
// repair of converted reports. Internal to the table mapper.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parser/tables/grid.h"
#include "parser/tables/grid_rows.h"
#include "parser/checks.h"
#include "parser/report.h"

namespace nianbao::parser {

struct RequestsTable {
  RequestRows rows;  // by row key, values in RequestColumns() order
  std::vector<CheckResult> shape;
  std::vector<std::string> warnings;
  // Rows with a lost cell the row alone cannot place: each possible reading.
  std::map<std::string, std::vector<RequestValues>> unplaced;
};

// The canonical requests row key for a normalized label, or "" when the label
// is not a requests row. `previous` is the key of the row above (for "3.其他").
std::string RequestRowKey(std::string_view label, const std::string& previous);

// Reads every requests row found in `grids` (read once by the table mapper).
RequestsTable ReadRequests(const GridViews& grids, ReportFormat format);

}  // namespace nianbao::parser
