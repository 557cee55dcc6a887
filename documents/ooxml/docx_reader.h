// ReadDocx: an OOXML word-processing package to parts. Placeholder header: the OOXML reader's owner rewrites it.
#pragma once

#include <string_view>

#include "documents/form.h"
#include "documents/limits.h"
#include "documents/read_failure.h"

namespace nianbao::documents {

Extraction ReadDocx(std::string_view bytes, const ExtractLimits& limits);

}  // namespace nianbao::documents
