// Lattice tables: cells found from the ruling lines of a page, and the page's
// characters assigned to them by box centre. A table is a connected set of
// rulings with at least two horizontal and two vertical lines; its columns
// are the clustered x of the vertical lines, its rows the clustered y of the
// horizontal ones; two neighbouring grid cells are one (a span) where the
// line between them is missing, so a merged cell comes out like an HTML
// rowspan/colspan (copies flagged spanned). Pure geometry, no MuPDF.
#pragma once

#include <string>
#include <vector>

#include "documents/pdf/pdf_geometry.h"
#include "parser/tables/grid.h"

namespace nianbao::documents::pdf {

// One cell of a lattice: rows r0..r1 and columns c0..c1 of the grid lines
// (inclusive), its text once filled.
struct LatticeCell {
  int r0 = 0, r1 = 0, c0 = 0, c1 = 0;
  std::string text;
  // Not closed on the right by the table's outer line: the space beside a
  // row printed with fewer cells (HTML's "lost column"); the grid pads it.
  bool open = false;
};

struct LatticeTable {
  Box box;                       // the outer lines
  std::vector<float> xs, ys;     // grid lines, increasing
  std::vector<Ruling> rulings;   // the lines that made it
  std::vector<LatticeCell> cells;
};

// The tables the rulings draw, top to bottom, cells without text; a table of
// more than `max_cells` grid cells is left out. Rulings are
// bounded by the caller; the work is O(n log n + rows*cols).
std::vector<LatticeTable> FindLattices(const std::vector<Ruling>& rulings, std::size_t max_cells);

// One table from `rulings` (the largest when they draw several), or an empty
// table (no cells) when they draw none. `soft_ys` are lines that are a page
// break of a continued table: a cell cut by one is joined again when the part
// below is empty or does not start a new label (an enumerator or a number).
LatticeTable BuildLattice(const std::vector<Ruling>& rulings, const std::vector<float>& soft_ys,
                          const std::vector<PageChar>& chars, std::size_t max_cells);

// Fills the cells with the characters whose centre lies inside; sets
// used[i] for each character taken. Wrapped lines of a cell are joined
// without a space (CJK labels, a number printed over two lines), with one
// between two Latin letters.
void FillCells(LatticeTable& table, const std::vector<PageChar>& chars, std::vector<bool>* used);

// The table as a Grid: spans expanded, copies spanned; an empty open cell is
// padding (text "", not spanned, the row's source width ends before it and
// the grid is ragged), as HTML pads a short row.
parser::Grid ToGrid(const LatticeTable& table);

// Characters to text lines: grouped by MuPDF line, ordered by x; spaces
// between CJK characters dropped, runs of spaces collapsed. Used by cells and
// by the text layout.
std::string JoinLineChars(std::vector<PageChar> chars);

}  // namespace nianbao::documents::pdf
