// The pure renderers of `nianbao export`: CSV quoting and columns, the JSON
// array, and the dashboard's cell states, escaping and self-containedness.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "app/export/export_html.h"
#include "app/export/export_table.h"

namespace nianbao::app {
namespace {

storage::StoredReport Report(const std::string& agency, int year, std::vector<storage::MetricValue> metrics) {
  storage::StoredReport r;
  r.agency = agency;
  r.year = year;
  r.format = "2021";
  r.status = storage::ReportStatus::kParsed;
  r.title = agency + std::to_string(year) + "年政府信息公开工作年度报告";
  r.url = "http://a.test/" + std::to_string(year) + ".html";
  r.published = std::to_string(year + 1) + "-01-20";
  r.metrics = std::move(metrics);
  return r;
}

TEST_CASE("CSV fields are quoted as RFC 4180 says") {
  CHECK(CsvField("plain") == "plain");
  CHECK(CsvField("南岗区") == "南岗区");
  CHECK(CsvField("a,b") == "\"a,b\"");
  CHECK(CsvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(CsvField("two\nlines") == "\"two\nlines\"");
  CHECK(CsvField("") == "");
}

TEST_CASE("metric columns are the union over reports, in schema order") {
  std::vector<storage::StoredReport> reports{
      Report("甲", 2021, {{"requests", "new", "total", 4}, {"review_litigation", "review", "total", 0}}),
      Report("乙", 2021,
             {{"active_disclosure", "regulations", "issued", 1}, {"requests", "new", "natural_person", 3},
              {"requests", "carried_forward", "total", std::nullopt}}),
      Report("丙", 2020, {{"requests", "other", "total", 1}, {"requests", "outcome_total", "total", 2}})};
  std::vector<std::string> expected{"active_disclosure.regulations.issued", "requests.new.natural_person",
                                    "requests.new.total",                   "requests.other.total",
                                    "requests.outcome_total.total",         "requests.carried_forward.total",
                                    "review_litigation.review.total"};
  CHECK(MetricColumns(reports) == expected);
}

TEST_CASE("CSV has a BOM, CRLF lines, the fixed columns, and blanks for absent or null cells") {
  std::vector<storage::StoredReport> reports{
      Report("甲,乙", 2021, {{"requests", "new", "total", 4}}),
      Report("丙", 2021, {{"requests", "new", "total", std::nullopt}, {"requests", "granted", "total", 2.5}})};
  reports[1].published.reset();
  reports[1].checks_failed = 2;
  std::string csv = RenderCsv(reports);
  CHECK(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  std::string expected =
      "\xEF\xBB\xBF"
      "agency,year,format,status,title,url,published,checks_failed,requests.new.total,requests.granted.total\r\n"
      "\"甲,乙\",2021,2021,parsed,\"甲,乙2021年政府信息公开工作年度报告\",http://a.test/2021.html,2022-01-20,0,4,\r\n"
      "丙,2021,2021,parsed,丙2021年政府信息公开工作年度报告,http://a.test/2021.html,,2,,2.5\r\n";
  CHECK(csv == expected);
  CHECK(RenderCsv({}) == "\xEF\xBB\xBF" "agency,year,format,status,title,url,published,checks_failed\r\n");
}

TEST_CASE("the JSON export is the array of stored canonical objects") {
  auto a = Report("甲", 2021, {{"requests", "new", "total", 4}});
  a.canonical_json = R"({"title":"t","agency":"甲","year":2021,"requests":{"new":{"total":4}}})";
  auto b = Report("乙", 2021, {{"requests", "new", "total", std::nullopt}});  // no canonical form kept
  nlohmann::ordered_json j = RenderJson({a, b});
  REQUIRE(j.size() == 2);
  CHECK(j[0].dump() == a.canonical_json);
  CHECK(j[1]["agency"] == "乙");
  CHECK(j[1]["requests"]["new"]["total"].is_null());
}

analysis::Obligation Owe(const std::string& agency, int year, analysis::ComplianceState state) {
  analysis::Obligation o;
  o.agency = agency;
  o.year = year;
  o.source = "南岗区";
  o.due.date = {year + 1, 1, 31};
  o.state = state;
  return o;
}

TEST_CASE("cell states: unreadable, late, checks failed, on time, overdue, not yet due, not expected") {
  auto parsed = Report("甲", 2021, {});
  auto attachment = parsed;
  attachment.status = storage::ReportStatus::kAttachment;
  auto broken = parsed;
  broken.checks_failed = 1;
  analysis::Obligation on_time = Owe("甲", 2021, analysis::ComplianceState::kOnTime);
  analysis::Obligation late = Owe("甲", 2021, analysis::ComplianceState::kLate);
  analysis::Obligation overdue = Owe("甲", 2021, analysis::ComplianceState::kOverdue);
  analysis::Obligation pending = Owe("甲", 2021, analysis::ComplianceState::kPending);
  CHECK(CellStateOf(&on_time, &parsed) == CellState::kOnTime);
  CHECK(CellStateOf(nullptr, &parsed) == CellState::kOnTime);
  CHECK(CellStateOf(&late, &parsed) == CellState::kLate);
  CHECK(CellStateOf(&late, &attachment) == CellState::kUnreadable);
  CHECK(CellStateOf(&on_time, &broken) == CellState::kChecksFailed);
  CHECK(CellStateOf(&overdue, nullptr) == CellState::kOverdue);
  CHECK(CellStateOf(&pending, nullptr) == CellState::kNotDue);
  CHECK(CellStateOf(nullptr, nullptr) == CellState::kNotExpected);
  CHECK(std::string(CellClass(CellState::kChecksFailed)) == "checks-failed");
}

TEST_CASE("the dashboard is one self-contained page with escaped data") {
  DashboardInput in;
  in.generated = "2026-11-22 13:45 CST";
  in.obligations = {Owe("甲<b>", 2021, analysis::ComplianceState::kOnTime), Owe("乙", 2021, analysis::ComplianceState::kOverdue),
                    Owe("乙", 2022, analysis::ComplianceState::kPending)};
  auto r = Report("甲<b>", 2021, {{"requests", "new", "total", 4}});
  r.title = "say \"hi\" & <script>alert(1)</script>";
  in.reports = {r};
  std::string page = RenderDashboard(in);
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(page.find("<script>alert") == std::string::npos);
  CHECK(page.find("甲&lt;b&gt;") != std::string::npos);
  CHECK(page.find("say &quot;hi&quot; &amp; &lt;script&gt;") != std::string::npos);
  CHECK(page.find("新收申请 4") != std::string::npos);
  CHECK(page.find("class=\"cell on-time\" data-year=\"2021\"") != std::string::npos);
  CHECK(page.find("class=\"cell overdue\" data-year=\"2021\"") != std::string::npos);
  CHECK(page.find("class=\"cell not-due\" data-year=\"2022\"") != std::string::npos);
  CHECK(page.find("class=\"cell not-expected\" data-year=\"2022\"") != std::string::npos);
  CHECK(page.find("@media print") != std::string::npos);
  for (const char* remote : {"<link", "src=", "@import", "url("}) CHECK_MESSAGE(page.find(remote) == std::string::npos, remote);
  in.year = 2022;
  std::string one_year = RenderDashboard(in);
  CHECK(one_year.find("data-year=\"2021\"") == std::string::npos);
  CHECK(one_year.find("<th class=\"year\">2022</th>") != std::string::npos);
}

}  // namespace
}  // namespace nianbao::app
