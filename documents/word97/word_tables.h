// The paragraphs of a Word 97 document (word_text.h) as DocumentParts blocks
// and Grids: paragraphs outside tables become TextBlocks; each table, at each
// nesting depth, becomes one Grid whose columns are the union of its rows'
// cell boundaries (sprmTDefTable), a cell wider than one column repeating
// its text into the columns it covers (spanned) and a vertically merged cell
// repeating the text above it (spanned), as the HTML path's BuildGrid does.
//
// Pure; cells beyond `max_cells` in total stop the tables (kLimit).
#pragma once

#include <vector>

#include "documents/read_failure.h"
#include "documents/word97/word_text.h"
#include "parser/document_parts.h"

namespace nianbao::documents::word97 {

// Appends to parts.blocks and parts.tables (document order); warnings name
// table and row ("DOC table 2 row 3: no cell boundaries").
std::optional<ReadFailure> BuildBlocksAndTables(const std::vector<Paragraph>& paragraphs, std::size_t max_cells,
                                                parser::DocumentParts& parts);

}  // namespace nianbao::documents::word97
