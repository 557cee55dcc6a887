#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "documents/extract.h"
#include "documents/ooxml/docx_reader.h"
#include "tests/documents/oracle_compare.h"

namespace nianbao::documents {
namespace {

using testing::CheckMetricsMatch;
using testing::ReadFixture;
using testing::ReportJson;

parser::DocumentParts ReadOk(const std::string& bytes) {
  Extraction e = ExtractDocument(bytes, ExtractLimits{});
  if (auto* f = std::get_if<ReadFailure>(&e)) FAIL("read failed: " << f->detail);
  return std::get<parser::DocumentParts>(e);
}

}  // namespace

TEST_CASE("DOCX converted by LibreOffice from the HTML fixtures gives every metric of the page's oracle") {
  for (const char* id : {"000", "001"}) {
    INFO("report " << std::string(id));
    const std::string bytes = ReadFixture(std::string("documents/report-") + id + "-hanweb.docx");
    REQUIRE(SniffForm(bytes) == DocumentForm::kDocx);
    parser::DocumentParts parts = ReadOk(bytes);
    CHECK(parts.kind == parser::DocumentKind::kDocx);
    CHECK(parts.tables.size() >= 3);
    const auto expected = nlohmann::json::parse(ReadFixture(std::string("reports/") + id + "/hanweb.expected.json"));
    const auto out = ReportJson(parts);
    CHECK(out["year"] == expected["year"]);
    CHECK(out["format"] == expected["format"]);
    CheckMetricsMatch(expected, out);
  }
}

}  // namespace nianbao::documents

namespace nianbao::documents {
namespace {

// Cells as "text" or "*text" (a spanned copy), a row per line: the whole grid at a glance.
std::string Render(const parser::Grid& g) {
  std::string out;
  for (const auto& row : g.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      out += (i ? "|" : "") + std::string(row[i].spanned ? "*" : "") + row[i].text;
    }
    out += "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("DOCX structures: spans, merges, nested tables, content controls, text boxes, headings, dates") {
  parser::DocumentParts parts = ReadOk(ReadFixture("documents/structures.docx"));
  CHECK(parts.title == "某某县人民政府2021年政府信息公开工作年度报告");
  CHECK(parts.published == std::optional<std::string>("2022-01-20"));
  std::vector<std::pair<std::string, bool>> blocks;
  for (const auto& b : parts.blocks) blocks.emplace_back(b.text, b.emphasized);
  const std::vector<std::pair<std::string, bool>> want = {
      {"某某县人民政府", true},
      {"2021年政府信息公开工作年度报告", true},
      {"总体情况", true},  // numbered by w:numPr: no "一、" is invented
      {"本年度，我县推进政务公开。", false},
      {"正文", false},
      {"文本框内容", false},  // once: the mc:Fallback copy is not read
      {"a b c", false},       // tab and break are spaces; deleted text and field codes are not text
      {"二、主动公开政府信息情况", true},
      {"表一 测试", false},
      {"某某县人民政府办公室", false},
      {"2022年1月20日", false},
  };
  CHECK(blocks == want);
  REQUIRE(parts.tables.size() == 2);
  CHECK(Render(parts.tables[0]) == "甲|*甲|乙\n1|2|*乙\n3|外 内1 内2|5\n6||\n");
  CHECK(parts.tables[0].caption == "表一 测试");
  CHECK(parts.tables[0].ragged);
  CHECK(parts.tables[0].source_widths == std::vector<int>{3, 3, 3, 1});
  CHECK(Render(parts.tables[1]) == "内1|内2\n");
}

TEST_CASE("the official 2021 template: its three tables are found, the format is 2021, no metric has a value") {
  parser::DocumentParts parts = ReadOk(ReadFixture("documents/official-template-2021.docx"));
  CHECK(parts.tables.size() == 3);
  const auto out = ReportJson(parts);
  CHECK(out["tables_found"] == true);
  CHECK(out["format"] == "2021");
  CHECK(out["year"].is_null());
  CheckMetricsMatch(nlohmann::json::object(), out);  // every metric null
}

TEST_CASE("hostile or broken DOCX files fail with their kind and where") {
  Extraction deep = ExtractDocument(ReadFixture("documents/deep-xml.docx"), ExtractLimits{});
  REQUIRE(!Succeeded(deep));
  CHECK(std::get<ReadFailure>(deep).kind == ReadFailureKind::kLimit);
  CHECK(std::get<ReadFailure>(deep).detail ==
        "DOCX part word/document.xml: elements nest deeper than the 256-level limit");

  // The directory is at the end: a truncated DOCX is no longer told from a ZIP.
  Extraction cut = ExtractDocument(ReadFixture("documents/truncated.docx"), ExtractLimits{});
  REQUIRE(!Succeeded(cut));
  CHECK(std::get<ReadFailure>(cut).kind == ReadFailureKind::kBroken);
  CHECK(std::get<ReadFailure>(cut).detail == "ZIP file: no readable directory (Not a zip archive)");

  // The same bytes handed to the DOCX reader directly name the package.
  Extraction direct = ReadDocx(ReadFixture("documents/truncated.docx"), ExtractLimits{});
  REQUIRE(!Succeeded(direct));
  CHECK(std::get<ReadFailure>(direct).detail == "DOCX file: no readable directory (Not a zip archive)");

  ExtractLimits few_cells;
  few_cells.max_table_cells = 10;
  Extraction big = ReadDocx(ReadFixture("documents/structures.docx"), few_cells);
  REQUIRE(!Succeeded(big));
  CHECK(std::get<ReadFailure>(big).kind == ReadFailureKind::kLimit);
  CHECK(std::get<ReadFailure>(big).detail == "DOCX part word/document.xml: tables over the 10-cell limit");
}

}  // namespace nianbao::documents
