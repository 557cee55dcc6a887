// ReadArchive: a report inside a plain ZIP archive, within the same bounds. Placeholder header: the ZIP reader's owner rewrites it.
#pragma once

#include <string_view>

#include "documents/form.h"
#include "documents/limits.h"
#include "documents/read_failure.h"

namespace nianbao::documents {

Extraction ReadArchive(std::string_view bytes, const ExtractLimits& limits, int depth);

}  // namespace nianbao::documents
