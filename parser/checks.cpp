#include "parser/checks.h"

#include <cmath>
#include <map>
#include <tuple>

#include "parser/labels.h"
#include "parser/schema.h"

namespace nianbao::parser {
namespace {

using Key = std::tuple<std::string, std::string, std::string>;

class Index {
 public:
  explicit Index(const std::vector<Metric>& metrics) {
    for (const Metric& m : metrics) {
      cells_[{m.table, m.row, m.column}] = m.value;
      rows_[m.table + "/" + m.row] = true;
    }
  }
  bool HasRow(const std::string& table, const std::string& row) const { return rows_.count(table + "/" + row) > 0; }
  std::optional<double> Get(const std::string& table, const std::string& row, const std::string& col) const {
    auto it = cells_.find({table, row, col});
    return it == cells_.end() ? std::nullopt : it->second;
  }

 private:
  std::map<Key, std::optional<double>> cells_;
  std::map<std::string, bool> rows_;
};

std::string Num(std::optional<double> v) { return v ? FormatNumber(*v) : "空"; }

bool Same(double a, double b) { return std::fabs(a - b) < 1e-6; }

CheckResult Make(const char* rule, std::string scope, CheckStatus st, std::string detail) {
  return {rule, std::move(scope), st, std::move(detail)};
}

// Sum of addends (blank = 0) and "a + b + c" for the detail.
double Sum(const std::vector<std::optional<double>>& parts, std::string& text) {
  double s = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    s += parts[i].value_or(0);
    text += (i ? " + " : "") + Num(parts[i]);
  }
  return s;
}

CheckResult RowTotal(const Index& idx, const std::string& row) {
  const auto& cols = RequestColumns();
  std::optional<double> total = idx.Get(kRequestsTable, row, "total");
  std::vector<std::optional<double>> parts;
  for (std::size_t k = 0; k + 1 < cols.size(); ++k) parts.push_back(idx.Get(kRequestsTable, row, cols[k]));
  std::string text;
  double sum = Sum(parts, text);
  if (!total) return Make("requests.row_total", row, CheckStatus::kNotAssessable, row + ": 总计 is blank");
  bool ok = Same(*total, sum);
  return Make("requests.row_total", row, ok ? CheckStatus::kOk : CheckStatus::kFailed,
              row + ": 总计 " + Num(total) + (ok ? " = " : " ≠ ") + text);
}

CheckResult OutcomeTotal(const Index& idx, const std::string& col, ReportFormat format) {
  const char* rule = "requests.outcome_total";
  std::string cap = CaptionOf(col);
  if (!idx.HasRow(kRequestsTable, "outcome_total")) return Make(rule, col, CheckStatus::kNotAssessable, cap + ": no (七) 总计 row");
  std::string missing;
  double sum = 0;
  const bool single_other = idx.HasRow(kRequestsTable, "other") && !idx.HasRow(kRequestsTable, "other_no_correction") &&
                            !idx.HasRow(kRequestsTable, "other_unpaid_fee") && !idx.HasRow(kRequestsTable, "other_other");
  for (const std::string& row : OutcomeRows(format, single_other)) {
    if (!idx.HasRow(kRequestsTable, row)) missing += (missing.empty() ? "" : ", ") + row;
    sum += idx.Get(kRequestsTable, row, col).value_or(0);
  }
  if (!missing.empty()) return Make(rule, col, CheckStatus::kNotAssessable, cap + ": rows absent: " + missing);
  std::optional<double> total = idx.Get(kRequestsTable, "outcome_total", col);
  if (!total) return Make(rule, col, CheckStatus::kNotAssessable, cap + ": (七) 总计 is blank");
  bool ok = Same(*total, sum);
  return Make(rule, col, ok ? CheckStatus::kOk : CheckStatus::kFailed,
              cap + ": (七) " + Num(total) + (ok ? " = " : " ≠ ") + "sum of the outcome rows " + FormatNumber(sum));
}

// 一 + 二 = (七) + 四. Blank 二 and 四 count as 0; a blank 一 or (七) means the
// column was not filled in, so there is nothing to check.
CheckResult Balance(const Index& idx, const std::string& col) {
  const char* rule = "requests.balance";
  std::string cap = CaptionOf(col);
  for (const char* row : {"new", "carried_over", "outcome_total", "carried_forward"}) {
    if (!idx.HasRow(kRequestsTable, row)) {
      return Make(rule, col, CheckStatus::kNotAssessable, cap + ": row " + std::string(row) + " absent");
    }
  }
  auto a = idx.Get(kRequestsTable, "new", col), b = idx.Get(kRequestsTable, "carried_over", col);
  auto c = idx.Get(kRequestsTable, "outcome_total", col), d = idx.Get(kRequestsTable, "carried_forward", col);
  std::string text = cap + ": " + Num(a) + " + " + Num(b);
  if (!a || !c) return Make(rule, col, CheckStatus::kNotAssessable, text + " vs " + Num(c) + " + " + Num(d) + " (a total is blank)");
  bool ok = Same(a.value_or(0) + b.value_or(0), c.value_or(0) + d.value_or(0));
  return Make(rule, col, ok ? CheckStatus::kOk : CheckStatus::kFailed,
              text + (ok ? " = " : " ≠ ") + Num(c) + " + " + Num(d));
}

bool IsAmount(const Metric& m) { return m.column == "amount"; }

}  // namespace

