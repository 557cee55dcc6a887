// YearDiff: one agency's report for year Y set against its report for Y-1 —
// what `nianbao diff` prints. It lists every metric the two years share with
// both values and the change, the keys that could not be compared (and why),
// the cross-year checks year.carry and year.in_force of report-schema.json,
// and the text reuse of the two bodies.
//
// Across the 2020→2021 format change only what field.md §3 says maps is
// compared: requests rows except the 其他处理 rows, review_litigation in full,
// and active_disclosure's licensing/penalty/coercion `decisions`. Plain data,
// built by value from the two reports, which are not retained.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/text_reuse.h"
#include "parser/report.h"

namespace nianbao::analysis {

struct MetricChange {
  std::string table;
  std::string row;
  std::string column;
  std::optional<double> previous;  // nullopt: blank cell or row absent that year
  std::optional<double> current;
  std::optional<double> change;    // current - previous when both are known
};

// A row (of either year) that was not compared.
struct SkippedRow {
  std::string table;
  std::string row;
  std::string reason;
};

struct YearDiff {
  std::string agency;                 // the current report's, else the previous one's
  std::optional<int> previous_year;
  std::optional<int> current_year;
  parser::ReportFormat previous_format = parser::ReportFormat::kUnknown;
  parser::ReportFormat current_format = parser::ReportFormat::kUnknown;
  bool same_format = false;           // both known and equal: every key is compared
  std::vector<MetricChange> metrics;  // schema order of the current format
  std::vector<SkippedRow> skipped;
  std::vector<parser::CheckResult> checks;  // year.carry per requests column, year.in_force per row
  TextReuse text;
};

// Compares `previous` (year Y-1) with `current` (year Y).
YearDiff CompareYears(const parser::Report& previous, const parser::Report& current);

// {"agency", "previous_year", "current_year", "previous_format", "current_format",
//  "metrics": [{"table","row","column","previous","current","change"}],
//  "skipped": [{"table","row","reason"}], "checks": [{"rule","scope","status","detail"}],
//  "text": {"sentence_reuse","shingle_similarity","sentences_compared","reused"}}
nlohmann::ordered_json ToJson(const YearDiff& diff);

}  // namespace nianbao::analysis
