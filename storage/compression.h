// Compress and Decompress: the zlib encoding of stored page bodies. Pages are
// HTML with long runs of markup, so zlib typically saves 70-85 % of the bytes.
// Pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"

namespace nianbao::storage {

// Refuses to inflate anything claiming to be larger: a damaged size column
// must not make a reader allocate gigabytes.
inline constexpr std::size_t kMaxBodyBytes = std::size_t{1} << 30;

// The zlib stream of `raw`. Errors: kLimit above kMaxBodyBytes; kInternal if zlib fails.
Result<std::string> Compress(std::string_view raw);

// The original bytes of a zlib stream whose uncompressed length is `size`.
// Errors: kCorrupt when the stream is damaged or its length differs from `size`.
Result<std::string> Decompress(std::string_view z, std::size_t size);

}  // namespace nianbao::storage
