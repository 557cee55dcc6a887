// ReadDocx: an OOXML word-processing package (word/document.xml) to parts:
// paragraphs (including those in content controls w:sdt and text boxes
// w:txbxContent) as TextBlocks in reading order, tables w:tbl as Grids with
// gridSpan and vMerge expanded into copies flagged `spanned` (a nested table
// becomes its own Grid after the outer one, whose cell keeps the inner text),
// Grid::caption the paragraph right before the table. Headings are the blocks
// styled as headings, outline-levelled or all bold; list numbers Word draws
// from w:numPr are not in the XML and are never invented. Title: the first
// paragraph(s), else docProps/core.xml dc:title; published: a signature date
// among the last paragraphs.
//
// Stateless, thread-safe. Every part is read within `limits` (ooxml_part.h);
// failures name the part: "DOCX part word/document.xml: …".
#pragma once

#include <string_view>

#include "documents/form.h"
#include "documents/limits.h"
#include "documents/read_failure.h"

namespace nianbao::documents {

Extraction ReadDocx(std::string_view bytes, const ExtractLimits& limits);

}  // namespace nianbao::documents
