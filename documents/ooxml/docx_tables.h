// A DOCX table (w:tbl) as parser::Grids, the shape html_tables.cpp BuildGrid
// gives an HTML table: w:gridSpan repeats the cell to its right and
// w:vMerge="continue" repeats the restart cell's text below it, the copies
// flagged `spanned`; w:gridBefore leaves empty cells; short rows are padded
// (Grid::ragged). A table inside a cell becomes its own Grid after the outer
// one, while the outer cell keeps the inner table's text.
//
// Pure function over a parsed part (whose depth ooxml_part.h bounded).
#pragma once

#include <cstddef>
#include <vector>

#include <pugixml.hpp>

#include "parser/tables/grid.h"

namespace nianbao::documents {

// The outer Grid first, then nested ones in document order. Sets
// `over_limit` and stops when the cells of all grids pass `max_cells`.
std::vector<parser::Grid> ReadDocxTable(const pugi::xml_node& tbl, std::size_t max_cells, bool& over_limit);

}  // namespace nianbao::documents
