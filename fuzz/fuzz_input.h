// Helpers shared by the libFuzzer targets (fuzz/*_fuzz.cpp): turning the raw
// input into what a reader REQUIRES. Header-only, no state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/utf8.h"

namespace nianbao::fuzz {

inline std::string_view Bytes(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// `bytes` with every invalid UTF-8 sequence replaced by U+FFFD, as the
// decoder (parser/decode.h) hands text to the readers.
inline std::string ValidUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) AppendUtf8(out, NextCodePoint(bytes, i));
  return out;
}

// The lines of `text` (split at '\n'), at most `max` of them.
inline std::vector<std::string_view> Lines(std::string_view text, std::size_t max) {
  std::vector<std::string_view> out;
  while (!text.empty() && out.size() < max) {
    std::size_t nl = text.find('\n');
    out.push_back(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  }
  return out;
}

}  // namespace nianbao::fuzz
