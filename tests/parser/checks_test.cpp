#include "parser/checks.h"

#include <doctest/doctest.h>

#include "parser/schema.h"

namespace nianbao::parser {
namespace {

using Cells = std::vector<std::optional<double>>;
constexpr std::optional<double> kNull = std::nullopt;

void AddRequests(std::vector<Metric>& m, const std::string& row, const Cells& cells) {
  for (std::size_t k = 0; k < cells.size(); ++k) m.push_back({"requests", row, RequestColumns()[k], cells[k]});
}

// A complete 2021 requests table of zeros, with the given rows replaced.
std::vector<Metric> Requests(const std::vector<std::pair<std::string, Cells>>& rows) {
  std::vector<Metric> m;
  for (const SchemaRow& r : SchemaRows("requests", ReportFormat::k2021)) {
    Cells cells(7, 0.0);
    for (const auto& [key, given] : rows) {
      if (key == r.key) cells = given;
    }
    AddRequests(m, r.key, cells);
  }
  return m;
}

const CheckResult& Find(const std::vector<CheckResult>& checks, const std::string& rule, const std::string& scope) {
  for (const CheckResult& c : checks) {
    if (c.rule == rule && c.scope == scope) return c;
  }
  FAIL("no check " << rule << " " << scope);
  static CheckResult none;
  return none;
}

TEST_CASE("requests.balance fails with the numbers in the detail") {
  auto checks = CheckRequests(Requests({{"new", {4, 0, 0, 0, 0, 0, 4}},
                                        {"granted", {3, 0, 0, 0, 0, 0, 3}},
                                        {"outcome_total", {3, 0, 0, 0, 0, 0, 3}}}),
                              ReportFormat::k2021);
  const CheckResult& total = Find(checks, "requests.balance", "total");
  CHECK(total.status == CheckStatus::kFailed);
  CHECK(total.detail == "总计: 4 + 0 ≠ 3 + 0");
  CHECK(Find(checks, "requests.balance", "commercial").status == CheckStatus::kOk);
  CHECK(Find(checks, "requests.outcome_total", "total").status == CheckStatus::kOk);
}

TEST_CASE("requests.row_total: ok, failed, and not assessable when the total is blank") {
  auto checks = CheckRequests(Requests({{"new", {3, kNull, 1, 0, 0, 0, 4}},
                                        {"carried_over", {1, 0, 0, 0, 0, 0, 2}},
                                        {"granted", {1, 0, 0, 0, 0, 0, kNull}}}),
                              ReportFormat::k2021);
  CHECK(Find(checks, "requests.row_total", "new").status == CheckStatus::kOk);  // blank addend = 0
  const CheckResult& bad = Find(checks, "requests.row_total", "carried_over");
  CHECK(bad.status == CheckStatus::kFailed);
  CHECK(bad.detail == "carried_over: 总计 2 ≠ 1 + 0 + 0 + 0 + 0 + 0");
  CHECK(Find(checks, "requests.row_total", "granted").status == CheckStatus::kNotAssessable);
}

TEST_CASE("requests checks are not assessable when a needed row is absent") {
  std::vector<Metric> m;
  AddRequests(m, "new", {1, 0, 0, 0, 0, 0, 1});
  AddRequests(m, "outcome_total", {1, 0, 0, 0, 0, 0, 1});
  auto checks = CheckRequests(m, ReportFormat::k2021);
  CHECK(Find(checks, "requests.balance", "total").status == CheckStatus::kNotAssessable);
  CHECK(Find(checks, "requests.outcome_total", "total").status == CheckStatus::kNotAssessable);
  CHECK(Find(checks, "requests.row_total", "new").status == CheckStatus::kOk);
  CHECK(CheckRequests({}, ReportFormat::k2021).empty());
}

TEST_CASE("requests.outcome_total sums the format's outcome rows") {
  // 2019: a single (六) row counts; the 2021 sub-rows are not expected.
  std::vector<Metric> m;
  for (const SchemaRow& r : SchemaRows("requests", ReportFormat::k2019)) {
    Cells cells(7, 0.0);
    if (r.key == "other") cells = {2, 0, 0, 0, 0, 0, 2};
    if (r.key == "outcome_total" || r.key == "new") cells = {2, 0, 0, 0, 0, 0, 2};
    AddRequests(m, r.key, cells);
  }
  auto checks = CheckRequests(m, ReportFormat::k2019);
  CHECK(Find(checks, "requests.outcome_total", "natural_person").status == CheckStatus::kOk);
  CHECK(Find(checks, "requests.balance", "total").status == CheckStatus::kOk);
  // 2021 with the old single (六) row (洪泽区 2023/2024): that row counts.
  auto as2021 = CheckRequests(m, ReportFormat::k2021);
  CHECK(Find(as2021, "requests.outcome_total", "total").status == CheckStatus::kOk);
  // 2021 with neither the single row nor the sub-rows: (六) is absent.
  std::vector<Metric> without;
  for (const Metric& x : m) {
    if (x.row != "other") without.push_back(x);
  }
  auto none = CheckRequests(without, ReportFormat::k2021);
  CHECK(Find(none, "requests.outcome_total", "total").status == CheckStatus::kNotAssessable);
  CHECK(Find(none, "requests.outcome_total", "total").detail ==
        "总计: rows absent: other_no_correction, other_unpaid_fee, other_other");
}

TEST_CASE("review_litigation.total per group") {
  std::vector<Metric> m;
  auto add = [&](const char* group, Cells v) {
    const char* cols[] = {"upheld", "corrected", "other", "pending", "total"};
    for (int k = 0; k < 5; ++k) m.push_back({"review_litigation", group, cols[k], v[k]});
  };
  add("review", {1, 0, 0, 1, 3});
  add("litigation_direct", {1, kNull, 0, 0, 1});
  add("litigation_after_review", {kNull, kNull, kNull, kNull, kNull});
  auto checks = CheckReviewLitigation(m);
  REQUIRE(checks.size() == 3);
  CHECK(checks[0].status == CheckStatus::kFailed);
  CHECK(checks[0].detail == "行政复议: 总计 3 ≠ 1 + 0 + 0 + 1");
  CHECK(checks[1].status == CheckStatus::kOk);
  CHECK(checks[2].status == CheckStatus::kNotAssessable);
}

TEST_CASE("values.counts: whole numbers >= 0, amounts may be fractional, change may be negative") {
  std::vector<Metric> ok = {{"active_disclosure", "fees", "amount", 1.1988},
                            {"active_disclosure", "licensing", "change", -2.0},
                            {"requests", "new", "total", 3.0}};
  CHECK(CheckValues(ok)[0].status == CheckStatus::kOk);
  std::vector<Metric> bad = {{"requests", "new", "total", -1.0}, {"requests", "new", "other", 0.5}};
  CheckResult r = CheckValues(bad)[0];
  CHECK(r.status == CheckStatus::kFailed);
  CHECK(r.detail.find("requests.new.total = -1") != std::string::npos);
  CHECK(r.detail.find("requests.new.other = 0.5") != std::string::npos);
  CHECK(CheckValues({})[0].status == CheckStatus::kNotAssessable);
}

TEST_CASE("format.matches_year") {
  CHECK(CheckFormatYear(ReportFormat::k2021, 2022).status == CheckStatus::kOk);
  CHECK(CheckFormatYear(ReportFormat::k2019, 2020).status == CheckStatus::kOk);
  CHECK(CheckFormatYear(ReportFormat::k2019, 2021).status == CheckStatus::kFailed);
  CHECK(CheckFormatYear(ReportFormat::k2021, 2020).status == CheckStatus::kFailed);
  CHECK(CheckFormatYear(ReportFormat::kUnknown, 2021).status == CheckStatus::kNotAssessable);
  CHECK(CheckFormatYear(ReportFormat::k2021, std::nullopt).status == CheckStatus::kNotAssessable);
}

}  // namespace
}  // namespace nianbao::parser
