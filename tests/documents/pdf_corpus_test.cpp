// ReadPdf on real reports (tests/fixtures/documents/, from the corpus): the
// parts go through parser::AssembleReport and every metric is compared with
// the oracle typed by hand from the rendered pages.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <iostream>
#include <sstream>

#include "documents/pdf/pdf_reader.h"
#include "parser/report_json.h"
#include "tests/documents/oracle_compare.h"

namespace nianbao::documents {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kDir = fs::path(NIANBAO_SOURCE_DIR) / "tests" / "fixtures" / "documents";
const fs::path kReal = kDir / "real";

std::string Slurp(const fs::path& p) { return testing::ReadFileBytes(p); }

parser::DocumentParts Read(const fs::path& p) {
  Extraction e = ReadPdf(Slurp(p), ExtractLimits{});
  if (!Succeeded(e)) FAIL("ReadPdf failed: " << std::get<ReadFailure>(e).detail);
  return std::get<parser::DocumentParts>(e);
}

void Dump(const parser::DocumentParts& parts) {
  if (!std::getenv("NIANBAO_PDF_DUMP")) return;
  std::cerr << "title: " << parts.title << "\n";
  for (const auto& b : parts.blocks) std::cerr << (b.emphasized ? "# " : "  ") << b.text << "\n";
  for (const auto& g : parts.tables) {
    std::cerr << "== table page " << g.page << " caption " << g.caption << "\n";
    for (const auto& row : g.rows) {
      for (const auto& c : row) std::cerr << (c.spanned ? "~" : "") << c.text << " | ";
      std::cerr << "\n";
    }
  }
  for (const auto& w : parts.warnings) std::cerr << "warning: " << w << "\n";
}

// `mapper_gaps`: rows of the oracle the table mapper in main does not map
// from any form (a misspelt label, a layout variant); the reader's grid for
// them is checked cell by cell instead (GridHasRow).
void CompareReal(const char* stem, const std::vector<std::string>& mapper_gaps = {}) {
  INFO(std::string(stem));
  parser::DocumentParts parts = Read(kReal / (std::string(stem) + ".pdf"));
  Dump(parts);
  CHECK(parts.kind == parser::DocumentKind::kPdf);
  json out = json::parse(parser::ReportToJsonText(parser::AssembleReport(parts, std::nullopt)));
  json expected = json::parse(Slurp(kReal / (std::string(stem) + ".expected.json")));
  testing::OracleDiff d = testing::CompareWithOracle(expected, out, {"title", "agency", "year", "format", "published"});
  MESSAGE(std::string(stem) << ": " << d.matched << "/" << d.metrics << " metrics");
  for (const std::string& l : d.lines) {
    bool gap = false;
    for (const std::string& g : mapper_gaps) gap = gap || l.find(g + ".") != std::string::npos;
    if (gap) {
      MESSAGE("mapper gap, not compared: " << l);
    } else {
      FAIL_CHECK(l);
    }
  }
  CHECK(d.metrics > 100);
}

// Some grid has a row whose unspanned cells, from the label on, are `cells`.
bool GridHasRow(const parser::DocumentParts& parts, const std::vector<std::string>& cells) {
  for (const auto& g : parts.tables) {
    for (const auto& row : g.rows) {
      std::vector<std::string> texts;
      for (const auto& c : row) {
        if (!c.spanned) texts.push_back(c.text);
      }
      for (std::size_t i = 0; i + cells.size() <= texts.size(); ++i) {
        if (std::equal(cells.begin(), cells.end(), texts.begin() + static_cast<std::ptrdiff_t>(i))) return true;
      }
    }
  }
  return false;
}

TEST_CASE("huaian-city-2024.pdf: every cell of the three tables as typed from the rendered pages") {
  CompareReal("huaian-city-2024");
  CHECK(Read(kReal / "huaian-city-2024.pdf").pages == 6);
}

TEST_CASE("hongze-district-2023.pdf and 2024.pdf: every cell as typed from the rendered pages") {
  // Both keep the single （六）其他处理 row in the 2021 form (requests.other).
  CompareReal("hongze-district-2023");
  CompareReal("hongze-district-2024");
  parser::DocumentParts y2023 = Read(kReal / "hongze-district-2023.pdf");
  CHECK(GridHasRow(y2023, {"2.其他法律行政止公开", "0", "0", "0", "0", "0", "0", "0"}));
  CHECK(GridHasRow(y2023, {"（六）其他处理", "0", "0", "0", "0", "0", "0", "0"}));
  // 2024 prints an empty cell after the （六） label.
  parser::DocumentParts y2024 = Read(kReal / "hongze-district-2024.pdf");
  CHECK(GridHasRow(y2024, {"2.其他法律行政止公开", "0", "0", "0", "0", "0", "0", "0"}));
  CHECK(GridHasRow(y2024, {"（六）其他处理", "", "0", "0", "0", "0", "0", "0", "0"}));
}

// PDFs printed from the HTML fixtures: the oracle is the HTML's own expected
// file (the numbers the page was made from). Chromium adds a header and a
// footer, so the title is not compared.
TEST_CASE("PDFs printed by Chromium and exported by LibreOffice from the report pages read to their oracles") {
  struct Case {
    const char* pdf;
    const char* expected;
  };
  for (const Case& c : {Case{"hanweb-000.chromium.pdf", "000"}, Case{"hanweb-001.chromium.pdf", "001"},
                        Case{"hanweb-000.writer.pdf", "000"}}) {
    INFO(std::string(c.pdf));
    parser::DocumentParts parts = Read(kDir / c.pdf);
    Dump(parts);
    json out = json::parse(parser::ReportToJsonText(parser::AssembleReport(parts, std::nullopt)));
    json expected = json::parse(Slurp(kDir.parent_path() / "reports" / c.expected / "hanweb.expected.json"));
    testing::OracleDiff d = testing::CompareWithOracle(expected, out, {"agency", "year", "format"});
    MESSAGE(std::string(c.pdf) << ": " << d.matched << "/" << d.metrics << " metrics");
    for (const std::string& l : d.lines) FAIL_CHECK(l);
    CHECK(d.metrics > 100);
  }
}

// The PDFs of the shared generator (Chromium without header, Writer, and the
// hard cases: owner-password, a narrow total column, a rotated page), each
// with the HTML's expected file beside it.
TEST_CASE("generated PDFs read to the expected file of the HTML they were made from") {
  std::vector<fs::path> pdfs;
  for (const auto& f : fs::recursive_directory_iterator(kDir / "generated")) {
    const fs::path& p = f.path();
    if (p.extension() == ".pdf" && fs::exists(p.string() + ".expected.json"))
      pdfs.push_back(p);
  }
  std::sort(pdfs.begin(), pdfs.end());
  REQUIRE(pdfs.size() >= 15);
  int metrics = 0, matched = 0;
  for (const fs::path& p : pdfs) {
    const std::string name = fs::relative(p, kDir / "generated").string();
    INFO(name);
    parser::DocumentParts parts = Read(p);
    Dump(parts);
    json out = json::parse(parser::ReportToJsonText(parser::AssembleReport(parts, std::nullopt)));
    json expected = json::parse(Slurp(p.string() + ".expected.json"));
    testing::OracleDiff d = testing::CompareWithOracle(expected, out, {"title", "agency", "year", "format"});
    MESSAGE(name << ": " << d.matched << "/" << d.metrics << " metrics");
    metrics += d.metrics;
    matched += d.matched;
    for (const std::string& l : d.lines) FAIL_CHECK(l);
  }
  MESSAGE("generated PDFs: " << matched << "/" << metrics << " metrics");
}

// The label text of each row of `g` (its first cell), in order.
std::vector<std::string> FirstCells(const parser::Grid& g) {
  std::vector<std::string> out;
  for (const auto& row : g.rows) out.push_back(row.empty() ? "" : row.front().text);
  return out;
}

const parser::Grid* TableWith(const parser::DocumentParts& parts, const std::string& caption) {
  for (const auto& g : parts.tables) {
    if (g.caption.find(caption) != std::string::npos) return &g;
  }
  return nullptr;
}

TEST_CASE("a table continued under its repeated header rows is one grid with its header once") {
  // repeated-header.pdf: Writer prints tables 二 and 三 of 002 again under
  // their caption rows at the top of page 3 and page 4.
  parser::DocumentParts parts = Read(kDir / "generated" / "hard" / "repeated-header.pdf");
  Dump(parts);
  const parser::Grid* t3 = TableWith(parts, "三、收到和处理");
  REQUIRE(t3 != nullptr);
  CHECK(t3->height() == 28);  // 3 header rows and 25 data rows, as the HTML table
  std::vector<std::string> first = FirstCells(*t3);
  CHECK(std::count_if(first.begin(), first.end(), [](const std::string& s) { return s.find("勾稽") != std::string::npos; }) == 3);
  CHECK(first[3].find("一、本年新收") == 0);
  const parser::Grid* t2 = TableWith(parts, "二、主动公开");
  REQUIRE(t2 != nullptr);
  std::vector<std::string> t2_first = FirstCells(*t2);
  CHECK(std::count(t2_first.begin(), t2_first.end(), "第二十条第（一）项") == 1);
  CHECK(std::count(t2_first.begin(), t2_first.end(), "信息内容") == 4);  // one per 第二十条 part
}

TEST_CASE("a page printed without rulings: its tables come from text alignment, table 三 across pages whole") {
  parser::DocumentParts parts = Read(kDir / "generated" / "hard" / "no-rulings.pdf");
  Dump(parts);
  const parser::Grid* t3 = TableWith(parts, "勾稽");
  REQUIRE(t3 != nullptr);
  CHECK(t3->width() == 9);  // two label columns, the seven counts
  CHECK(t3->rows.back().front().text == "四、结转下年度继续办理");
  // Table 四: its captions at the foot of page 4, its numbers on page 5.
  const parser::Grid* t4 = TableWith(parts, "四、政府信息公开行政复议");
  REQUIRE(t4 != nullptr);
  CHECK(t4->width() == 15);
  CHECK(t4->page == 4);
  REQUIRE(t4->height() == 5);
  for (const auto& c : t4->rows.back()) CHECK(c.text == "0");
}

}  // namespace
}  // namespace nianbao::documents
