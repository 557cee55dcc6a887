#include "parser/report_json.h"

#include <doctest/doctest.h>

namespace nianbao::parser {
namespace {

Report Sample() {
  Report r;
  r.title = "南岗区王岗镇2021年政府信息公开工作年度报告";
  r.agency = "南岗区王岗镇";
  r.year = 2021;
  r.format = ReportFormat::k2021;
  r.document = DocumentKind::kPdf;
  r.published = "2022-01-20";
  r.sections = {{1, "总体情况", "正文"}};
  // Out of schema order on purpose: output follows the schema.
  r.metrics = {{"requests", "carried_forward", "total", 0.0},
               {"requests", "new", "natural_person", 4.0},
               {"active_disclosure", "fees", "amount", 1.1988},
               {"review_litigation", "review", "total", std::nullopt}};
  r.checks = {{"requests.balance", "total", CheckStatus::kFailed, "总计: 4 + 0 ≠ 3 + 0"}};
  r.attachments = {{"http://x/a.pdf", "a.pdf", "pdf"}};
  r.warnings = {"w"};
  r.tables_found = true;
  return r;
}

TEST_CASE("canonical JSON: key order, nulls, integers without .0, absent rows absent") {
  nlohmann::ordered_json j = ReportToJson(Sample());
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"title", "agency", "year", "format", "document", "url", "published", "sections",
                                         "active_disclosure", "requests", "review_litigation", "checks",
                                         "attachments", "warnings", "tables_found"});
  CHECK(j["url"].is_null());
  CHECK(j["format"] == "2021");
  CHECK(j["document"] == "pdf");
  std::vector<std::string> rows;
  for (auto it = j["requests"].begin(); it != j["requests"].end(); ++it) rows.push_back(it.key());
  CHECK(rows == std::vector<std::string>{"new", "carried_forward"});
  CHECK(j["requests"]["new"]["total"].is_null());  // a present row names every column
  CHECK(j["active_disclosure"].size() == 1);
  CHECK(j["review_litigation"]["litigation_direct"].empty());
  std::string text = ReportToJsonText(Sample(), -1);
  CHECK(text.find("\"natural_person\":4,") != std::string::npos);
  CHECK(text.find("\"amount\":1.1988") != std::string::npos);
  CHECK(text.find("4.0") == std::string::npos);
  CHECK(text.find("\"checks\":[{\"rule\":\"requests.balance\",\"status\":\"failed\",\"detail\":") != std::string::npos);
}

TEST_CASE("the 2019 format prints the 2019 keys") {
  Report r;
  r.format = ReportFormat::k2019;
  r.metrics = {{"active_disclosure", "procurement", "amount", 0.0}, {"requests", "other", "total", 1.0}};
  nlohmann::ordered_json j = ReportToJson(r);
  CHECK(j["active_disclosure"]["procurement"]["items"].is_null());
  CHECK(j["requests"]["other"]["total"] == 1);
  CHECK(j["year"].is_null());
  CHECK(j["document"].is_null());  // no form known
}

TEST_CASE("JSON round trip keeps metrics, checks and identity") {
  Report in = Sample();
  Result<Report> out = ReportFromJson(ReportToJsonText(in));
  REQUIRE(out.ok());
  CHECK(out->title == in.title);
  CHECK(out->agency == in.agency);
  CHECK(out->year == in.year);
  CHECK(out->format == in.format);
  CHECK(out->document == DocumentKind::kPdf);
  CHECK(out->published == in.published);
  CHECK(out->sections.size() == 1);
  CHECK(out->checks.size() == 1);
  CHECK(out->checks[0].status == CheckStatus::kFailed);
  CHECK(out->attachments.size() == 1);
  CHECK(out->tables_found);
  // The JSON names every column of a present row, so the round trip fills them as blank.
  CHECK(ReportToJsonText(*out) == ReportToJsonText(in));
  const Metric* fee = out->Find("active_disclosure", "fees", "amount");
  REQUIRE(fee != nullptr);
  CHECK(*fee->value == doctest::Approx(1.1988));
}

TEST_CASE("malformed JSON is a parse error, not a crash") {
  CHECK(ReportFromJson("{").status().code() == Code::kParse);
  CHECK(ReportFromJson("[1,2]").status().code() == Code::kParse);
  CHECK(ReportFromJson("{\"sections\":[1]}").status().code() == Code::kParse);
  CHECK(ReportFromJson("{\"requests\":{\"new\":{\"total\":\"x\"}}}").ok());
}

}  // namespace
}  // namespace nianbao::parser
