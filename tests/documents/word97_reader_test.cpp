// ReadWord97 over Word 97 files LibreOffice made from the report fixtures
// (tests/fixtures/documents/README.md): the parts go through the one
// pipeline (parser::AssembleReport) and every metric must equal the source
// page's oracle (tests/fixtures/reports/<seed>/hanweb.expected.json), which
// was typed from the page, not produced by this reader.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>

#include "documents/form.h"
#include "documents/word97/word_reader.h"
#include "parser/document_parts.h"
#include "tests/documents/oracle_compare.h"

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
    for (std::size_t ri = 0; ri < g.rows.size(); ++ri) {
      const auto& r = g.rows[ri];
      std::cerr << "[" << (ri < g.source_widths.size() ? g.source_widths[ri] : -1) << "] ";
      for (const auto& c : r) std::cerr << (c.spanned ? "~" : "") << c.text << " | ";
      std::cerr << "\n";
    }
  }
}

// Where the page's row is short (the "lost column" of hanweb pages),
// LibreOffice pads it with an empty cell in the DOC: the DOC's cell is
// blank, so the report must say null there (checked by hand in the pages'
// HTML: these rows have one <td> fewer than the header).
const std::set<std::string> kPaddedByConverter[] = {
    {},
    {},
    {"requests.carried_forward.total"},
    {"requests.denied_administrative_query.total", "requests.denied_enforcement_files.total",
     "requests.denied_internal_affairs.total", "requests.denied_process_info.total",
     "requests.denied_prohibited.total", "requests.denied_security_stability.total",
     "requests.denied_state_secret.total", "requests.denied_third_party.total",
     "requests.not_processed_confirmation.total", "requests.not_processed_duplicate.total",
     "requests.not_processed_mass_repeated.total", "requests.not_processed_petition.total",
     "requests.not_processed_publication.total", "requests.other_no_correction.total",
     "requests.other_unpaid_fee.total", "requests.unable_needs_creation.total", "requests.unable_not_held.total",
     "requests.unable_unclear.total"},
    {},
};

nlohmann::json Expected(const std::string& seed) {
  return nlohmann::json::parse(ReadFileBytes(kFixtures / "reports" / seed / "hanweb.expected.json"));
}

TEST_CASE("each converted report reads to every metric of its page's oracle") {
  const char* seeds[] = {"000", "001", "002", "003", "004"};
  for (int i = 0; i < 5; ++i) {
    const std::string seed = seeds[i];
    INFO("seed " << seed);
    std::string bytes = ReadFileBytes(kFixtures / "documents" / ("word97_" + seed + "_hanweb.doc"));
    REQUIRE(SniffForm(bytes) == DocumentForm::kDoc);
    parser::DocumentParts parts = MustRead(bytes, DocumentForm::kDoc);
    Dump(parts);
    CHECK(parts.kind == parser::DocumentKind::kDoc);
    nlohmann::json expected = Expected(seed);
    for (const std::string& m : kPaddedByConverter[i]) {
      INFO("padded metric " << m);  // the exception is about a real number of the page
      std::size_t a = m.find('.'), b = m.rfind('.');
      CHECK(expected[m.substr(0, a)][m.substr(a + 1, b - a - 1)][m.substr(b + 1)].is_number());
    }
    parser::Report report = parser::AssembleReport(parts, std::nullopt);
    CHECK(report.document == parser::DocumentKind::kDoc);
    nlohmann::json out = testing::ReportJson(report);
    CHECK(out["tables_found"] == true);
    CHECK(out["title"] == expected["title"]);
    CHECK(out["agency"] == expected["agency"]);
    CHECK(out["year"] == expected["year"]);
    CHECK(out["format"] == expected["format"]);
    testing::CheckMetricsMatch(expected, out, kPaddedByConverter[i]);
  }
}

TEST_CASE("the hard cases converted to DOC read to their pages' oracles") {
  for (const char* name : {"nested_layout", "format_2019", "wrapped_labels", "stacked_requests"}) {
    const std::string c = name;
    INFO("case " << c);
    parser::DocumentParts parts =
        MustRead(ReadFileBytes(kFixtures / "documents" / ("word97_case_" + c + ".doc")), DocumentForm::kDoc);
    Dump(parts);
    nlohmann::json expected =
        nlohmann::json::parse(ReadFileBytes(kFixtures / "reports" / "cases" / (c + ".expected.json")));
    nlohmann::json out = testing::ReportJson(parser::AssembleReport(parts, std::nullopt));
    CHECK(out["year"] == expected["year"]);
    CHECK(out["format"] == expected["format"]);
    testing::CheckMetricsMatch(expected, out);
  }
}

