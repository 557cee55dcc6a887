#include "parser/checks.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "parser/labels.h"
#include "parser/schema.h"

namespace nianbao::parser {
namespace {

// (table, row, column) → value for one table's metrics, over views into the
// metrics, which outlive the Index. A later metric for the same cell wins, as in a map assignment.
class Index {
 public:
  // Only the metrics of `table` are indexed; lookups name that table.
  Index(const std::vector<Metric>& metrics, std::string_view table) {
    for (const Metric& m : metrics) {
      if (m.table != table) continue;
      cells_[{m.table, m.row, m.column}] = m.value;
      rows_.insert({m.table, m.row, {}});
    }
  }
  bool HasRow(std::string_view table, std::string_view row) const { return rows_.count({table, row, {}}) > 0; }
  std::optional<double> Get(std::string_view table, std::string_view row, std::string_view col) const {
    auto it = cells_.find({table, row, col});
    return it == cells_.end() ? std::nullopt : it->second;
  }

 private:
  struct Key {
    std::string_view table, row, column;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      const std::hash<std::string_view> h;
      return (h(k.table) * 31 + h(k.row)) * 31 + h(k.column);
    }
  };
  std::unordered_map<Key, std::optional<double>, KeyHash> cells_;
  std::unordered_set<Key, KeyHash> rows_;
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

// Table 三 with the mapper's readings or a report's metrics: the rules below
// read cells by row and column index (RequestColumns() order). The rows the
// column rules read are looked up once, not once per column.
class Requests {
 public:
  struct Row {
    std::string key;
    const RequestValues* values;  // null when the row is absent
  };

  Requests(const RequestRows& rows, ReportFormat format) : rows_(rows) {
    // 洪泽区's 2021 tables print （六）其他处理 as one row without its sub-rows.
    const bool single_other = Find("other") != nullptr && Find("other_no_correction") == nullptr &&
                              Find("other_unpaid_fee") == nullptr && Find("other_other") == nullptr;
    for (std::string& key : OutcomeRows(format, single_other)) {
      const RequestValues* v = Find(key);
      outcomes_.push_back({std::move(key), v});
    }
    for (const char* key : {"new", "carried_over", "outcome_total", "carried_forward"}) balance_.push_back({key, Find(key)});
  }
  const RequestValues* Find(std::string_view row) const {
    auto it = rows_.find(row);
    return it == rows_.end() ? nullptr : &it->second;
  }
  static std::optional<double> At(const RequestValues* row, std::size_t col) {
    return row == nullptr ? std::nullopt : (*row)[col];
  }
  const std::vector<Row>& outcomes() const { return outcomes_; }
  // new, carried_over, outcome_total, carried_forward
  const std::vector<Row>& balance() const { return balance_; }

