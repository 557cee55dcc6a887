// The canonical keys of ../shared/spec/report-schema.json, in schema order, for
// each report format. The table mapper fills exactly these keys; report_json
// prints them in this order; checks name them. Static data, no ownership.
#pragma once

#include <string>
#include <vector>

#include "parser/report.h"

namespace nianbao::parser {

inline constexpr char kActiveTable[] = "active_disclosure";
inline constexpr char kRequestsTable[] = "requests";
inline constexpr char kReviewTable[] = "review_litigation";

struct SchemaRow {
  std::string key;                   // e.g. "regulations", "new", "review"
  std::vector<std::string> columns;  // e.g. {"issued", "repealed", "in_force"}
};

// The rows of `table` for format `f` (kUnknown is read as 2021), in schema order.
const std::vector<SchemaRow>& SchemaRows(const std::string& table, ReportFormat f);

// The seven requests columns, natural_person … total.
const std::vector<std::string>& RequestColumns();
// The requests rows that are outcomes (summed into outcome_total) for format f.
// (六) is the single `other` row in 2019, and in 2021 the three other_* sub-rows
// unless the report keeps the single row (`single_other`).
std::vector<std::string> OutcomeRows(ReportFormat f, bool single_other = false);
// The Chinese caption of a requests column or row key, for check details.
std::string CaptionOf(const std::string& key);

}  // namespace nianbao::parser
