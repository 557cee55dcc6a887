// ReadXlsx: an OOXML spreadsheet to parts, its Grids in workbook order: cells
// placed by their r attribute ("B3"), shared and inline strings resolved,
// numbers as the file stores them (the value text), merged ranges
// (mergeCells) expanded into copies flagged `spanned`. A sheet is one Grid,
// except that rows holding a single text across the row (a title, a
// paragraph: a sheet laid out like a page) are not table rows: they split the
// sheet, and the text above a Grid is its caption. Each Grid keeps only the
// columns where one of its own rows has a cell edge (Calc puts a page's
// tables on one shared column lattice), as the HTML table had. A sheet whose cell
// rectangle passes max_table_cells is left out with a warning (kLimit when no
// sheet is left). Title: the first such text row, else the first sheet's
// name. No blocks.
//
// Stateless, thread-safe. Parts are read within `limits` (ooxml_part.h);
// failures name the part: "XLSX part xl/workbook.xml: …".
#pragma once

#include <string_view>

#include "documents/form.h"
#include "documents/limits.h"
#include "documents/read_failure.h"

namespace nianbao::documents {

Extraction ReadXlsx(std::string_view bytes, const ExtractLimits& limits);

}  // namespace nianbao::documents
