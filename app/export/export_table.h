// The spreadsheet forms of `nianbao export`: one row per report with every
// metric as a column named by its canonical key "table.row.column" (the union
// over the reports given, in report-schema.json order, 2019-only rows placed
// where that format has them), after the fixed columns agency, year, format,
// status, title, url, published, checks_failed. CSV is UTF-8 with a BOM (so
// spreadsheet programs read the Chinese text right), CRLF line ends and
// RFC 4180 quoting; a blank or unreadable cell is an empty field.
// Pure functions over the reports passed in.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/types.h"

namespace nianbao::app {

// The fixed columns that precede the metrics.
const std::vector<std::string>& ExportFixedColumns();

// "table.row.column" of every metric any report has, in schema order; keys
// unknown to the schema follow, sorted.
std::vector<std::string> MetricColumns(const std::vector<storage::StoredReport>& reports);

// `field` as one RFC 4180 field: quoted when it holds a comma, quote, CR or LF.
std::string CsvField(std::string_view field);

std::string RenderCsv(const std::vector<storage::StoredReport>& reports);

// An array of each report's canonical JSON object (as stored). A report whose
// canonical JSON is unreadable is given as its stored fields and metrics.
nlohmann::ordered_json RenderJson(const std::vector<storage::StoredReport>& reports);

}  // namespace nianbao::app
