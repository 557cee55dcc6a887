// common/utf8.h: the project's one UTF-8 decoder. Every malformed form is one
// U+FFFD per byte it consumes (one), so callers never see a code point the
// bytes do not really spell.
#include "common/utf8.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

namespace nianbao {
namespace {

// Every code point of `s`, in order.
std::u32string Decode(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) out.push_back(NextCodePoint(s, i));
  return out;
}

TEST_CASE("well-formed sequences of one to four bytes decode") {
  CHECK(Decode("a") == U"a");
  CHECK(Decode("\xC2\xA0") == U"\u00A0");
  CHECK(Decode("年报") == U"年报");
  CHECK(Decode("\xEF\xBF\xBD") == U"\uFFFD");                   // U+FFFD itself
  CHECK(Decode("\xF4\x8F\xBF\xBF") == std::u32string(1, 0x10FFFF));  // the last code point
}

TEST_CASE("4-byte CJK extension B characters decode to one code point") {
  // U+20000 𠀀 and U+2A6D6, from CJK Unified Ideographs Extension B; rare
  // place names use them.
  CHECK(Decode("\xF0\xA0\x80\x80") == std::u32string(1, 0x20000));
  CHECK(Decode("𪛖区") == std::u32string{0x2A6D6, U'区'});
  std::size_t i = 0;
  CHECK(NextCodePoint("\xF0\xA0\x80\x80x", i) == 0x20000);
  CHECK(i == 4);
}

TEST_CASE("overlong forms are U+FFFD, byte by byte") {
  CHECK(Decode("\xC0\xAF") == U"\uFFFD\uFFFD");              // '/' in two bytes
  CHECK(Decode("\xC1\x81") == U"\uFFFD\uFFFD");              // 'A' in two bytes
  CHECK(Decode("\xE0\x80\xAF") == U"\uFFFD\uFFFD\uFFFD");    // '/' in three
  CHECK(Decode("\xF0\x80\x80\xAF") == std::u32string(4, 0xFFFD));  // '/' in four
  CHECK(Decode("\xE0\x9F\xBF") == U"\uFFFD\uFFFD\uFFFD");    // U+07FF in three
}

TEST_CASE("surrogates and values past U+10FFFF are U+FFFD") {
  CHECK(Decode("\xED\xA0\x80") == U"\uFFFD\uFFFD\uFFFD");  // U+D800
  CHECK(Decode("\xED\xBF\xBF") == U"\uFFFD\uFFFD\uFFFD");  // U+DFFF
  CHECK(Decode("\xED\x9F\xBF") == U"\uD7FF");              // just below them
  CHECK(Decode("\xF4\x90\x80\x80") == std::u32string(4, 0xFFFD));  // U+110000
  CHECK(Decode("\xF5\x80\x80\x80") == std::u32string(4, 0xFFFD));
}

TEST_CASE("truncated sequences and stray bytes are U+FFFD and decoding resumes") {
  CHECK(Decode("\xE5\xB9") == U"\uFFFD\uFFFD");          // 年 cut after two bytes
  CHECK(Decode("\xF0\xA0\x80") == U"\uFFFD\uFFFD\uFFFD");  // a 4-byte form cut short
  CHECK(Decode("\xE5\xB9x") == U"\uFFFD\uFFFDx");         // cut by an ASCII byte
  CHECK(Decode("\xE5年") == U"\uFFFD年");                 // cut by a whole character
  CHECK(Decode("\x80\xBF") == U"\uFFFD\uFFFD");           // continuation bytes alone
  CHECK(Decode("\xFF") == U"\uFFFD");
}

TEST_CASE("AppendUtf8 writes what NextCodePoint reads") {
  for (char32_t cp : {char32_t{0x41}, char32_t{0xA0}, char32_t{0x5E74}, char32_t{0x20000}, char32_t{0x10FFFF}}) {
    std::string s;
    AppendUtf8(s, cp);
    std::size_t i = 0;
    CHECK(NextCodePoint(s, i) == cp);
    CHECK(i == s.size());
  }
}

}  // namespace
}  // namespace nianbao
