// ReadWord97: a Word 97 binary file (DOC, or a .wps that is Word 97 inside) to parts, tables as cells. Placeholder header: the Word 97 reader's owner rewrites it.
#pragma once

#include <string_view>

#include "documents/form.h"
#include "documents/limits.h"
#include "documents/read_failure.h"

namespace nianbao::documents {

Extraction ReadWord97(std::string_view bytes, DocumentForm form, const ExtractLimits& limits);

}  // namespace nianbao::documents
