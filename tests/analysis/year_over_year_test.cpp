// Tests for app/year_over_year.h with small hand-built reports.
#include "analysis/year_over_year.h"

#include <doctest/doctest.h>

#include <algorithm>

namespace nianbao::analysis {
namespace {

using parser::CheckStatus;
using parser::Report;
using parser::ReportFormat;

const std::vector<std::string> kColumns = {"natural_person", "commercial", "research", "social_welfare",
                                           "legal_service",  "other",      "total"};

Report MakeReport(int year, ReportFormat format) {
  Report r;
  r.agency = "南岗区王岗镇";
  r.year = year;
  r.format = format;
  return r;
}

void Put(Report* r, const std::string& table, const std::string& row, const std::string& column,
         std::optional<double> value) {
  r->metrics.push_back({table, row, column, value});
}

// Replaces the value of a metric already put.
void Set(Report* r, const std::string& table, const std::string& row, const std::string& column,
         std::optional<double> value) {
  for (auto& m : r->metrics) {
    if (m.table == table && m.row == row && m.column == column) m.value = value;
  }
}

// A requests row with `total` in the total column and 0 elsewhere.
void PutRequestRow(Report* r, const std::string& row, double total) {
  for (const auto& c : kColumns) Put(r, "requests", row, c, c == "total" ? total : 0.0);
}

void PutReview(Report* r) {
  for (const char* g : {"review", "litigation_direct", "litigation_after_review"}) {
    for (const char* c : {"upheld", "corrected", "other", "pending", "total"}) Put(r, "review_litigation", g, c, 1.0);
  }
}

const MetricChange* FindChange(const YearDiff& d, const std::string& table, const std::string& row,
                               const std::string& column) {
  for (const auto& m : d.metrics) {
    if (m.table == table && m.row == row && m.column == column) return &m;
  }
  return nullptr;
}

const parser::CheckResult* FindCheck(const YearDiff& d, const std::string& rule, const std::string& scope) {
  for (const auto& c : d.checks) {
    if (c.rule == rule && c.scope == scope) return &c;
  }
  return nullptr;
}

const SkippedRow* FindSkipped(const YearDiff& d, const std::string& table, const std::string& row) {
  for (const auto& s : d.skipped) {
    if (s.table == table && s.row == row) return &s;
  }
  return nullptr;
}

TEST_CASE("same format: every metric with both values and the change, carry and in_force checked") {
  Report prev = MakeReport(2021, ReportFormat::k2021);
  Report cur = MakeReport(2022, ReportFormat::k2021);
  PutRequestRow(&prev, "new", 4);
  PutRequestRow(&cur, "new", 6);
  PutRequestRow(&prev, "carried_forward", 1);
  Set(&prev, "requests", "carried_forward", "natural_person", 1.0);
  PutRequestRow(&cur, "carried_over", 1);
  Put(&prev, "active_disclosure", "regulations", "issued", 2.0);
  Put(&prev, "active_disclosure", "regulations", "repealed", 0.0);
  Put(&prev, "active_disclosure", "regulations", "in_force", 10.0);
  Put(&cur, "active_disclosure", "regulations", "issued", 3.0);
  Put(&cur, "active_disclosure", "regulations", "repealed", 1.0);
  Put(&cur, "active_disclosure", "regulations", "in_force", 12.0);
  Put(&prev, "active_disclosure", "normative_documents", "in_force", 5.0);
  Put(&cur, "active_disclosure", "normative_documents", "issued", 2.0);
  Put(&cur, "active_disclosure", "normative_documents", "repealed", std::nullopt);  // blank: counts 0
  Put(&cur, "active_disclosure", "normative_documents", "in_force", 8.0);

  const YearDiff d = CompareYears(prev, cur);
  CHECK(d.same_format);
  CHECK(d.skipped.empty());
  const MetricChange* total = FindChange(d, "requests", "new", "total");
  REQUIRE(total != nullptr);
  CHECK(*total->previous == 4);
  CHECK(*total->current == 6);
  CHECK(*total->change == 2);
  const MetricChange* fwd = FindChange(d, "requests", "carried_forward", "total");
  REQUIRE(fwd != nullptr);
  CHECK_FALSE(fwd->current.has_value());  // row absent in 2022
  CHECK_FALSE(fwd->change.has_value());
  CHECK(FindChange(d, "requests", "granted", "total") == nullptr);  // in neither report

  CHECK(FindCheck(d, "year.carry", "total")->status == CheckStatus::kOk);
  const auto* np = FindCheck(d, "year.carry", "natural_person");
  CHECK(np->status == CheckStatus::kFailed);
  CHECK(np->detail == "自然人: 二 (2022) 0 ≠ 四 (2021) 1");
  CHECK(std::count_if(d.checks.begin(), d.checks.end(), [](auto& c) { return c.rule == "year.carry"; }) == 7);

  const auto* reg = FindCheck(d, "year.in_force", "regulations");
  CHECK(reg->status == CheckStatus::kOk);
  CHECK(reg->detail == "现行有效: 12 = 10 + 3 − 1");
  const auto* norm = FindCheck(d, "year.in_force", "normative_documents");
  CHECK(norm->status == CheckStatus::kFailed);
  CHECK(norm->detail == "现行有效: 8 ≠ 5 + 2 − 0");
}

TEST_CASE("across the 2019→2021 change only what maps is compared, the rest is listed as skipped") {
  Report prev = MakeReport(2020, ReportFormat::k2019);
  Report cur = MakeReport(2021, ReportFormat::k2021);
  Put(&prev, "active_disclosure", "regulations", "made", 1.0);
  Put(&prev, "active_disclosure", "regulations", "total", 9.0);
  for (const char* row : {"licensing", "penalty", "other_services"}) {
    Put(&prev, "active_disclosure", row, "prior_items", 3.0);
    Put(&prev, "active_disclosure", row, "change", -1.0);
    Put(&prev, "active_disclosure", row, "decisions", 40.0);
  }
  Put(&prev, "active_disclosure", "procurement", "amount", 251000.0);
  Put(&cur, "active_disclosure", "regulations", "in_force", 9.0);
  Put(&cur, "active_disclosure", "licensing", "decisions", 55.0);
  Put(&cur, "active_disclosure", "penalty", "decisions", 30.0);
  Put(&cur, "active_disclosure", "fees", "amount", 1.1988);
  PutRequestRow(&prev, "new", 7);
  PutRequestRow(&cur, "new", 9);
  PutRequestRow(&prev, "other", 1);
  PutRequestRow(&cur, "other_no_correction", 1);
  PutRequestRow(&prev, "carried_forward", 2);
  PutRequestRow(&cur, "carried_over", 2);
  PutReview(&prev);
  PutReview(&cur);

  const YearDiff d = CompareYears(prev, cur);
  CHECK_FALSE(d.same_format);
  CHECK(*FindChange(d, "active_disclosure", "licensing", "decisions")->change == 15);
  CHECK(*FindChange(d, "active_disclosure", "penalty", "decisions")->change == -10);
  CHECK(FindChange(d, "active_disclosure", "licensing", "prior_items") == nullptr);
  CHECK(FindChange(d, "active_disclosure", "regulations", "in_force") == nullptr);
  CHECK(FindChange(d, "active_disclosure", "fees", "amount") == nullptr);
  CHECK(*FindChange(d, "requests", "new", "total")->change == 2);
  CHECK(FindChange(d, "requests", "other", "total") == nullptr);
  CHECK(FindChange(d, "requests", "other_no_correction", "total") == nullptr);
  CHECK(*FindChange(d, "review_litigation", "litigation_after_review", "pending")->change == 0);

  for (const char* row : {"regulations", "other_services", "procurement", "fees", "licensing", "penalty"}) {
    CAPTURE(row);
    CHECK(FindSkipped(d, "active_disclosure", row) != nullptr);
  }
  CHECK(FindSkipped(d, "active_disclosure", "coercion") == nullptr);  // in neither report
  CHECK(FindSkipped(d, "requests", "other") != nullptr);
  CHECK(FindSkipped(d, "requests", "other_no_correction") != nullptr);
  CHECK(FindSkipped(d, "active_disclosure", "regulations")->reason.find("第二十条第（一）项") != std::string::npos);

  CHECK(FindCheck(d, "year.carry", "total")->status == CheckStatus::kOk);  // X1 holds across formats
  const auto* in_force = FindCheck(d, "year.in_force", "regulations");
  CHECK(in_force->status == CheckStatus::kNotAssessable);
  CHECK(in_force->detail == "needs the 2021 format in both years (2019 → 2021)");
}

TEST_CASE("absent rows, blank cells and non-consecutive years are not assessable") {
  Report prev = MakeReport(2021, ReportFormat::k2021);
  Report cur = MakeReport(2022, ReportFormat::k2021);
  PutRequestRow(&prev, "carried_forward", 3);
  Put(&cur, "requests", "carried_over", "total", std::nullopt);
  YearDiff d = CompareYears(prev, cur);
  CHECK(FindCheck(d, "year.carry", "total")->status == CheckStatus::kNotAssessable);
  CHECK(FindCheck(d, "year.carry", "total")->detail == "总计: 二 (2022) blank");
  CHECK(FindCheck(d, "year.carry", "research")->detail == "科研机构: 二 (2022) absent");
  CHECK(FindCheck(d, "year.in_force", "regulations")->status == CheckStatus::kNotAssessable);

  cur.year = 2023;
  PutRequestRow(&cur, "carried_over", 3);
  d = CompareYears(prev, cur);
  CHECK(FindCheck(d, "year.carry", "total")->status == CheckStatus::kNotAssessable);
  CHECK(FindCheck(d, "year.carry", "total")->detail == "years 2021 and 2023 are not consecutive");
}

TEST_CASE("the text reuse of the two bodies is part of the diff, and ToJson prints it all") {
  Report prev = MakeReport(2021, ReportFormat::k2021);
  Report cur = MakeReport(2022, ReportFormat::k2021);
  prev.body_text = "我镇全年共收到政府信息公开申请3件，均已按期答复。我镇更新了村务公开栏的全部内容。";
  cur.body_text = "我镇全年共收到政府信息公开申请5件，均已按期答复。我镇更新了村务公开栏的全部内容。";
  PutRequestRow(&prev, "new", 3);
  PutRequestRow(&cur, "new", 5);
  Set(&cur, "requests", "new", "other", std::nullopt);

  const YearDiff d = CompareYears(prev, cur);
  CHECK(d.text.reused);
  CHECK(d.text.sentences_compared == 2);

  const nlohmann::ordered_json j = ToJson(d);
  CHECK(j["agency"] == "南岗区王岗镇");
  CHECK(j["previous_year"] == 2021);
  CHECK(j["current_format"] == "2021");
  CHECK(j["metrics"][0]["table"] == "requests");
  CHECK(j["metrics"][0]["change"] == 0);
  bool saw_null = false;
  for (const auto& m : j["metrics"]) {
    if (m["column"] == "other") saw_null = m["current"].is_null() && m["change"].is_null();
  }
  CHECK(saw_null);
  CHECK(j["checks"][0]["status"] == "not_assessable");
  CHECK(j["text"]["reused"] == true);
  CHECK(j["skipped"].is_array());
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"agency", "previous_year", "current_year", "previous_format",
                                         "current_format", "metrics", "skipped", "checks", "text"});
}

}  // namespace
}  // namespace nianbao::analysis
