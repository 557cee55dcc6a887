#include <doctest/doctest.h>

#include <string>

#include "documents/extract.h"
#include "documents/ooxml/docx_reader.h"
#include "tests/documents/metric_compare.h"

namespace nianbao::documents {
namespace {

using testing::CompareMetrics;
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
    CompareMetrics(expected, out);
  }
}

}  // namespace nianbao::documents
