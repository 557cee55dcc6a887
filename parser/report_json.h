// The canonical JSON of a Report (../shared/spec/interface.md, "The canonical
// report"): title, agency, year, format, document, url, published, sections,
// active_disclosure, requests, review_litigation, checks, plus the extensions
// attachments, warnings and tables_found. Table keys follow report-schema.json
// order; blank cells are null; absent rows are absent; whole numbers print
// without ".0". ReportFromJson reads the same shape back (storage round trips).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "parser/report.h"

namespace nianbao::parser {

nlohmann::ordered_json ReportToJson(const Report& report);

// ReportToJson(report).dump(indent), UTF-8 kept as is.
std::string ReportToJsonText(const Report& report, int indent = 2);

// Fails with kParse (naming the offending key) on malformed JSON or a wrong shape.
Result<Report> ReportFromJson(std::string_view json_text);

}  // namespace nianbao::parser
