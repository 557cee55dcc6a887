// Little-endian integers read from a byte view, bounds-checked: a read past
// the end yields 0, so callers check ranges once and never read out of bounds.
#pragma once

#include <cstdint>
#include <string_view>

namespace nianbao::documents::word97 {

inline std::uint8_t U8(std::string_view b, std::size_t at) {
  return at < b.size() ? static_cast<std::uint8_t>(b[at]) : 0;
}
inline std::uint16_t U16(std::string_view b, std::size_t at) {
  return at + 2 > b.size() ? 0 : static_cast<std::uint16_t>(U8(b, at) | (U8(b, at + 1) << 8));
}
inline std::uint32_t U32(std::string_view b, std::size_t at) {
  return at + 4 > b.size() ? 0 : (std::uint32_t(U16(b, at)) | (std::uint32_t(U16(b, at + 2)) << 16));
}

}  // namespace nianbao::documents::word97
