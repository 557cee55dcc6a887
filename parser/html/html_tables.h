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
#include <vector>

#include "parser/tables/grid.h"

namespace nianbao::parser {

enum class TableKind {
  kData,      // a table of the report: becomes a Grid
  kLayout,    // cells hold tables, or the table is one cell: its content is page flow
  kMetadata,  // the page's 索引号/发布机构 block: dropped
  kEmpty,     // no text at all: dropped
};

// When `cell_texts` is given and the table is read to its end (every kind but
// a layout table found by its nested table), it receives NodeText of every
// cell in row order, for BuildGrid to reuse.
TableKind ClassifyTable(const GumboNode* table, std::vector<std::string>* cell_texts = nullptr);

struct GridBuild {
  Grid grid;
  bool span_capped = false;  // some span exceeded max_span
  bool truncated = false;    // rows dropped to stay under max_cells
};

// REQUIRES: `table` is a <table> element; `cell_texts`, when given, is what
// ClassifyTable filled for this table (its strings are moved from).
GridBuild BuildGrid(const GumboNode* table, int max_span, std::size_t max_cells,
                    std::vector<std::string>* cell_texts = nullptr);

}  // namespace nianbao::parser
