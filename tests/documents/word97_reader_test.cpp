// ReadWord97 over Word 97 files LibreOffice made from the report fixtures
// (tests/fixtures/documents/README.md): the parts go through the one
// pipeline (parser::AssembleReport) and every metric must equal the source
// page's oracle (tests/fixtures/reports/<seed>/hanweb.expected.json), which
// was typed from the page, not produced by this reader.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "documents/form.h"
#include "documents/word97/word_reader.h"
#include "parser/document_parts.h"
#include "tests/documents/report_oracle.h"

namespace nianbao::documents {
namespace {

namespace fs = std::filesystem;
using testing::ReadFileBytes;

const fs::path kFixtures = fs::path(NIANBAO_SOURCE_DIR) / "tests" / "fixtures";

parser::DocumentParts MustRead(const std::string& bytes, DocumentForm form) {
  Extraction e = ReadWord97(bytes, form, ExtractLimits{});
  if (auto* f = std::get_if<ReadFailure>(&e)) FAIL("read failed: " << f->detail);
  return std::get<parser::DocumentParts>(e);
}

void Dump(const parser::DocumentParts& parts) {
  if (!std::getenv("NIANBAO_DUMP")) return;
  for (const auto& b : parts.blocks) std::cerr << "B: " << b.text << "\n";
  for (const auto& g : parts.tables) {
    std::cerr << "TABLE " << g.height() << "x" << g.width() << " caption=" << g.caption << "\n";
    for (const auto& r : g.rows) {
      for (const auto& c : r) std::cerr << (c.spanned ? "~" : "") << c.text << " | ";
      std::cerr << "\n";
    }
  }
}

TEST_CASE("each converted report reads to every metric of its page's oracle") {
  for (const char* seed : {"000", "001", "002", "003", "004"}) {
    INFO("seed " << seed);
    std::string bytes = ReadFileBytes(kFixtures / "documents" / (std::string("word97_") + seed + "_hanweb.doc"));
    REQUIRE(SniffForm(bytes) == DocumentForm::kDoc);
    parser::DocumentParts parts = MustRead(bytes, DocumentForm::kDoc);
    Dump(parts);
    CHECK(parts.kind == parser::DocumentKind::kDoc);
    nlohmann::json expected =
        nlohmann::json::parse(ReadFileBytes(kFixtures / "reports" / seed / "hanweb.expected.json"));
    nlohmann::json out = testing::ReportJson(parser::AssembleReport(parts, std::nullopt));
    CHECK(out["tables_found"] == true);
    testing::CheckMetricsMatch(expected, out);
  }
}

}  // namespace
}  // namespace nianbao::documents
