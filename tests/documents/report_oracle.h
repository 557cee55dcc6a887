// Comparing a Report with an independent oracle file (<page>.expected.json of
// tests/fixtures/reports, typed from the source page): every metric of the
// three tables, both ways (a metric the oracle lacks must be null), and the
// oracle's tables_found. Shared by the document readers' suites.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "parser/report.h"

namespace nianbao::documents::testing {

std::string ReadFileBytes(const std::filesystem::path& p);

// The report as JSON (parser/report_json.h), for further checks.
nlohmann::json ReportJson(const parser::Report& report);

// doctest CHECKs, one per metric, each INFO-named "table.row.column".
void CheckMetricsMatch(const nlohmann::json& expected, const nlohmann::json& out);

}  // namespace nianbao::documents::testing
