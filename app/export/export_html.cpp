// The page is built as a string with every piece of data escaped, so a title
// with "<" or quotes cannot break the markup. All styling is inline CSS and the
// only script is a few lines that copy a cell's details into a panel: the file
// must open from a mail attachment or a USB stick, with no network at all.
#include "app/export/export_html.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "analysis/deadline.h"
#include "app/export/export_table.h"
#include "app/cli/time_format.h"
#include "parser/labels.h"

namespace nianbao::app {
namespace {

constexpr CellState kLegendOrder[] = {CellState::kOnTime,    CellState::kLate,   CellState::kChecksFailed,
                                      CellState::kUnreadable, CellState::kOverdue, CellState::kNotDue,
                                      CellState::kNotExpected};

using Key = std::pair<std::string, int>;  // agency, year

struct Grid {
  std::vector<int> years;
  std::vector<std::pair<std::string, std::string>> rows;  // (source, agency), sorted
  std::map<Key, const analysis::Obligation*> obligations;
  std::map<Key, const storage::StoredReport*> reports;
};

Grid BuildGrid(const DashboardInput& in) {
  Grid g;
  std::set<int> years;
  std::map<std::string, std::string> source_of;
  for (const analysis::Obligation& o : in.obligations) {
    g.obligations[{o.agency, o.year}] = &o;
    years.insert(o.year);
    if (!source_of.count(o.agency) || source_of[o.agency].empty()) source_of[o.agency] = o.source;
  }
  for (const storage::StoredReport& r : in.reports) {
    g.reports[{r.agency, r.year}] = &r;
    years.insert(r.year);
    source_of.emplace(r.agency, "");
  }
  if (in.year) years = {*in.year};
  g.years.assign(years.begin(), years.end());
  for (const auto& [agency, source] : source_of) g.rows.push_back({source, agency});
  std::sort(g.rows.begin(), g.rows.end());
  return g;
}

std::optional<double> MetricOf(const storage::StoredReport& r, const char* table, const char* row,
                               const char* column) {
  for (const storage::MetricValue& m : r.metrics)
    if (m.table == table && m.row == row && m.column == column) return m.value;
  return std::nullopt;
}

std::string Figure(const std::optional<double>& v) { return v ? parser::FormatNumber(*v) : "—"; }

// The key figures of a report, one per line.
std::string KeyFigures(const storage::StoredReport& r) {
  auto lit = [&](const char* row) { return MetricOf(r, "review_litigation", row, "total"); };
  std::optional<double> litigation;
  if (lit("litigation_direct") || lit("litigation_after_review"))
    litigation = lit("litigation_direct").value_or(0) + lit("litigation_after_review").value_or(0);
  return fmt::format(
      "新收申请 {}\n予以公开 {}\n行政复议 {}\n行政诉讼 {}\n规范性文件制发 {}",
      Figure(MetricOf(r, "requests", "new", "total")), Figure(MetricOf(r, "requests", "granted", "total")),
      Figure(lit("review")), Figure(litigation),
      Figure(MetricOf(r, "active_disclosure", "normative_documents", "issued")));
}

std::string CellText(CellState s, const analysis::Obligation* o, const storage::StoredReport* r) {
  auto month_day = [](const std::optional<std::string>& date) {
    return date && date->size() == 10 ? date->substr(5) : std::string("✓");
  };
  switch (s) {
    case CellState::kOnTime:
      return month_day(r->published);
    case CellState::kLate:
      return "late " + month_day(r->published);
    case CellState::kChecksFailed:
      return std::to_string(r->checks_failed) + " ✗";
    case CellState::kUnreadable:
      return std::string(storage::ToString(r->status));
    case CellState::kOverdue:
      return "overdue";
    case CellState::kNotDue:
      return o ? "due " + analysis::FormatDate(o->due.date).substr(5) : "";
    case CellState::kNotExpected:
      return "";
  }
  return "";
}

std::string CellDetail(CellState s, const std::string& agency, int year, const analysis::Obligation* o,
                       const storage::StoredReport* r) {
  std::string d = fmt::format("{} {}: {}", agency, year, CellLabel(s));
  if (o) d += "\ndue " + analysis::FormatDate(o->due.date);
  if (o && o->first_seen) d += ", first seen " + LocalTime(*o->first_seen);
  if (r) {
    d += "\n" + r->title;
    if (r->published) d += "\npublished " + *r->published;
    d += "\nstatus " + std::string(storage::ToString(r->status)) + ", " + std::to_string(r->checks_failed) + " checks failed";
    if (r->status == storage::ReportStatus::kParsed) d += "\n" + KeyFigures(*r);
    if (!r->url.empty()) d += "\n" + r->url;
  }
  return d;
}

constexpr char kStyle[] = R"(
:root { --on-time:#b7e1b0; --late:#ffd59a; --checks-failed:#fff176; --unreadable:#cdb8e8;
        --overdue:#f4a3a3; --not-due:#e8ecef; --not-expected:#fff; }
* { box-sizing: border-box; }
body { font: 14px/1.4 "Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",system-ui,sans-serif;
       margin: 16px 24px; color: #222; }
h1 { font-size: 20px; margin: 0 0 4px; }
.meta { color: #555; margin: 0 0 12px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; margin: 0 0 12px; padding: 0; list-style: none; }
.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; vertical-align: middle; width: 14px; height: 14px; border: 1px solid #999; border-radius: 2px; }
.wrap { overflow: auto; max-height: 70vh; border: 1px solid #ccc; }
table.grid { border-collapse: collapse; min-width: 100%; }
.grid th, .grid td { border: 1px solid #d0d0d0; padding: 3px 8px; white-space: nowrap; }
.grid thead th { position: sticky; top: 0; background: #f5f5f5; z-index: 2; }
.grid th.agency { position: sticky; left: 0; background: #fafafa; text-align: left; font-weight: normal; z-index: 1; }
.grid thead th.agency { z-index: 3; font-weight: bold; }
.grid td.source { color: #666; font-size: 12px; }
.grid td.cell { text-align: center; min-width: 84px; cursor: pointer; }
.grid tfoot th, .grid tfoot td { background: #f5f5f5; font-size: 12px; text-align: center; }
.grid tfoot th { text-align: left; }
.on-time { background: var(--on-time); } .late { background: var(--late); }
.checks-failed { background: var(--checks-failed); } .unreadable { background: var(--unreadable); }
.overdue { background: var(--overdue); font-weight: bold; } .not-due { background: var(--not-due); color: #555; }
.not-expected { background: var(--not-expected); }
td.cell:hover { outline: 2px solid #333; }
#detail { white-space: pre-wrap; margin-top: 12px; padding: 8px; border: 1px solid #ccc; background: #fafafa;
          min-height: 3em; }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  body { margin: 0; font-size: 10px; }
  .wrap { overflow: visible; max-height: none; border: 0; }
  .grid thead th, .grid th.agency { position: static; }
  .grid td.cell { min-width: 0; padding: 1px 4px; cursor: auto; }
  #detail, .hint { display: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)";

constexpr char kScript[] = R"(
document.querySelectorAll('td.cell').forEach(function (td) {
  td.addEventListener('click', function () {
    document.getElementById('detail').textContent = td.getAttribute('title');
  });
});
)";

std::string Legend() {
  std::string out = "<ul class=\"legend\">";
  for (CellState s : kLegendOrder)
    out += fmt::format("<li><span class=\"swatch {}\"></span>{}</li>", CellClass(s), CellLabel(s));
  return out + "</ul>\n";
}

std::string Footer(const Grid& g, const std::map<std::pair<int, CellState>, int>& counts) {
  std::string out = "<tfoot>\n";
  for (CellState s : kLegendOrder) {
    if (s == CellState::kNotExpected) continue;
    out += fmt::format("<tr class=\"count\"><th class=\"agency\"><span class=\"swatch {}\"></span> {}</th><td></td>",
                       CellClass(s), CellLabel(s));
    for (int y : g.years) {
      auto it = counts.find({y, s});
      int n = it == counts.end() ? 0 : it->second;
      out += fmt::format("<td data-year=\"{}\" data-state=\"{}\">{}</td>", y, CellClass(s), n);
    }
    out += "</tr>\n";
  }
  return out + "</tfoot>\n";
}

}  // namespace

const char* CellClass(CellState s) {
  switch (s) {
    case CellState::kOnTime: return "on-time";
    case CellState::kLate: return "late";
    case CellState::kChecksFailed: return "checks-failed";
    case CellState::kUnreadable: return "unreadable";
    case CellState::kOverdue: return "overdue";
    case CellState::kNotDue: return "not-due";
    case CellState::kNotExpected: return "not-expected";
  }
  return "not-expected";
}

const char* CellLabel(CellState s) {
  switch (s) {
    case CellState::kOnTime: return "on time";
    case CellState::kLate: return "late";
    case CellState::kChecksFailed: return "checks failed";
    case CellState::kUnreadable: return "unreadable (attachment or failed)";
    case CellState::kOverdue: return "overdue";
    case CellState::kNotDue: return "not yet due";
    case CellState::kNotExpected: return "not expected";
  }
  return "";
}

CellState CellStateOf(const analysis::Obligation* obligation, const storage::StoredReport* report) {
  if (report) {
    if (report->status != storage::ReportStatus::kParsed) return CellState::kUnreadable;
    if (obligation && obligation->state == analysis::ComplianceState::kLate) return CellState::kLate;
    if (report->checks_failed > 0) return CellState::kChecksFailed;
    return CellState::kOnTime;
  }
  if (!obligation) return CellState::kNotExpected;
  if (obligation->state == analysis::ComplianceState::kOverdue) return CellState::kOverdue;
  return CellState::kNotDue;
}

std::string HtmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string RenderDashboard(const DashboardInput& in) {
  Grid g = BuildGrid(in);
  std::map<std::pair<int, CellState>, int> counts;
  std::string body;
  for (const auto& [source, agency] : g.rows) {
    body += fmt::format("<tr><th class=\"agency\" scope=\"row\">{}</th><td class=\"source\">{}</td>",
                        HtmlEscape(agency), HtmlEscape(source));
    for (int y : g.years) {
      auto oi = g.obligations.find({agency, y});
      auto ri = g.reports.find({agency, y});
      const analysis::Obligation* o = oi == g.obligations.end() ? nullptr : oi->second;
      const storage::StoredReport* r = ri == g.reports.end() ? nullptr : ri->second;
      CellState s = CellStateOf(o, r);
      ++counts[{y, s}];
      body += fmt::format("<td class=\"cell {}\" data-year=\"{}\" title=\"{}\">{}</td>", CellClass(s), y,
                          HtmlEscape(CellDetail(s, agency, y, o, r)), HtmlEscape(CellText(s, o, r)));
    }
    body += "</tr>\n";
  }
  std::string head = "<tr><th class=\"agency\">agency</th><th>source</th>";
  for (int y : g.years) head += fmt::format("<th class=\"year\">{}</th>", y);
  head += "</tr>";
  std::string title = in.year ? fmt::format("政府信息公开工作年度报告 {} — compliance", *in.year)
                              : std::string("政府信息公开工作年度报告 — compliance");
  std::string page = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  page += "<title>" + HtmlEscape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  page += "<h1>" + HtmlEscape(title) + "</h1>\n";
  page += fmt::format("<p class=\"meta\">{} agencies, {} reports; generated {} by nianbao. "
                      "<span class=\"hint\">Hover or click a cell for details.</span></p>\n",
                      g.rows.size(), in.reports.size(), HtmlEscape(in.generated));
  page += Legend();
  page += "<div class=\"wrap\">\n<table class=\"grid\">\n<thead>" + head + "</thead>\n<tbody>\n" + body +
          "</tbody>\n" + Footer(g, counts) + "</table>\n</div>\n";
  if (g.rows.empty()) page += "<p class=\"empty\">No agencies or reports yet.</p>\n";
  page += "<div id=\"detail\" aria-live=\"polite\">Click a cell to see its report here.</div>\n<script>" + std::string(kScript) +
          "</script>\n</body>\n</html>\n";
  return page;
}

}  // namespace nianbao::app
