// The one comparison of a report with its oracle (an .expected.json typed by
// hand, or the expected file of the HTML page a fixture was made from), for
// every document suite: each metric the oracle states must come out equal (a
// null stays null, 4 equals 4.0), and a non-null metric the oracle does not
// state is a wrong cell too; optionally the identity fields the oracle names.
// CompareWithOracle returns the differences, one line each, so a suite can
// count cells; CheckMetricsMatch makes each one a doctest failure. Also reads
// fixtures as bytes and reports as JSON. Test-only; no state.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "parser/document_parts.h"
#include "parser/report.h"

namespace nianbao::documents::testing {

// The bytes of `p` ("" when it cannot be read).
std::string ReadFileBytes(const std::filesystem::path& p);
// The bytes of tests/fixtures/`relative`; REQUIREs that the file exists.
std::string ReadFixture(const std::filesystem::path& relative);

// A report as its JSON (parser/report_json.h); parts through AssembleReport.
nlohmann::json ReportJson(const parser::Report& report);
nlohmann::json ReportJson(const parser::DocumentParts& parts);

inline const std::vector<std::string> kAllTables = {"active_disclosure", "requests", "review_litigation"};

struct OracleDiff {
  int metrics = 0;                 // metrics the oracle states
  int matched = 0;                 // of those, equal in the output
  int extra = 0;                   // non-null metrics of the output the oracle does not state
  std::vector<std::string> lines;  // "requests.new.total: expected 4, got null"
  int cells() const { return metrics + extra; }
  bool Perfect() const { return lines.empty(); }
};

OracleDiff CompareWithOracle(const nlohmann::json& expected, const nlohmann::json& out,
                             const std::vector<std::string>& identity_keys = {},
                             const std::vector<std::string>& tables = kAllTables);

// A doctest failure per difference in `tables`, and the oracle's tables_found
// when it states one. `differing` names metrics ("requests.carried_forward.total")
// where the document legitimately differs from the page it was made from: the
// report must hold null there (a converter wrote an empty cell where the
// page's row was short), whatever the page's oracle says.
void CheckMetricsMatch(const nlohmann::json& expected, const nlohmann::json& out,
                       const std::set<std::string>& differing = {},
                       const std::vector<std::string>& tables = kAllTables);

}  // namespace nianbao::documents::testing
