// The cross-format rules are written out as data-driven skip reasons rather
// than left implicit, because an operator reading `nianbao diff` across
// 2020→2021 must see *why* half of table 2 is missing, not conclude that the
// agency stopped reporting it. Checks follow report-schema.json: blank
// addends count as 0, a blank checked value makes the check not assessable.
#include "analysis/year_over_year.h"

#include <algorithm>
#include <cmath>

#include "parser/labels.h"
#include "parser/schema.h"

namespace nianbao::analysis {
namespace {

using parser::CheckResult;
using parser::CheckStatus;
using parser::Metric;
using parser::Report;
using parser::ReportFormat;

using parser::FormatNumber;

bool SameValue(double a, double b) { return std::fabs(a - b) < 1e-9; }

std::string YearLabel(const std::optional<int>& year, const char* fallback) {
  return year ? std::to_string(*year) : fallback;
}

// Why `row` of `table` cannot be compared across the 2019→2021 format change
// (field.md §3.3); "" when it can.
std::string CrossFormatSkipReason(const std::string& table, const std::string& row) {
  if (table == parser::kRequestsTable) {
    if (row == "other" || row.rfind("other_", 0) == 0) {
      return "（六）其他处理 is one row in the 2019 format and three in 2021";
    }
    return "";
  }
  if (table == parser::kActiveTable) {
    if (row == "licensing" || row == "penalty" || row == "coercion") return "";
    if (row == "regulations" || row == "normative_documents") {
      return "第二十条第（一）项 counts different things: 新制作/新公开/对外公开总数 (2019) vs 制发/废止/现行有效 (2021)";
    }
    if (row == "fees") return "第二十条第（八）项: 项目数量 (2019) vs 收费金额 (2021)";
    return "no counterpart in the other format";
  }
  return "";
}

// Across formats only 处理决定数量 is comparable in table 2.
bool CrossFormatColumn(const std::string& table, const std::string& column) {
  return table != parser::kActiveTable || column == "decisions";
}

bool HasRow(const Report& r, const std::string& table, const std::string& row) {
  for (const Metric& m : r.metrics) {
    if (m.table == table && m.row == row) return true;
  }
  return false;
}

std::optional<double> ValueOf(const Report& r, const std::string& table, const std::string& row,
                              const std::string& column) {
  const Metric* m = r.Find(table, row, column);
  return m ? m->value : std::nullopt;
}

MetricChange Change(const Report& prev, const Report& cur, const std::string& table, const std::string& row,
                    const std::string& column) {
  MetricChange c{table, row, column, ValueOf(prev, table, row, column), ValueOf(cur, table, row, column), {}};
  if (c.previous && c.current) c.change = *c.current - *c.previous;
  return c;
}

void AddMissing(const std::vector<std::string>& from, std::vector<std::string>* to) {
  for (const std::string& s : from) {
    if (std::find(to->begin(), to->end(), s) == to->end()) to->push_back(s);
  }
}

// The rows of `table` in either format with the columns of both, the current
// format's order first.
std::vector<parser::SchemaRow> UnionRows(const std::string& table, ReportFormat prev, ReportFormat cur) {
  std::vector<parser::SchemaRow> rows = parser::SchemaRows(table, cur);
  for (const parser::SchemaRow& p : parser::SchemaRows(table, prev)) {
    auto it = std::find_if(rows.begin(), rows.end(), [&](const parser::SchemaRow& r) { return r.key == p.key; });
    if (it == rows.end()) {
      rows.push_back(p);
    } else {
      AddMissing(p.columns, &it->columns);
    }
  }
  return rows;
}

void CompareTable(const Report& prev, const Report& cur, const std::string& table, bool same_format,
                  YearDiff* out) {
  for (const parser::SchemaRow& row : UnionRows(table, prev.format, cur.format)) {
    const bool present = HasRow(prev, table, row.key) || HasRow(cur, table, row.key);
    if (!present) continue;
    const std::string reason = same_format ? "" : CrossFormatSkipReason(table, row.key);
    if (!reason.empty()) {
      out->skipped.push_back({table, row.key, reason});
      continue;
    }
    bool dropped_columns = false;
    for (const std::string& column : row.columns) {
      if (!same_format && !CrossFormatColumn(table, column)) {
        dropped_columns = true;
        continue;
      }
      out->metrics.push_back(Change(prev, cur, table, row.key, column));
    }
    if (dropped_columns) {
      out->skipped.push_back({table, row.key, "only 处理决定数量 (decisions) maps across the formats"});
    }
  }
}

CheckResult Check(const char* rule, std::string scope, CheckStatus status, std::string detail) {
  return {rule, std::move(scope), status, std::move(detail)};
}

// "" when the two years are consecutive or unknown, else why not.
std::string YearGap(const Report& prev, const Report& cur) {
  if (prev.year && cur.year && *cur.year != *prev.year + 1) {
    return "years " + std::to_string(*prev.year) + " and " + std::to_string(*cur.year) + " are not consecutive";
  }
  return "";
}

void AddCarryChecks(const Report& prev, const Report& cur, YearDiff* out) {
  const std::string gap = YearGap(prev, cur);
  const std::string py = YearLabel(prev.year, "Y-1");
  const std::string cy = YearLabel(cur.year, "Y");
  for (const std::string& col : parser::RequestColumns()) {
    const std::string caption = parser::CaptionOf(col);
    const Metric* fwd = prev.Find(parser::kRequestsTable, "carried_forward", col);
    const Metric* in = cur.Find(parser::kRequestsTable, "carried_over", col);
    if (!gap.empty()) {
      out->checks.push_back(Check("year.carry", col, CheckStatus::kNotAssessable, gap));
    } else if (!fwd || !in) {
      out->checks.push_back(Check("year.carry", col, CheckStatus::kNotAssessable,
                                  caption + ": " + (!fwd ? "四 (" + py + ")" : "二 (" + cy + ")") + " absent"));
    } else if (!fwd->value || !in->value) {
      out->checks.push_back(Check("year.carry", col, CheckStatus::kNotAssessable,
                                  caption + ": " + (!fwd->value ? "四 (" + py + ")" : "二 (" + cy + ")") +
                                      " blank"));
    } else {
      const bool ok = SameValue(*fwd->value, *in->value);
      out->checks.push_back(Check("year.carry", col, ok ? CheckStatus::kOk : CheckStatus::kFailed,
                                  caption + ": 二 (" + cy + ") " + FormatNumber(*in->value) + (ok ? " = " : " ≠ ") +
                                      "四 (" + py + ") " + FormatNumber(*fwd->value)));
    }
  }
}

void AddInForceCheck(const Report& prev, const Report& cur, const std::string& row, YearDiff* out) {
  const std::string table = parser::kActiveTable;
  if (prev.format != ReportFormat::k2021 || cur.format != ReportFormat::k2021) {
    out->checks.push_back(Check("year.in_force", row, CheckStatus::kNotAssessable,
                                std::string("needs the 2021 format in both years (") + parser::FormatName(prev.format) +
                                    " → " + parser::FormatName(cur.format) + ")"));
    return;
  }
  const std::string gap = YearGap(prev, cur);
  if (!gap.empty()) {
    out->checks.push_back(Check("year.in_force", row, CheckStatus::kNotAssessable, gap));
    return;
  }
  const Metric* before = prev.Find(table, row, "in_force");
  const Metric* now = cur.Find(table, row, "in_force");
  const Metric* issued = cur.Find(table, row, "issued");
  const Metric* repealed = cur.Find(table, row, "repealed");
  if (!before || !now || !issued || !repealed) {
    out->checks.push_back(Check("year.in_force", row, CheckStatus::kNotAssessable, row + " row absent"));
    return;
  }
  if (!now->value) {
    out->checks.push_back(Check("year.in_force", row, CheckStatus::kNotAssessable, "现行有效件数 blank"));
    return;
  }
  const double b = before->value.value_or(0), i = issued->value.value_or(0), r = repealed->value.value_or(0);
  const bool ok = SameValue(*now->value, b + i - r);
  out->checks.push_back(Check("year.in_force", row, ok ? CheckStatus::kOk : CheckStatus::kFailed,
                              "现行有效: " + FormatNumber(*now->value) + (ok ? " = " : " ≠ ") + FormatNumber(b) +
                                  " + " + FormatNumber(i) + " − " + FormatNumber(r)));
}

std::string BodyOf(const Report& r) {
  if (!r.body_text.empty()) return r.body_text;
  std::string text;
  for (const parser::Section& s : r.sections) text += s.heading + "\n" + s.text + "\n";
  return text;
}

nlohmann::ordered_json NumberOrNull(const std::optional<double>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json YearOrNull(const std::optional<int>& y) {
  return y ? nlohmann::ordered_json(*y) : nlohmann::ordered_json(nullptr);
}

}  // namespace

YearDiff CompareYears(const parser::Report& previous, const parser::Report& current) {
  YearDiff d;
  d.agency = current.agency.empty() ? previous.agency : current.agency;
  d.previous_year = previous.year;
  d.current_year = current.year;
  d.previous_format = previous.format;
  d.current_format = current.format;
  d.same_format = previous.format == current.format && current.format != ReportFormat::kUnknown;
  for (const char* table : {parser::kActiveTable, parser::kRequestsTable, parser::kReviewTable}) {
    CompareTable(previous, current, table, d.same_format, &d);
  }
  AddCarryChecks(previous, current, &d);
  AddInForceCheck(previous, current, "regulations", &d);
  AddInForceCheck(previous, current, "normative_documents", &d);
  d.text = CompareTexts(BodyOf(previous), BodyOf(current));
  return d;
}

nlohmann::ordered_json ToJson(const YearDiff& d) {
  nlohmann::ordered_json j;
  j["agency"] = d.agency;
  j["previous_year"] = YearOrNull(d.previous_year);
  j["current_year"] = YearOrNull(d.current_year);
  j["previous_format"] = parser::FormatName(d.previous_format);
  j["current_format"] = parser::FormatName(d.current_format);
  j["metrics"] = nlohmann::ordered_json::array();
  for (const MetricChange& m : d.metrics) {
    j["metrics"].push_back({{"table", m.table}, {"row", m.row}, {"column", m.column},
                            {"previous", NumberOrNull(m.previous)}, {"current", NumberOrNull(m.current)},
                            {"change", NumberOrNull(m.change)}});
  }
  j["skipped"] = nlohmann::ordered_json::array();
  for (const SkippedRow& s : d.skipped) {
    j["skipped"].push_back({{"table", s.table}, {"row", s.row}, {"reason", s.reason}});
  }
  j["checks"] = nlohmann::ordered_json::array();
  for (const CheckResult& c : d.checks) {
    j["checks"].push_back({{"rule", c.rule}, {"scope", c.scope}, {"status", parser::CheckStatusName(c.status)},
                           {"detail", c.detail}});
  }
  j["text"] = {{"sentence_reuse", d.text.sentence_reuse},
               {"shingle_similarity", d.text.shingle_similarity},
               {"sentences_compared", d.text.sentences_compared},
               {"reused", d.text.reused}};
  return j;
}

}  // namespace nianbao::analysis
