// ReadPdf on real reports (tests/fixtures/documents/, from the corpus): the
// parts go through parser::AssembleReport and every metric is compared with
// the oracle typed by hand from the rendered pages.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
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

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

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

TEST_CASE("huaian-city-2024.pdf: every cell of the three tables as typed from the rendered pages") {
  parser::DocumentParts parts = Read(kDir / "huaian-city-2024.pdf");
  Dump(parts);
  CHECK(parts.kind == parser::DocumentKind::kPdf);
  CHECK(parts.pages == 6);
  json out = json::parse(parser::ReportToJsonText(parser::AssembleReport(parts, std::nullopt)));
  json expected = json::parse(Slurp(kDir / "huaian-city-2024.expected.json"));
  testing::OracleDiff d = testing::CompareWithOracle(expected, out, {"title", "agency", "year", "format", "published"});
  MESSAGE("huaian: " << d.matched << "/" << d.metrics << " metrics");
  for (const std::string& l : d.lines) FAIL_CHECK(l);
  CHECK(d.metrics > 100);
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

}  // namespace
}  // namespace nianbao::documents
