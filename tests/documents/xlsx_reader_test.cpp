#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "documents/extract.h"
#include "documents/ooxml/xlsx_reader.h"
#include "tests/documents/oracle_compare.h"

namespace nianbao::documents {
namespace {

using testing::CheckMetricsMatch;
using testing::ReadFixture;
using testing::ReportJson;

}  // namespace

// Calc lays the whole page out on one sheet, every table on one shared
// column lattice; the reader splits it at its paragraph rows and gives each
// table only its own columns, so all three tables map.
TEST_CASE("XLSX converted by LibreOffice Calc from an HTML fixture gives the oracle's metrics") {
  const std::string bytes = ReadFixture("documents/report-000-hanweb.xlsx");
  REQUIRE(SniffForm(bytes) == DocumentForm::kXlsx);
  Extraction e = ExtractDocument(bytes, ExtractLimits{});
  REQUIRE_MESSAGE(Succeeded(e), std::get<ReadFailure>(e).detail);
  const auto& parts = std::get<parser::DocumentParts>(e);
  CHECK(parts.kind == parser::DocumentKind::kXlsx);
  const auto expected = nlohmann::json::parse(ReadFixture("reports/000/hanweb.expected.json"));
  const auto out = ReportJson(parts);
  CHECK(out["format"] == expected["format"]);
  CheckMetricsMatch(expected, out);
  CHECK(parts.tables.size() == 7);  // 索引号 block, four 主动公开 tables, requests, review
  CHECK(parts.tables[5].caption == "三、收到和处理政府信息公开申请情况");
  CHECK(parts.tables[5].width() == 10);  // 3 label columns and the 7 counts, as the HTML table
  CHECK(parts.tables[6].width() == 15);
}

}  // namespace nianbao::documents

namespace nianbao::documents {

TEST_CASE("XLSX structures: shared and inline strings, sparse references, merges, a sheet over the cell bound") {
  Extraction e = ReadXlsx(ReadFixture("documents/structures.xlsx"), ExtractLimits{});
  REQUIRE_MESSAGE(Succeeded(e), std::get<ReadFailure>(e).detail);
  const auto& parts = std::get<parser::DocumentParts>(e);
  CHECK(parts.title == "2021年某某县政府信息公开工作年度报告");
  CHECK(parts.warnings == std::vector<std::string>{"XLSX sheet 远处: over the 200000-cell limit, not read"});
  REQUIRE(parts.tables.size() == 1);
  const parser::Grid& g = parts.tables[0];
  CHECK(g.caption == "2021年某某县政府信息公开工作年度报告");
  std::string rendered;
  for (const auto& row : g.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      rendered += (i ? "|" : "") + std::string(row[i].spanned ? "*" : "") + row[i].text;
    }
    rendered += "\n";
  }
  CHECK(rendered == "信息内容|本年制发件数|本年废止件数\n规章|12|0.5\n合计|*合计|7\n");

  ExtractLimits tiny;
  tiny.max_table_cells = 4;
  Extraction refused = ReadXlsx(ReadFixture("documents/structures.xlsx"), tiny);
  REQUIRE(!Succeeded(refused));
  CHECK(std::get<ReadFailure>(refused).kind == ReadFailureKind::kLimit);
  CHECK(std::get<ReadFailure>(refused).detail == "XLSX file: every sheet is over the 4-cell limit");
}

}  // namespace nianbao::documents
