// Stream tables: the tables of a page drawn without ruling lines (a page
// printed with its borders off), found from the text alignment alone. The
// page's text lines are cut into fragments at wide gaps; lines stacked close
// under each other in one column are one cell (a label wrapped over two
// lines, "自然" over "人"); cells whose centres share a height are one row. A
// table is a run of rows with two or more cells, one of them a number, of
// which the rows of a single text (a heading, "第二十条第（五）项") are not part.
// Its column edges lie in the x ranges that few of its rows cover (the gaps
// between the cells, which a label spanning several columns crosses in only
// a few rows). A cell that crosses column edges spans those columns, and
// comes out as the lattice's spans do (copies flagged spanned): the same
// parser::Grid the lattice gives.
//
// Pure geometry, no MuPDF, no state; O(n log n + rows × columns) per page.
// Used only on pages where the rulings draw no table, in a document whose
// rulings draw no table with numbers (pdf_reader.cpp).
#pragma once

#include <vector>

#include "documents/pdf/pdf_geometry.h"
#include "parser/tables/grid.h"

namespace nianbao::documents::pdf {

struct StreamTable {
  parser::Grid grid;  // caption: the single text right above the table, if any
  Box box;            // of all its cells
};

// The stream tables of a page's characters, top to bottom; sets used[i] for
// each character a table took. A table of more than `max_cells` grid cells
// is left out.
std::vector<StreamTable> FindStreamTables(const std::vector<PageChar>& chars, std::vector<bool>* used,
                                          std::size_t max_cells);

}  // namespace nianbao::documents::pdf
