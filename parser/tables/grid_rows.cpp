#include "parser/tables/grid_rows.h"

#include <utility>

namespace nianbao::parser {
namespace {

// ViewRow over cells already normalised: `labels[i]` is NormalizeLabel(row[i].text).
template <typename Labels>
RowView ViewLabels(const Labels& labels) {
  RowView v;
  v.cells.reserve(labels.size());
  std::string_view last_piece;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::string_view piece = labels[i];
    const CellValue c = ParseNormalizedCell(piece);
    v.cells.push_back(c);
    if (c.is_value()) {
      if (v.first_value < 0) v.first_value = static_cast<int>(i);
      v.last_value = static_cast<int>(i);
      v.has_number = v.has_number || c.is_number();
      continue;
    }
    // A rowspan/colspan copy repeats its neighbour's label; join it once.
    if (c.kind == CellValue::Kind::kText && v.first_value < 0) {
      if (piece != last_piece) v.label += piece;
      last_piece = piece;
    }
  }
  return v;
}

}  // namespace

RowView ViewRow(const std::vector<GridCell>& row) {
  std::vector<std::string> labels;
  labels.reserve(row.size());
  for (const GridCell& cell : row) labels.push_back(NormalizeLabel(cell.text));
  return ViewLabels(labels);
}

// Two passes: the buffer is filled first and only then viewed, so no view
// outlives a reallocation.
GridViews::GridViews(const std::vector<Grid>& grids) {
  std::size_t bytes = 0;
  for (const Grid& g : grids) {
    for (const auto& row : g.rows) {
      for (const GridCell& cell : row) bytes += cell.text.size();
    }
  }
  text_.reserve(bytes);
  std::vector<std::size_t> ends;  // end offset of each cell's label, in grid/row/cell order
  std::string label;
  for (const Grid& g : grids) {
    for (const auto& row : g.rows) {
      for (const GridCell& cell : row) {
        NormalizeLabelInto(cell.text, label);
        text_ += label;
        ends.push_back(text_.size());
      }
    }
  }
  views_.reserve(grids.size());
  std::size_t k = 0;
  std::size_t begin = 0;
  for (const Grid& g : grids) {
    GridView view;
    view.grid = &g;
    view.labels.reserve(g.rows.size());
    view.rows.reserve(g.rows.size());
    for (const auto& row : g.rows) {
      std::vector<std::string_view> labels;
      labels.reserve(row.size());
      for (std::size_t c = 0; c < row.size(); ++c, ++k) {
        labels.emplace_back(text_.data() + begin, ends[k] - begin);
        begin = ends[k];
      }
      view.rows.push_back(ViewLabels(labels));
      view.labels.push_back(std::move(labels));
    }
    views_.push_back(std::move(view));
  }
}

}  // namespace nianbao::parser