 private:
  const RequestRows& rows_;
  std::vector<Row> outcomes_;
  std::vector<Row> balance_;
};

constexpr std::size_t kTotalColumn = 6;  // RequestColumns()[6] == "total"

// With `details` false the results carry no detail text: the requests mapper
// only counts failures when it weighs its readings of a table.
CheckResult RowTotal(const RequestValues& v, const std::string& row, bool details) {
  const char* rule = "requests.row_total";
  std::optional<double> total = v[kTotalColumn];
  std::vector<std::optional<double>> parts(v.begin(), v.begin() + kTotalColumn);
  if (!total) return Make(rule, row, CheckStatus::kNotAssessable, details ? row + ": 总计 is blank" : "");
  double sum = 0;
  for (const auto& p : parts) sum += p.value_or(0);
  bool ok = Same(*total, sum);
  std::string text;
  if (details) {
    Sum(parts, text);
    text = row + ": 总计 " + Num(total) + (ok ? " = " : " ≠ ") + text;
  }
  return Make(rule, row, ok ? CheckStatus::kOk : CheckStatus::kFailed, std::move(text));
}

CheckResult OutcomeTotal(const Requests& t, std::size_t col, bool details) {
  const char* rule = "requests.outcome_total";
  const std::string& key = RequestColumns()[col];
  std::string cap = details ? CaptionOf(key) : std::string();
  const RequestValues* outcome_total = t.balance()[2].values;
  if (outcome_total == nullptr) {
    return Make(rule, key, CheckStatus::kNotAssessable, details ? cap + ": no (七) 总计 row" : "");
  }
  std::string missing;
  double sum = 0;
  for (const Requests::Row& row : t.outcomes()) {
    if (row.values == nullptr) missing += (missing.empty() ? "" : ", ") + row.key;
    sum += Requests::At(row.values, col).value_or(0);
  }
  if (!missing.empty()) return Make(rule, key, CheckStatus::kNotAssessable, details ? cap + ": rows absent: " + missing : "");
  std::optional<double> total = (*outcome_total)[col];
  if (!total) return Make(rule, key, CheckStatus::kNotAssessable, details ? cap + ": (七) 总计 is blank" : "");
  bool ok = Same(*total, sum);
  return Make(rule, key, ok ? CheckStatus::kOk : CheckStatus::kFailed,
              details ? cap + ": (七) " + Num(total) + (ok ? " = " : " ≠ ") + "sum of the outcome rows " + FormatNumber(sum)
                      : "");
}

// 一 + 二 = (七) + 四. Blank 二 and 四 count as 0; a blank 一 or (七) means the
// column was not filled in, so there is nothing to check.
CheckResult Balance(const Requests& t, std::size_t col, bool details) {
  const char* rule = "requests.balance";
  const std::string& key = RequestColumns()[col];
  std::string cap = details ? CaptionOf(key) : std::string();
  for (const Requests::Row& row : t.balance()) {
    if (row.values == nullptr) {
      return Make(rule, key, CheckStatus::kNotAssessable, details ? cap + ": row " + row.key + " absent" : "");
    }
  }
  const auto& rows = t.balance();
  auto a = (*rows[0].values)[col], b = (*rows[1].values)[col];
  auto c = (*rows[2].values)[col], d = (*rows[3].values)[col];
  std::string text = details ? cap + ": " + Num(a) + " + " + Num(b) : std::string();
  if (!a || !c) {
    return Make(rule, key, CheckStatus::kNotAssessable,
                details ? text + " vs " + Num(c) + " + " + Num(d) + " (a total is blank)" : "");
  }
  bool ok = Same(a.value_or(0) + b.value_or(0), c.value_or(0) + d.value_or(0));
  return Make(rule, key, ok ? CheckStatus::kOk : CheckStatus::kFailed,
              details ? text + (ok ? " = " : " ≠ ") + Num(c) + " + " + Num(d) : "");
}

bool IsAmount(const Metric& m) { return m.column == "amount"; }

}  // namespace

std::vector<CheckResult> CheckRequestRows(const RequestRows& rows, ReportFormat format, bool details) {
  std::vector<CheckResult> out;
  bool any = false;
  for (const SchemaRow& row : SchemaRows(kRequestsTable, format)) {
    auto it = rows.find(row.key);
    if (it == rows.end()) continue;
    out.push_back(RowTotal(it->second, row.key, details));
    any = true;
  }
  if (!any) return out;
  const Requests t(rows, format);
  for (std::size_t k = 0; k < RequestColumns().size(); ++k) out.push_back(OutcomeTotal(t, k, details));
  for (std::size_t k = 0; k < RequestColumns().size(); ++k) out.push_back(Balance(t, k, details));
  return out;
}

// A metric of a column outside RequestColumns() still makes its row present,
// as it always did; its value is never read.
std::vector<CheckResult> CheckRequests(const std::vector<Metric>& metrics, ReportFormat format) {
  const auto& cols = RequestColumns();
  RequestRows rows;
  for (const Metric& m : metrics) {
    if (m.table != kRequestsTable) continue;
    auto it = rows.try_emplace(m.row).first;
    auto col = std::find(cols.begin(), cols.end(), m.column);
    if (col != cols.end()) it->second[col - cols.begin()] = m.value;
  }
  return CheckRequestRows(rows, format, true);
}

std::vector<CheckResult> CheckReviewLitigation(const std::vector<Metric>& metrics) {
  Index idx(metrics, kReviewTable);
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
