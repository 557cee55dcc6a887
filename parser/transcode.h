// Transcoding primitives under DecodeToUtf8: one charset's bytes to UTF-8,
// with invalid input replaced by U+FFFD and counted rather than failing.
// Internal to parser/; decode.h is the public face.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace nianbao::parser {

struct Transcoded {
  std::string utf8;
  std::size_t invalid = 0;  // bytes or sequences replaced by U+FFFD
};

// Canonical lower-case name for a charset label ("GB2312" → "gb18030",
// "x-x-big5" → "big5", "latin1" → "windows-1252"); "" for an empty label.
std::string CanonicalCharset(std::string_view label);

// Copies valid UTF-8 and replaces each invalid byte with U+FFFD.
Transcoded ValidateUtf8(std::string_view bytes);

// True when `bytes` is valid UTF-8 throughout (ValidateUtf8 would replace
// nothing); then `*leads` (if given) is the number of multi-byte characters.
// Stops at the first invalid byte and copies nothing.
bool IsValidUtf8(std::string_view bytes, std::size_t* leads = nullptr);

// Decodes `bytes` from canonical charset `charset` through iconv. nullopt when
// iconv does not know the charset.
std::optional<Transcoded> TranscodeToUtf8(std::string_view bytes, const std::string& charset);

}  // namespace nianbao::parser
