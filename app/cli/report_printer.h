// Human-readable rendering of a parsed report for `nianbao parse` and
// `nianbao show` without --json: title, agency, year, format, the section
// headings, each standard table as aligned text, and the failed checks.
#pragma once

#include <string>

#include "parser/report.h"

namespace nianbao::app {

std::string RenderReportSummary(const parser::Report& report);

}  // namespace nianbao::app
