// ReadPdf: a PDF with a text layer to parts (MuPDF). Placeholder header: the PDF reader's owner rewrites it.
#pragma once

#include <string_view>

#include "documents/form.h"
#include "documents/limits.h"
#include "documents/read_failure.h"

namespace nianbao::documents {

Extraction ReadPdf(std::string_view bytes, const ExtractLimits& limits);

}  // namespace nianbao::documents
