// UTF-8 decoding and encoding one code point at a time, shared by the parser's
// text handling and the CLI's display-width measure.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace nianbao {

// Decodes one UTF-8 sequence at s[i]; returns the code point and advances i.
// Invalid bytes (bad lead or continuation bytes, truncation, overlong forms,
// surrogates, values past U+10FFFF) yield U+FFFD and advance by one.
// REQUIRES: i < s.size().
char32_t NextCodePoint(std::string_view s, std::size_t& i);

// Appends cp to out as UTF-8.
void AppendUtf8(std::string& out, char32_t cp);

}  // namespace nianbao
