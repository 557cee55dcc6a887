// ReadXlsx: an OOXML spreadsheet to parts, a Grid per sheet. Placeholder header: the OOXML reader's owner rewrites it.
#pragma once

#include <string_view>

#include "documents/form.h"
#include "documents/limits.h"
#include "documents/read_failure.h"

namespace nianbao::documents {

Extraction ReadXlsx(std::string_view bytes, const ExtractLimits& limits);

}  // namespace nianbao::documents
