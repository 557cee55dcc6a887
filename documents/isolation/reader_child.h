// The reader child's side: what `nianbao __read-document` runs. Installs the
// sandbox (sandbox.h), reads the document from `in_fd` (at most
// limits.max_input_bytes; more is kLimit), extracts its parts and writes one
// wire answer (wire.h) to `out_fd`.
//
// Returns the process exit status: 0 once an answer (parts or a failure) is
// written, 1 when the sandbox cannot be installed or the answer cannot be
// written (the reason goes to stderr, whose last line the parent reports).
// Memory exhaustion (std::bad_alloc under RLIMIT_AS) is answered as kLimit.
// Meant to run once per process; the sandbox stays installed.
#pragma once

#include <functional>
#include <string_view>

#include "documents/limits.h"
#include "documents/read_failure.h"

namespace nianbao::documents {

using Extractor = std::function<Extraction(std::string_view bytes, const ExtractLimits& limits)>;

// With ExtractDocument.
int ServeReadRequest(int in_fd, int out_fd, const ExtractLimits& limits);

// With `extract` in its place: tests inject a reader that misbehaves.
int ServeReadRequest(int in_fd, int out_fd, const ExtractLimits& limits, const Extractor& extract);

}  // namespace nianbao::documents
