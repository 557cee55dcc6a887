#include "app/cli/report_printer.h"

#include <algorithm>
#include <map>
#include <vector>

#include "app/cli/text_table.h"
#include "parser/labels.h"

namespace nianbao::app {
namespace {

std::string FormatValue(const std::optional<double>& v) { return v ? parser::FormatNumber(*v) : "-"; }

// One table's metrics as rows × columns in the order they appear in the report.
std::string RenderTable(const parser::Report& r, const std::string& table) {
  std::vector<std::string> rows, cols;
  std::map<std::pair<std::string, std::string>, std::optional<double>> cells;
  for (const parser::Metric& m : r.metrics) {
    if (m.table != table) continue;
    if (std::find(rows.begin(), rows.end(), m.row) == rows.end()) rows.push_back(m.row);
    if (std::find(cols.begin(), cols.end(), m.column) == cols.end()) cols.push_back(m.column);
    cells[{m.row, m.column}] = m.value;
  }
  if (rows.empty()) return "  (not found)\n";
  std::vector<std::string> header{""};
  header.insert(header.end(), cols.begin(), cols.end());
  TextTable t(header);
  for (std::size_t c = 1; c <= cols.size(); ++c) t.AlignRight(c);
  for (const std::string& row : rows) {
    std::vector<std::string> line{row};
    for (const std::string& col : cols) {
      auto it = cells.find({row, col});
      line.push_back(it == cells.end() ? "" : FormatValue(it->second));
    }
    t.AddRow(std::move(line));
  }
  std::string out;
  std::string rendered = t.Render();
  std::size_t start = 0;
  while (start < rendered.size()) {
    std::size_t end = rendered.find('\n', start);
    out += "  " + rendered.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string RenderReportSummary(const parser::Report& r) {
  std::string out;
  out += "title:      " + (r.title.empty() ? std::string("(none)") : r.title) + "\n";
  out += "agency:     " + (r.agency.empty() ? std::string("(unknown)") : r.agency) + "\n";
  out += "year:       " + (r.year ? std::to_string(*r.year) : std::string("(unknown)")) + "\n";
  out += "format:     " + std::string(parser::FormatName(r.format)) + "\n";
  out += "published:  " + r.published.value_or("(unknown)") + "\n";
  if (r.url) out += "url:        " + *r.url + "\n";
  out += "sections:\n";
  if (r.sections.empty()) out += "  (none found)\n";
  for (const parser::Section& s : r.sections)
    out += "  " + (s.number > 0 ? std::to_string(s.number) + ". " : std::string("-  ")) + s.heading + "\n";
  for (const char* table : {"active_disclosure", "requests", "review_litigation"}) {
    out += std::string(table) + ":\n";
    out += RenderTable(r, table);
  }
  for (const parser::Attachment& a : r.attachments) out += "attachment: " + a.text + " <" + a.url + ">\n";
  int failed = 0;
  for (const parser::CheckResult& c : r.checks) {
    if (c.status != parser::CheckStatus::kFailed) continue;
    if (failed++ == 0) out += "failed checks:\n";
    out += "  " + c.rule + (c.scope.empty() ? "" : " [" + c.scope + "]") + ": " + c.detail + "\n";
  }
  if (failed == 0) out += "checks:     " + std::to_string(r.checks.size()) + " evaluated, none failed\n";
  for (const std::string& w : r.warnings) out += "warning:    " + w + "\n";
  return out;
}

}  // namespace nianbao::app
