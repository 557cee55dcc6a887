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
#include "parser/report.h"

namespace nianbao::parser {

using RequestValues = std::array<std::optional<double>, 7>;  // RequestColumns() order

struct RequestsTable {
  std::map<std::string, RequestValues> rows;  // by row key
  std::vector<CheckResult> shape;
  std::vector<std::string> warnings;
  // Rows with a lost cell the row alone cannot place: each possible reading.
  std::map<std::string, std::vector<RequestValues>> unplaced;
};

// The canonical requests row key for a normalized label, or "" when the label
// is not a requests row. `previous` is the key of the row above (for "3.其他").
std::string RequestRowKey(const std::string& label, const std::string& previous);

// Reads every requests row found in `grids`.
RequestsTable ReadRequests(const std::vector<Grid>& grids, ReportFormat format);

}  // namespace nianbao::parser
