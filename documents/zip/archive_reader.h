// ReadArchive: a report inside a plain ZIP archive (agencies upload
// 年度报告.zip holding a PDF or DOCX, sometimes with attachments). Each member
// is told by its bytes (SniffForm) and documents are read through
// ExtractDocument at depth+1 with what remains of the archive's unpacked
// budget; the member whose parts have the most tables wins (the first on a
// tie) and a warning names it. Archives nested deeper than
// limits.max_archive_depth are kLimit. When no member reads, the most telling
// failure (encrypted, limit, broken, no text, unsupported) is returned, its
// detail naming the member: "ZIP member 报告.docx: …".
//
// Stateless, thread-safe; bounded by ZipArchive (zip_archive.h).
#pragma once

#include <string_view>

#include "documents/form.h"
#include "documents/limits.h"
#include "documents/read_failure.h"

namespace nianbao::documents {

// `depth` counts the archives around `bytes` (0: the archive is the file itself).
Extraction ReadArchive(std::string_view bytes, const ExtractLimits& limits, int depth);

}  // namespace nianbao::documents