std::vector<CheckResult> CheckRequests(const std::vector<Metric>& metrics, ReportFormat format) {
  Index idx(metrics);
  std::vector<CheckResult> out;
  for (const SchemaRow& row : SchemaRows(kRequestsTable, format)) {
    if (idx.HasRow(kRequestsTable, row.key)) out.push_back(RowTotal(idx, row.key));
  }
  bool any = false;
  for (const SchemaRow& row : SchemaRows(kRequestsTable, format)) any = any || idx.HasRow(kRequestsTable, row.key);
  if (!any) return out;
  for (const std::string& col : RequestColumns()) out.push_back(OutcomeTotal(idx, col, format));
  for (const std::string& col : RequestColumns()) out.push_back(Balance(idx, col));
  return out;
}

std::vector<CheckResult> CheckReviewLitigation(const std::vector<Metric>& metrics) {
  Index idx(metrics);
  std::vector<CheckResult> out;
  for (const SchemaRow& group : SchemaRows(kReviewTable, ReportFormat::k2021)) {
    if (!idx.HasRow(kReviewTable, group.key)) continue;
    std::vector<std::optional<double>> parts;
    for (const char* col : {"upheld", "corrected", "other", "pending"}) parts.push_back(idx.Get(kReviewTable, group.key, col));
    std::optional<double> total = idx.Get(kReviewTable, group.key, "total");
    std::string text;
    double sum = Sum(parts, text);
    std::string cap = CaptionOf(group.key);
    if (!total) {
      out.push_back(Make("review_litigation.total", group.key, CheckStatus::kNotAssessable, cap + ": 总计 is blank"));
      continue;
    }
    bool ok = Same(*total, sum);
    out.push_back(Make("review_litigation.total", group.key, ok ? CheckStatus::kOk : CheckStatus::kFailed,
                       cap + ": 总计 " + Num(total) + (ok ? " = " : " ≠ ") + text));
  }
  return out;
}

std::vector<CheckResult> CheckValues(const std::vector<Metric>& metrics) {
  std::string bad;
  int checked = 0;
  for (const Metric& m : metrics) {
    if (!m.value || m.column == "change") continue;
    ++checked;
    double v = *m.value;
    bool ok = v >= 0 && (IsAmount(m) || v == std::trunc(v));
    if (!ok && bad.size() < 400) bad += (bad.empty() ? "" : "; ") + m.table + "." + m.row + "." + m.column + " = " + Num(v);
  }
  if (checked == 0) return {Make("values.counts", "all", CheckStatus::kNotAssessable, "no values")};
  if (bad.empty()) return {Make("values.counts", "all", CheckStatus::kOk, std::to_string(checked) + " values are whole numbers ≥ 0 (amounts ≥ 0)")};
  return {Make("values.counts", "all", CheckStatus::kFailed, "not a whole number ≥ 0: " + bad)};
}

CheckResult CheckFormatYear(ReportFormat format, std::optional<int> year) {
  const char* rule = "format.matches_year";
  if (format == ReportFormat::kUnknown || !year) {
    return Make(rule, "format", CheckStatus::kNotAssessable, "format or year unknown");
  }
  bool expect2021 = *year >= 2021;
  bool ok = (format == ReportFormat::k2021) == expect2021 && *year >= 2019;
  std::string detail = std::string(FormatName(format)) + " layout for a " + std::to_string(*year) + " report";
  return Make(rule, "format", ok ? CheckStatus::kOk : CheckStatus::kFailed,
              detail + (ok ? "" : expect2021 ? " (the 2021 layout is due from 2021 on)" : " (the 2019 layout applies to 2019 and 2020)"));
}

std::vector<CheckResult> RunChecks(const std::vector<Metric>& metrics, ReportFormat format, std::optional<int> year) {
  std::vector<CheckResult> out = CheckRequests(metrics, format);
  for (auto& c : CheckReviewLitigation(metrics)) out.push_back(std::move(c));
  for (auto& c : CheckValues(metrics)) out.push_back(std::move(c));
  out.push_back(CheckFormatYear(format, year));
  return out;
}

}  // namespace nianbao::parser
