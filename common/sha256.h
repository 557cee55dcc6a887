// Sha256: the SHA-256 digest (FIPS 180-4) of a byte string, used as the content
// hash that tells two fetches of one document apart. Pure computation: no
// allocation beyond the returned string, no state shared between calls, so it is
// safe from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace nianbao {

using Sha256Digest = std::array<std::uint8_t, 32>;

// The 32-byte digest of `data`.
Sha256Digest Sha256(std::string_view data);

// The digest as 64 lowercase hex characters, e.g. for a TEXT column or a log line.
std::string Sha256Hex(std::string_view data);

}  // namespace nianbao
