#include "documents/word97/word_tables.h"

#include <algorithm>
#include <string>
#include <cstdlib>

#include "parser/text_builder.h"

namespace nianbao::documents::word97 {
namespace {

// Boundaries closer than this (twips) are one column edge: rows of one table
// drift by a few twips where a writer rounded widths.
constexpr int kBoundaryTolerance = 20;

struct SourceRow {
  std::vector<std::string> cells;
  RowDefinition def;
};

struct OpenTable {
  std::vector<SourceRow> rows;
  std::vector<std::string> cells;  // of the row being read
  parser::TextBuilder cell;        // the cell being read
  std::string caption;
  std::size_t order = 0;           // when the table started, for document order
};

struct DoneTable {
  std::size_t order = 0;
  parser::Grid grid;
};

std::vector<int> ColumnEdges(const std::vector<SourceRow>& rows) {
  std::vector<int> all;
  for (const SourceRow& r : rows) all.insert(all.end(), r.def.bounds.begin(), r.def.bounds.end());
  std::sort(all.begin(), all.end());
  std::vector<int> edges;
  for (int x : all) {
    if (edges.empty() || x - edges.back() > kBoundaryTolerance) edges.push_back(x);
  }
  return edges;
}

std::size_t ColumnOf(const std::vector<int>& edges, int x) {
  std::size_t best = 0;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    if (std::abs(edges[i] - x) < std::abs(edges[best] - x)) best = i;
  }
  return best;
}

// A row without usable boundaries (none, or not one per cell) is laid out one
// cell per column; the table is then read as if every row were so.
bool BoundariesUsable(const std::vector<SourceRow>& rows) {
  for (const SourceRow& r : rows) {
    if (r.def.bounds.size() != r.cells.size() + 1) return false;
  }
  return !rows.empty();
}

parser::Grid MakeGrid(std::vector<SourceRow> rows, std::string caption, std::size_t table_no,
                      std::vector<std::string>& warnings) {
  parser::Grid grid;
  grid.caption = std::move(caption);
  if (!BoundariesUsable(rows)) {
    warnings.push_back("DOC table " + std::to_string(table_no) + ": rows without cell boundaries, cells laid out in order");
    for (SourceRow& r : rows) {
      r.def.bounds.clear();
      for (std::size_t i = 0; i <= r.cells.size(); ++i) r.def.bounds.push_back(static_cast<int>(i) * 1000);
      r.def.vert_merged.assign(r.cells.size(), false);
      r.def.horz_merged.assign(r.cells.size(), false);
    }
  }
  const std::vector<int> edges = ColumnEdges(rows);
  const std::size_t width = edges.size() > 1 ? edges.size() - 1 : 1;
  for (const SourceRow& r : rows) {
    std::vector<parser::GridCell> out(width);
    std::size_t filled_to = 0;
    const std::string* left_text = nullptr;
    for (std::size_t i = 0; i < r.cells.size(); ++i) {
      std::size_t c0 = ColumnOf(edges, r.def.bounds[i]), c1 = ColumnOf(edges, r.def.bounds[i + 1]);
      if (c1 <= c0) continue;  // a zero-width cell
      bool vert = i < r.def.vert_merged.size() && r.def.vert_merged[i] && !grid.rows.empty();
      bool horz = i < r.def.horz_merged.size() && r.def.horz_merged[i] && left_text != nullptr;
      for (std::size_t c = c0; c < c1 && c < width; ++c) {
        if (vert) {
          out[c] = {grid.rows.back()[c].text, true};
        } else {
          out[c] = {horz ? *left_text : r.cells[i], horz || c > c0};
        }
      }
      left_text = &out[c0].text;
      filled_to = std::max(filled_to, c1);
    }
    if (filled_to < width) grid.ragged = true;
    // As BuildGrid counts them: the columns the row's cells reach, spans included.
    grid.source_widths.push_back(static_cast<int>(std::min(filled_to, width)));
    grid.rows.push_back(std::move(out));
  }
  return grid;
}

}  // namespace

std::optional<ReadFailure> BuildBlocksAndTables(const std::vector<Paragraph>& paragraphs, std::size_t max_cells,
                                                parser::DocumentParts& parts) {
  std::vector<OpenTable> open;
  std::vector<DoneTable> done;
  std::size_t started = 0, cells = 0, blocks_at_last_table = 0;
  auto close_top = [&]() {
    OpenTable& t = open.back();
    if (!t.cell.empty()) t.cells.push_back(t.cell.Take());
    if (!t.cells.empty()) t.rows.push_back({std::move(t.cells), {}});
    if (!t.rows.empty()) {
      parser::Grid g = MakeGrid(std::move(t.rows), std::move(t.caption), t.order + 1, parts.warnings);
      cells += g.height() * g.width();
      done.push_back({t.order, std::move(g)});
    }
    open.pop_back();
  };
  for (const Paragraph& p : paragraphs) {
    while (open.size() > static_cast<std::size_t>(p.depth)) close_top();
    if (cells > max_cells)
      return ReadFailure{ReadFailureKind::kLimit, "DOC: tables over " + std::to_string(max_cells) + " cells"};
    while (open.size() < static_cast<std::size_t>(p.depth)) {
      OpenTable t;
      t.order = started++;
      if (open.empty() && parts.blocks.size() > blocks_at_last_table) t.caption = parts.blocks.back().text;
      open.push_back(std::move(t));
    }
    if (p.depth == 0) {
      parser::TextBuilder b;
      b.Append(p.text);
      if (!b.empty()) parts.blocks.push_back({b.Take(), false});
      continue;
    }
    blocks_at_last_table = parts.blocks.size();
    OpenTable& t = open.back();
    if (p.row_end) {
      if (!t.cell.empty()) t.cells.push_back(t.cell.Take());
      t.rows.push_back({std::move(t.cells), p.row});
      t.cells.clear();
      continue;
    }
    if (!t.cell.empty()) t.cell.Break();
    t.cell.Append(p.text);
    if (p.cell_end) t.cells.push_back(t.cell.Take());
  }
  while (!open.empty()) close_top();
  if (cells > max_cells)
    return ReadFailure{ReadFailureKind::kLimit, "DOC: tables over " + std::to_string(max_cells) + " cells"};
  std::sort(done.begin(), done.end(), [](const DoneTable& a, const DoneTable& b) { return a.order < b.order; });
  for (DoneTable& d : done) parts.tables.push_back(std::move(d.grid));
  return std::nullopt;
}

}  // namespace nianbao::documents::word97
