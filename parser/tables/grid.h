// Grid: one table as a rectangle of cell texts, whatever it came from (an HTML
// <table> with rowspan/colspan expanded, a tab- or pipe-separated block of a
// converted PDF/DOC). The table mapper reads only Grids, so every input path
// shares one mapper.
//
// Invariants: every row has the same number of cells (width()); a cell covered
// by a span repeats the text of the spanning cell and has `spanned` set, so
// label lookups see the label and value reads can tell copies from originals.
// Cell text is UTF-8, whitespace-collapsed and trimmed.
#pragma once

#include <string>
#include <vector>

namespace nianbao::parser {

struct GridCell {
  std::string text;
  bool spanned = false;  // a copy made by rowspan/colspan expansion
};

struct Grid {
  std::vector<std::vector<GridCell>> rows;
  // Text right before the table (a paragraph caption such as "三、收到和处理…"),
  // empty when none.
  std::string caption;
  // True when some source row had fewer cells than the grid's width and was
  // padded at the end (the "lost column" of converted reports).
  bool ragged = false;
  // Cells per source row before padding; same size as rows.
  std::vector<int> source_widths;
  // 1-based page where the table starts in a paged document (PDF); 0 elsewhere.
  int page = 0;

  std::size_t height() const { return rows.size(); }
  std::size_t width() const { return rows.empty() ? 0 : rows.front().size(); }
};

}  // namespace nianbao::parser
