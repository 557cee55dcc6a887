// ReadXlsx: an OOXML spreadsheet to parts, one Grid per worksheet in workbook
// order: cells placed by their r attribute ("B3"), shared and inline strings
// resolved, numbers as the file stores them (the value text), merged ranges
// (mergeCells) expanded into copies flagged `spanned`. A sheet whose cell
// rectangle passes max_table_cells is left out with a warning (kLimit when no
// sheet is left). Title: the first row above the table when it holds one text
// only (a merged title row), else the first sheet's name. No blocks.
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
