// One-shot compress2/uncompress: bodies are bounded (the crawler caps them), so
// streaming would add code without saving memory.
#include "storage/compression.h"

#include <zlib.h>

namespace nianbao::storage {

Result<std::string> Compress(std::string_view raw) {
  if (raw.size() > kMaxBodyBytes) return LimitExceeded("body of " + std::to_string(raw.size()) + " bytes is too large to store");
  uLongf bound = compressBound(static_cast<uLong>(raw.size()));
  std::string out(bound, '\0');
  int rc = compress2(reinterpret_cast<Bytef*>(out.data()), &bound, reinterpret_cast<const Bytef*>(raw.data()),
                     static_cast<uLong>(raw.size()), 6);
  if (rc != Z_OK) return Internal("zlib compress2 failed with code " + std::to_string(rc));
  out.resize(bound);
  return out;
}

Result<std::string> Decompress(std::string_view z, std::size_t size) {
  if (size > kMaxBodyBytes) return Corrupt("stored body claims " + std::to_string(size) + " bytes, over the limit");
  std::string out(size, '\0');
  uLongf len = static_cast<uLongf>(size);
  // uncompress needs a non-null destination even for an empty body.
  Bytef scratch = 0;
  Bytef* dest = size == 0 ? &scratch : reinterpret_cast<Bytef*>(out.data());
  int rc = uncompress(dest, &len, reinterpret_cast<const Bytef*>(z.data()), static_cast<uLong>(z.size()));
  if (rc != Z_OK || len != size) {
    return Corrupt("stored body does not inflate to its recorded size (zlib code " + std::to_string(rc) + ")");
  }
  return out;
}

}  // namespace nianbao::storage
