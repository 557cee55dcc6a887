// Comparing a Report with an independent oracle file (<page>.expected.json of
// tests/fixtures/reports, typed from the source page): every metric of the
// three tables, both ways (a metric the oracle lacks must be null), and the
// oracle's tables_found. Shared by the document readers' suites.
#pragma once

#include <filesystem>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "parser/report.h"

namespace nianbao::documents::testing {

std::string ReadFileBytes(const std::filesystem::path& p);

// The report as JSON (parser/report_json.h), for further checks.
nlohmann::json ReportJson(const parser::Report& report);

// doctest CHECKs, one per metric, each INFO-named "table.row.column".
// `differing` lists metrics ("requests.carried_forward.total") where the
// document legitimately differs from the page it was made from: for those
// the report must hold null (a converter wrote an empty cell where the page's
// row was short), whatever the page's oracle says.
void CheckMetricsMatch(const nlohmann::json& expected, const nlohmann::json& out,
                       const std::set<std::string>& differing = {});

}  // namespace nianbao::documents::testing
