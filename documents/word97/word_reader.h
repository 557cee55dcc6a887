// ReadWord97: a Word 97 binary file (DOC, or a .wps that is Word 97 inside)
// to DocumentParts: paragraphs outside tables as blocks, every table as a
// Grid of its cells (word_tables.h); the title is the first short paragraph
// ending in 报告 among the first 30 (joined with the line before when split
// over two), else such a cell of a one-column layout table, else the first
// paragraph; `published` is a date in the last three paragraphs (signature).
// Reads the OLE2 container itself (compound_file.h); no external program.
//
// Stateless and thread-safe. Never throws: kEncrypted ("DOC: encrypted"),
// kUnsupported (Word 6/95), kBroken (naming the OLE2 or DOC structure),
// kLimit (input size, table cells) as values. parts.kind is kWps for
// form == kWps, else kDoc.
#pragma once

#include <string_view>

#include "documents/form.h"
#include "documents/limits.h"
#include "documents/read_failure.h"

namespace nianbao::documents {

Extraction ReadWord97(std::string_view bytes, DocumentForm form, const ExtractLimits& limits);

}  // namespace nianbao::documents
