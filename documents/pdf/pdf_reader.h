// ReadPdf: a PDF with a text layer to DocumentParts (MuPDF 1.21, statically
// linked). Tables come from ruling lines (pdf_lattice.h), a table cut by a
// page break is read as one table (Grid::page is where it starts), text
// outside tables becomes paragraphs (pdf_layout.h); page-number lines are
// dropped. Tables drawn without rulings are not read (their text stays in
// the paragraphs).
//
// Failures: encrypted → kEncrypted; not a PDF MuPDF can open → kBroken with
// its message; over limits.max_pages pages → kLimit; no page with a usable
// text layer → kNoText. A scanned page among text pages, or a page MuPDF
// cannot render, is a warning naming the page. Pure function of the bytes;
// thread-compatible (each call owns its MuPDF context).
#pragma once

#include <string_view>

#include "documents/form.h"
#include "documents/limits.h"
#include "documents/read_failure.h"

namespace nianbao::documents {

Extraction ReadPdf(std::string_view bytes, const ExtractLimits& limits);

}  // namespace nianbao::documents
