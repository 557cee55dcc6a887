// ExtractDocument: bytes of a document of any form in, its parts out. The one
// dispatch from a sniffed form (form.h) to its reader: pdf/, ooxml/, word97/,
// archives (archive.h). Runs inside the reader process (isolation/); callers
// outside use ReportReader (report_reader.h).
//
// Never throws, never crashes on hostile input by design; every failure is a
// ReadFailure naming the form and the place.
#pragma once

#include <string_view>

#include "documents/form.h"
#include "documents/limits.h"
#include "documents/read_failure.h"

namespace nianbao::documents {

// `depth` counts the archives around `bytes` (0 for the file itself).
Extraction ExtractDocument(std::string_view bytes, const ExtractLimits& limits, int depth = 0);

}  // namespace nianbao::documents
