#include "parser/tables/table_mapper.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>

#include "parser/tables/grid_rows.h"
#include "parser/labels.h"
#include "parser/tables/requests_mapper.h"
#include "parser/schema.h"

namespace nianbao::parser {
namespace {

using Row = std::map<std::string, std::optional<double>>;  // column key → value

// ---- format ----------------------------------------------------------------

// How many of each marker set occur in any cell; one pass over the cells
// (grids can hold millions) for both sets.
std::array<int, 2> CountMarkers(const GridViews& views, const std::array<std::vector<std::string_view>, 2>& sets) {
  std::array<std::vector<bool>, 2> hit{std::vector<bool>(sets[0].size(), false),
                                       std::vector<bool>(sets[1].size(), false)};
  for (const GridView& g : views.grids()) {
    for (std::size_t r = 0; r < g.height(); ++r) {
      const auto& row = g.grid->rows[r];
      for (std::size_t c = 0; c < row.size(); ++c) {
        if (row[c].spanned || row[c].text.empty()) continue;
        const std::string_view t = g.labels[r][c];
        for (std::size_t k = 0; k < 2; ++k) {
          for (std::size_t m = 0; m < sets[k].size(); ++m) hit[k][m] = hit[k][m] || Has(t, sets[k][m]);
        }
      }
    }
  }
  return {static_cast<int>(std::count(hit[0].begin(), hit[0].end(), true)),
          static_cast<int>(std::count(hit[1].begin(), hit[1].end(), true))};
}

// A (六) 其他处理 row carrying numbers itself is the 2019 layout's single row.
bool HasSingleOtherRow(const GridViews& views) {
  for (const GridView& g : views.grids()) {
    for (const RowView& v : g.rows) {
      // Only a label holding 其他处理 can be the "other" row: test that first.
      if (v.has_number && Has(v.label, "其他处理") && RequestRowKey(v.label, "") == "other") return true;
    }
  }
  return false;
}

// ---- table 二 --------------------------------------------------------------

std::string ActiveRowKey(std::string_view label) {
  if (label.empty()) return {};
  if (Has(label, "规范性文件")) return "normative_documents";
  if (Has(label, "规章")) return "regulations";
  if (Has(label, "其他对外管理服务")) return "other_services";
  if (Has(label, "行政许可")) return "licensing";
  if (Has(label, "行政处罚")) return "penalty";
  if (Has(label, "行政强制")) return "coercion";
  if (Has(label, "行政事业性收费")) return "fees";
  if (Has(label, "集中采购")) return "procurement";
  return {};
}

std::string ActiveColumnKey(std::string_view h) {
  if (Has(h, "本年制发")) return "issued";
  if (Has(h, "废止") || Has(h, "度止")) return "repealed";
  if (Has(h, "现行有效")) return "in_force";
  if (Has(h, "收费金额")) return "amount";
  if (Has(h, "新制作")) return "made";
  if (Has(h, "新公开")) return "published";
  if (Has(h, "公开总数")) return "total";
  if (Has(h, "项目数量") && Has(h, "上")) return "prior_items";
  if (Has(h, "增/减") || Has(h, "增减")) return "change";
  if (Has(h, "处理决定")) return "decisions";
  if (Has(h, "采购项目")) return "items";
  if (Has(h, "采购") && Has(h, "金额")) return "amount";
  return {};
}

struct ActiveResult {
  std::map<std::string, Row> rows;
  std::vector<std::string> warnings;
};

std::optional<double> ReadCell(const CellValue& c, const std::string& where, std::vector<std::string>& warnings) {
  if (c.kind == CellValue::Kind::kText) warnings.push_back(where + ": text where a number belongs; left blank");
  return c.is_number() ? std::optional<double>(c.value) : std::nullopt;
}

// Header rows ("信息内容 | 本年制发件数 | …") give each block's columns; data
// rows read the cell under each column's first header cell.
ActiveResult ReadActive(const GridViews& views, ReportFormat format) {
  ActiveResult out;
  const auto& schema = SchemaRows(kActiveTable, format);
  for (const GridView& g : views.grids()) {
    std::map<std::string, int> header;  // column key → first column holding it
    bool header_seen = false;
    for (std::size_t ri = 0; ri < g.height(); ++ri) {
      const auto& labels = g.labels[ri];
      const RowView& v = g.rows[ri];
      if (!v.has_number && Has(v.label, "信息内容")) {
        header.clear();
        header_seen = true;
        for (std::size_t c = 0; c < labels.size(); ++c) {
          std::string key = ActiveColumnKey(labels[c]);
          if (!key.empty() && !header.count(key)) header[key] = static_cast<int>(c);
        }
        continue;
      }
      std::string key = ActiveRowKey(v.label);
      if (key.empty() && v.has_number && ri + 1 < g.height()) {
        // "行政规范" / "性文件": the label wraps onto a row without numbers.
        const RowView& next = g.rows[ri + 1];
        if (!next.has_number) key = ActiveRowKey(v.label + next.label);
      }
      if (key.empty() || (!v.has_number && !header_seen) || out.rows.count(key)) continue;
      auto it = std::find_if(schema.begin(), schema.end(), [&](const SchemaRow& r) { return r.key == key; });
      if (it == schema.end()) {
        out.warnings.push_back("active_disclosure." + key + ": row is not part of the " +
                               std::string(FormatName(format)) + " layout; dropped");
        continue;
      }
      Row values;
      int next = v.first_value;  // no header: read the values in schema order
      for (const std::string& col : it->columns) {
        std::string where = "active_disclosure." + key + "." + col;
        auto h = header.find(col);
        if (h != header.end() && h->second < static_cast<int>(v.cells.size())) {
          values[col] = ReadCell(v.cells[h->second], where, out.warnings);
        } else if (header.empty() && next >= 0 && next < static_cast<int>(v.cells.size())) {
          values[col] = ReadCell(v.cells[next++], where, out.warnings);
        } else {
          values[col] = std::nullopt;
        }
      }
      out.rows[key] = values;
    }
  }
  return out;
}

// ---- table 四 --------------------------------------------------------------

std::string ReviewColumnKey(std::string_view h) {
  for (auto [caption, key] : {std::pair{"结果维持", "upheld"}, {"结果纠正", "corrected"}, {"其他结果", "other"},
                              {"尚未审结", "pending"}, {"总计", "total"}}) {
    if (h.size() >= std::strlen(caption) && h.compare(h.size() - std::strlen(caption), std::string::npos, caption) == 0) {
      return key;
    }
  }
  return {};
}

// The header text of one column read top-down, so captions wrapped over two
// rows ("结果" / "维持") and span copies ("行政复议" × 5) read as one.
std::vector<std::string_view> ColumnPieces(const GridView& g, std::size_t rows, std::size_t col) {
  std::vector<std::string_view> pieces;
  for (std::size_t r = 0; r < rows; ++r) {
    std::string_view t = g.labels[r][col];
    if (!t.empty() && (pieces.empty() || pieces.back() != t)) pieces.push_back(t);
  }
  return pieces;
}

// The nearest group caption above a column's result caption.
std::string GroupOf(const std::vector<std::string_view>& pieces) {
  for (std::size_t i = pieces.size(); i-- > 0;) {
    const std::string_view t = pieces[i];
    if (Has(t, "复议后")) return "litigation_after_review";
    if (Has(t, "未经复议") || Has(t, "直接起诉")) return "litigation_direct";
    if (Has(t, "行政复议") && !Has(t, "诉讼")) return "review";
  }
  return {};
}

void ReadReviewGrid(const GridView& view, std::map<std::string, Row>& out, std::vector<std::string>& warnings) {
  const Grid& g = *view.grid;
  std::size_t header_rows = 0;
  while (header_rows < g.height() && !view.rows[header_rows].has_number) ++header_rows;
  std::size_t data = header_rows;
  if (data >= g.height()) {
    // No number below the header: the cells are all blank (seed 004's
    // 行政复议); the blank row is the first one after the last caption.
    std::size_t last = 0;
    for (std::size_t r = 0; r < g.height(); ++r) {
      for (const auto& cell : g.rows[r]) {
        if (!cell.text.empty()) last = r;
      }
    }
    data = header_rows = last + 1;
    if (data >= g.height()) return;
  }
  std::vector<std::size_t> starts;
  std::vector<std::vector<std::string_view>> pieces(g.width());
  for (std::size_t c = 0; c < g.width(); ++c) {
    pieces[c] = ColumnPieces(view, header_rows, c);
    std::string joined;
    for (const auto& p : pieces[c]) joined += p;
    if (ReviewColumnKey(joined) == "upheld") starts.push_back(c);
  }
  if (starts.empty() || starts.size() > 3) return;
  static const char* kByCount[3][3] = {{"review"}, {"litigation_direct", "litigation_after_review"},
                                       {"review", "litigation_direct", "litigation_after_review"}};
  static const char* kOrder[] = {"upheld", "corrected", "other", "pending", "total"};
  const auto& row = g.rows[data];
  const RowView& cells = view.rows[data];
  for (std::size_t i = 0; i < starts.size(); ++i) {
    std::size_t col = starts[i];
    std::string group = GroupOf(pieces[col]);
    if (group.empty()) group = kByCount[starts.size() - 1][i];
    if (out.count(group)) continue;
    Row values;
    for (std::size_t k = 0; k < 5; ++k) {
      std::size_t c = col + k;
      std::string joined;
      if (c < g.width()) {
        for (const auto& p : pieces[c]) joined += p;
      }
      std::string key = ReviewColumnKey(joined);
      if (key.empty() || values.count(key)) key = kOrder[k];
      CellValue cell = c < row.size() ? cells.cells[c] : CellValue{};
      values[key] = ReadCell(cell, "review_litigation." + group + "." + key, warnings);
    }
    out[group] = values;
  }
}

void Emit(const std::string& table, ReportFormat format, const std::map<std::string, Row>& rows,
          std::vector<Metric>& out) {
  for (const SchemaRow& sr : SchemaRows(table, format)) {
    auto it = rows.find(sr.key);
    if (it == rows.end()) continue;
    for (const std::string& col : sr.columns) {
      auto v = it->second.find(col);
      out.push_back({table, sr.key, col, v == it->second.end() ? std::nullopt : v->second});
    }
  }
}

ReportFormat FormatOf(const GridViews& grids, std::optional<int> year) {
  const std::array<int, 2> counts = CountMarkers(
      grids, {{{"新制作", "新公开数量", "公开总数", "上一年项目", "增/减", "集中采购", "第二十条第(九)项"},
               {"本年制发", "本年废止", "本年度止", "现行有效", "收费金额", "逾期不补正", "缴纳费用"}}});
  int f2019 = counts[0] + (HasSingleOtherRow(grids) ? 1 : 0);
  int f2021 = counts[1];
  if (f2019 > f2021) return ReportFormat::k2019;
  if (f2021 > f2019) return ReportFormat::k2021;
  if (!year) return ReportFormat::kUnknown;
  if (*year >= 2021) return ReportFormat::k2021;
  if (*year >= 2019) return ReportFormat::k2019;
  return ReportFormat::kUnknown;
}

}  // namespace

ReportFormat DetectFormat(const std::vector<Grid>& grids, std::optional<int> year) {
  return FormatOf(GridViews(grids), year);
}

MappedTables MapTables(const std::vector<Grid>& grids, std::optional<int> year) {
  MappedTables out;
  const GridViews views(grids);
  out.format = FormatOf(views, year);
  ActiveResult active = ReadActive(views, out.format);
  RequestsTable requests = ReadRequests(views, out.format);
  std::map<std::string, Row> review;
  std::vector<std::string> review_warnings;
  for (const GridView& g : views.grids()) ReadReviewGrid(g, review, review_warnings);

  Emit(kActiveTable, out.format, active.rows, out.metrics);
  std::map<std::string, Row> req_rows;
  const auto& cols = RequestColumns();
  for (const auto& [key, values] : requests.rows) {
    for (std::size_t k = 0; k < cols.size(); ++k) req_rows[key][cols[k]] = values[k];
    bool in_schema = false;
    for (const SchemaRow& sr : SchemaRows(kRequestsTable, out.format)) in_schema = in_schema || sr.key == key;
    if (!in_schema) {
      out.warnings.push_back("requests." + key + ": row is not part of the " + std::string(FormatName(out.format)) +
                             " layout; dropped");
    }
  }
  Emit(kRequestsTable, out.format, req_rows, out.metrics);
  Emit(kReviewTable, out.format, review, out.metrics);

  out.shape = std::move(requests.shape);
  out.warnings.insert(out.warnings.end(), active.warnings.begin(), active.warnings.end());
  out.warnings.insert(out.warnings.end(), requests.warnings.begin(), requests.warnings.end());
  out.warnings.insert(out.warnings.end(), review_warnings.begin(), review_warnings.end());
  out.found = !out.metrics.empty();
  // Without a table there is no layout to read; the year alone does not make one.
  if (!out.found) out.format = ReportFormat::kUnknown;
  return out;
}

}  // namespace nianbao::parser
