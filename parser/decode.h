// Decoding fetched bytes to UTF-8. Order of evidence: BOM, the charset the HTTP
// response declared, <meta charset>/http-equiv in the first 4 KiB, then
// detection (uchardet) when the declared charset does not fit the bytes (pages
// that lie). GBK/GB2312 are decoded as GB18030 (a superset); Big5 is supported.
// Invalid sequences become U+FFFD and are counted; decoding never fails.
//
// A declared charset is kept when at most 1% of the non-ASCII bytes fail to
// decode in it. Otherwise, or when nothing is declared and the bytes are not
// UTF-8, uchardet's proposal is used (evidence "detected") if it decodes within
// that bound; single-byte charsets may not overrule a declaration (they decode
// anything). A page declared GBK whose bytes are valid UTF-8 with at least 8
// multi-byte characters is UTF-8 ("detected"). Failing all that, the declared
// charset with the fewest errors, else UTF-8 ("default").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace nianbao::parser {

struct DecodedText {
  std::string utf8;
  std::string charset;          // the charset finally used, lower-case, e.g. "gb18030"
  std::string evidence;         // "bom", "http", "meta", "detected", "default"
  std::size_t invalid_bytes = 0;  // sequences replaced by U+FFFD
};

// `http_charset` may be empty.
DecodedText DecodeToUtf8(std::string_view bytes, std::string_view http_charset);

}  // namespace nianbao::parser