TEST_CASE("the requests table is one grid with its merges expanded as the page's rowspans and colspans") {
  std::string bytes = ReadFileBytes(kFixtures / "documents" / "word97_000_hanweb.doc");
  parser::DocumentParts parts = MustRead(bytes, DocumentForm::kDoc);
  // The page (tests/fixtures/reports/000/hanweb.html) has four tables in its
  // body: the metadata box, then tables two, three and four of the report.
  REQUIRE(parts.tables.size() == 4);
  const parser::Grid& g = parts.tables[2];
  CHECK(g.caption == "三、收到和处理政府信息公开申请情况");
  CHECK(g.height() == 28);
  CHECK(g.width() == 10);
  // Row 1: 申请人情况 spans the seven columns after the 3-column corner cell.
  CHECK(g.rows[0][3].text == "申请人情况");
  CHECK_FALSE(g.rows[0][3].spanned);
  CHECK(g.rows[0][9].text == "申请人情况");
  CHECK(g.rows[0][9].spanned);
  // 自然人 spans two rows (vertical merge): the copy below is flagged.
  CHECK(g.rows[1][3].text == "自然人");
  CHECK(g.rows[2][3].text == "自然人");
  CHECK(g.rows[2][3].spanned);
  CHECK(g.rows[2][4].text == "商业企业");
  // 三、本年度办理结果 spans 22 rows down the first column.
  CHECK(g.rows[5][0].text == "三、本年度办理结果");
  CHECK(g.rows[26][0].text == "三、本年度办理结果");
  CHECK(g.rows[26][0].spanned);
  CHECK(g.rows[27][0].text == "四、结转下年度继续办理");
  // The short 予以公开 row of the page: its tenth column is empty.
  CHECK(g.rows[5][3].text == "0");
  CHECK(g.rows[5][9].text == "");
  // Body text stays out of the tables, the report's title is a block.
  bool title_block = false;
  for (const auto& b : parts.blocks) title_block |= b.text == "南岗区王岗镇2021年政府信息公开工作年度报告";
  CHECK(title_block);
}

TEST_CASE("a two-line title, a signature date, a colspan, an empty cell and a nested table") {
  // From word97_signature_nested.html (its text typed into the oracle below).
  parser::DocumentParts parts =
      MustRead(ReadFileBytes(kFixtures / "documents" / "word97_signature_nested.doc"), DocumentForm::kDoc);
  Dump(parts);
  CHECK(parts.title == "某县某局2023年政府信息公开工作年度报告");
  CHECK(parts.published == std::optional<std::string>("2024-01-15"));
  std::vector<std::string> blocks;
  for (const auto& b : parts.blocks) blocks.push_back(b.text);
  CHECK(blocks == std::vector<std::string>{"某县某局2023年政府信息公开", "工作年度报告", "正文第一段。", "外表：",
                                           "某县某局", "2024年1月15日"});
  REQUIRE(parts.tables.size() == 3);  // the first, the outer, the inner (document order)
  auto texts = [](const parser::Grid& g) {
    std::vector<std::vector<std::string>> out;
    for (const auto& r : g.rows) {
      out.emplace_back();
      for (const auto& c : r) out.back().push_back((c.spanned ? "~" : "") + c.text);
    }
    return out;
  };
  using Rows = std::vector<std::vector<std::string>>;
  CHECK(texts(parts.tables[0]) == Rows{{"甲", "", "乙"}, {"丙", "~丙", "丁"}});
  CHECK(parts.tables[0].caption == "正文第一段。");
  CHECK(parts.tables[1].caption == "外表：");
  CHECK(texts(parts.tables[1]) == Rows{{"左", ""}});
  CHECK(texts(parts.tables[2]) == Rows{{"内1", "内2"}, {"内3", ""}});
}

TEST_CASE("a .wps upload that is Word 97 inside reads as the DOC does, recorded as wps") {
  std::string doc = ReadFileBytes(kFixtures / "documents" / "word97_001_hanweb.doc");
  std::string wps = ReadFileBytes(kFixtures / "documents" / "word97_001_hanweb.wps");
  REQUIRE(wps == doc);  // a renamed copy: the bytes decide the form, not the name
  CHECK(SniffForm(wps) == DocumentForm::kDoc);  // no Kingsoft marker is known (compound_file.cpp)
  parser::DocumentParts parts = MustRead(wps, DocumentForm::kWps);
  CHECK(parts.kind == parser::DocumentKind::kWps);
  parser::Report report = parser::AssembleReport(parts, std::nullopt);
  CHECK(report.document == parser::DocumentKind::kWps);
  nlohmann::json out = testing::ReportJson(report);
  testing::CheckMetricsMatch(Expected("001"), out);
}

TEST_CASE("the blank official template: its three tables are found, every metric is null") {
  std::string bytes = ReadFileBytes(kFixtures / "documents" / "word97_template_2021.doc");
  parser::DocumentParts parts = MustRead(bytes, DocumentForm::kDoc);
  CHECK(parts.tables.size() >= 3);
  nlohmann::json out = testing::ReportJson(parser::AssembleReport(parts, std::nullopt));
  CHECK(out["tables_found"] == true);
  CHECK(out["format"] == "2021");
  testing::CheckMetricsMatch(nlohmann::json::object(), out);
}

}  // namespace
}  // namespace nianbao::documents
