// A table row split the way a reader splits it: the label on the left (the
// text cells before the first number, spans and wrapping joined), then the
// value cells. Shared by the table mappers; internal to parser/.
//
// GridViews reads a document's grids once: every cell normalised and parsed,
// every row viewed. The mappers look rows up by label many times (format
// markers, headers, each reading of table 三), so they share one GridViews
// instead of normalising a cell per comparison.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parser/tables/grid.h"
#include "parser/labels.h"

namespace nianbao::parser {

struct RowView {
  std::string label;             // NormalizeLabel of the label cells, joined
  std::vector<CellValue> cells;  // ParseCell of every cell of the row
  int first_value = -1;          // first cell that is a number or an explicit nothing; -1: none
  int last_value = -1;           // last such cell
  bool has_number = false;
};

RowView ViewRow(const std::vector<GridCell>& row);

// One grid as the mappers read it. `labels[r][c]` is NormalizeLabel of
// grid->rows[r][c].text, a view into the owning GridViews' buffer; `rows[r]`
// is ViewRow(grid->rows[r]).
struct GridView {
  const Grid* grid = nullptr;
  std::vector<std::vector<std::string_view>> labels;
  std::vector<RowView> rows;

  std::size_t height() const { return rows.size(); }
};

// Owns the normalised text of all `grids` in one buffer, which the views
// point into; hence neither copyable nor movable. Borrows `grids`, which must
// outlive it.
class GridViews {
 public:
  explicit GridViews(const std::vector<Grid>& grids);
  GridViews(const GridViews&) = delete;
  GridViews& operator=(const GridViews&) = delete;

  const std::vector<GridView>& grids() const { return views_; }

 private:
  std::string text_;
  std::vector<GridView> views_;
};

// True when `s` contains `part`.
inline bool Has(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

}  // namespace nianbao::parser
