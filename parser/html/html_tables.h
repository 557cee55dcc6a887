// Turning one HTML <table> into a Grid, and deciding what kind of table it is.
//
// BuildGrid expands rowspan/colspan (each capped at `max_span`; rowspans are
// clipped at the table's end, as HTML does) into a rectangle, marking the
// copies `spanned`, and stops adding rows once `max_cells` would be exceeded.
// Cell text is NodeText of the cell, so Word's <span>/<o:p> fragments join and
// &nbsp; collapses. Nested tables are not descended: see ClassifyTable.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <string>

#include "parser/tables/grid.h"

namespace nianbao::parser {

enum class TableKind {
  kData,      // a table of the report: becomes a Grid
  kLayout,    // cells hold tables, or the table is one cell: its content is page flow
  kMetadata,  // the page's 索引号/发布机构 block: dropped
  kEmpty,     // no text at all: dropped
};

TableKind ClassifyTable(const GumboNode* table);

struct GridBuild {
  Grid grid;
  bool span_capped = false;  // some span exceeded max_span
  bool truncated = false;    // rows dropped to stay under max_cells
};

// REQUIRES: `table` is a <table> element.
GridBuild BuildGrid(const GumboNode* table, int max_span, std::size_t max_cells);

}  // namespace nianbao::parser
