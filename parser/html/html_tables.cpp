#include "parser/html/html_tables.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "parser/html/dom_util.h"
#include "parser/html/html_document.h"

namespace nianbao::parser {
namespace {

// The labels of the metadata block that gov.cn article pages put above the text.
constexpr std::array<std::string_view, 10> kMetadataLabels{
    "索引号", "发布机构", "主题分类", "发文日期", "成文日期",
    "发布日期", "文号", "公开方式", "公开范围", "有效性"};

// The rows of `table` in order, without entering nested tables. Gumbo always
// wraps rows in tbody/thead/tfoot, but rows directly under <table> are kept too.
std::vector<const GumboNode*> Rows(const GumboNode* table) {
  std::vector<const GumboNode*> rows;
  const GumboVector& kids = table->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    const auto* k = static_cast<const GumboNode*>(kids.data[i]);
    if (IsTag(k, GUMBO_TAG_TR)) {
      rows.push_back(k);
    } else if (IsTag(k, GUMBO_TAG_TBODY) || IsTag(k, GUMBO_TAG_THEAD) || IsTag(k, GUMBO_TAG_TFOOT)) {
      const GumboVector& rk = k->v.element.children;
      for (unsigned j = 0; j < rk.length; ++j) {
        const auto* r = static_cast<const GumboNode*>(rk.data[j]);
        if (IsTag(r, GUMBO_TAG_TR)) rows.push_back(r);
      }
    }
  }
  return rows;
}

std::vector<const GumboNode*> Cells(const GumboNode* row) {
  std::vector<const GumboNode*> cells;
  const GumboVector& kids = row->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    const auto* k = static_cast<const GumboNode*>(kids.data[i]);
    if (IsTag(k, GUMBO_TAG_TD) || IsTag(k, GUMBO_TAG_TH)) cells.push_back(k);
  }
  return cells;
}

// `stack` is scratch space, reused across the cells of a table.
bool ContainsTable(const GumboNode* cell, std::vector<const GumboNode*>& stack) {
  stack.assign(1, cell);
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) continue;
    if (n != cell && IsTag(n, GUMBO_TAG_TABLE)) return true;
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  return false;
}

// A span attribute as HTML reads it: leading digits, 0 or junk → `fallback`.
int SpanValue(std::string_view v, int fallback, int cap, bool& capped) {
  std::size_t i = 0;
  while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) ++i;
  long n = 0;
  bool any = false;
  for (; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i) {
    any = true;
    n = std::min<long>(n * 10 + (v[i] - '0'), 1L << 30);
  }
  if (!any || n <= 0) return fallback;
  if (n > cap) {
    capped = true;
    return cap;
  }
  return static_cast<int>(n);
}

// A span copy still waiting to fill the rows below its cell.
struct Pending {
  int rows_left = 0;
  std::string text;
};

}  // namespace

TableKind ClassifyTable(const GumboNode* table, std::vector<std::string>* cell_texts) {
  const std::vector<const GumboNode*> rows = Rows(table);
  if (cell_texts != nullptr) cell_texts->clear();
  std::size_t cells = 0;
  std::size_t labels = 0;
  bool any_text = false;
  std::vector<const GumboNode*> stack;
  for (const GumboNode* r : rows) {
    for (const GumboNode* c : Cells(r)) {
      ++cells;
      if (ContainsTable(c, stack)) return TableKind::kLayout;
      std::string t = NodeText(c);
      if (!t.empty()) any_text = true;
      for (std::string_view l : kMetadataLabels) {
        if (t.rfind(l, 0) == 0) {
          ++labels;
          break;
        }
      }
      if (cell_texts != nullptr) cell_texts->push_back(std::move(t));
    }
  }
  if (cells <= 1) return any_text ? TableKind::kLayout : TableKind::kEmpty;
  if (!any_text) return TableKind::kEmpty;
  // Report tables never have two cells starting with these labels in a small table.
  if (labels >= 2 && rows.size() <= 10) return TableKind::kMetadata;
  return TableKind::kData;
}

GridBuild BuildGrid(const GumboNode* table, int max_span, std::size_t max_cells,
                    std::vector<std::string>* cell_texts) {
  GridBuild out;
  std::size_t next_text = 0;
  const std::vector<const GumboNode*> rows = Rows(table);
  std::vector<Pending> pending;
  std::size_t total_cells = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::vector<GridCell> row;
    std::size_t col = 0;
    auto fill_pending = [&](std::size_t upto) {
      while (col < pending.size() && col < upto && pending[col].rows_left > 0) {
        row.push_back({pending[col].text, true});
        --pending[col].rows_left;
        ++col;
      }
    };
    for (const GumboNode* cell : Cells(rows[r])) {
      fill_pending(pending.size());
      const int colspan = SpanValue(Attr(cell, "colspan"), 1, max_span, out.span_capped);
      // Rows beyond the table's end do not exist: HTML clips the span there.
      const int rows_left = static_cast<int>(rows.size() - r - 1);
      const int rowspan =
          std::min(SpanValue(Attr(cell, "rowspan"), 1, max_span, out.span_capped), rows_left + 1);
      const std::string text = cell_texts != nullptr && next_text < cell_texts->size()
                                   ? std::move((*cell_texts)[next_text++])
                                   : NodeText(cell);
      for (int k = 0; k < colspan; ++k) {
        if (row.size() <= col) row.resize(col + 1);
        row[col] = {text, k > 0};
        if (pending.size() <= col) pending.resize(col + 1);
        pending[col] = {rowspan - 1, rowspan > 1 ? text : std::string()};
        ++col;
      }
    }
    fill_pending(pending.size());
    // Trailing columns a rowspan covers but no cell reached.
    while (col < pending.size()) {
      if (pending[col].rows_left > 0) {
        if (row.size() <= col) row.resize(col + 1);
        row[col] = {pending[col].text, true};
        --pending[col].rows_left;
      }
      ++col;
    }
    if (total_cells + row.size() > max_cells) {
      out.truncated = true;
      break;
    }
    total_cells += row.size();
    out.grid.source_widths.push_back(static_cast<int>(row.size()));
    out.grid.rows.push_back(std::move(row));
  }
  std::size_t width = 0;
  for (const auto& row : out.grid.rows) width = std::max(width, row.size());
  // Padding to the full width can multiply the cells; stop at the cap.
  while (!out.grid.rows.empty() && out.grid.rows.size() * width > max_cells) {
    out.grid.rows.pop_back();
    out.grid.source_widths.pop_back();
    out.truncated = true;
  }
  for (auto& row : out.grid.rows) {
    if (row.size() < width) {
      out.grid.ragged = true;
      row.resize(width);
    }
  }
  return out;
}

}  // namespace nianbao::parser
