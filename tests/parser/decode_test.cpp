#include "parser/decode.h"

#include <doctest/doctest.h>

#include "parser/transcode.h"
#include "tests/parser/html_test_util.h"

namespace nianbao::parser {
namespace {

using testing::Encode;

// Enough Chinese text for a detector to be sure, as a report's opening has.
const std::string kChinese =
    "根据《中华人民共和国政府信息公开条例》规定，现公布本机关二〇二一年度政府信息公开工作年度报告。"
    "本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和"
    "行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六个部分。如对本报告有任何疑问，"
    "请与本机关办公室联系。";

std::string Page(const std::string& meta, const std::string& body) {
  return "<html><head>" + meta + "<title>report</title></head><body><p>" + body + "</p></body></html>";
}

bool IsValidUtf8(const std::string& s) { return ValidateUtf8(s).invalid == 0; }

TEST_CASE("a UTF-8 BOM wins and is removed") {
  const std::string page = Page("<meta charset=\"gbk\">", kChinese);
  const DecodedText d = DecodeToUtf8("\xEF\xBB\xBF" + page, "gbk");
  CHECK(d.charset == "utf-8");
  CHECK(d.evidence == "bom");
  CHECK(d.invalid_bytes == 0);
  CHECK(d.utf8 == page);
}

TEST_CASE("a GBK page declared by meta http-equiv decodes as GB18030") {
  const std::string utf8 =
      Page("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=GB2312\">", kChinese);
  const DecodedText d = DecodeToUtf8(Encode(utf8, "GBK"), "");
  CHECK(d.charset == "gb18030");
  CHECK(d.evidence == "meta");
  CHECK(d.invalid_bytes == 0);
  CHECK(d.utf8 == utf8);
}

TEST_CASE("the HTTP charset comes before the meta tag") {
  const std::string utf8 = Page("<meta charset=\"utf-8\">", kChinese);
  // The bytes are GBK; HTTP says so and the meta is a stale template value.
  const DecodedText d = DecodeToUtf8(Encode(utf8, "GBK"), "gbk");
  CHECK(d.charset == "gb18030");
  CHECK(d.evidence == "http");
  CHECK(d.utf8 == utf8);
}

TEST_CASE("a GBK page that claims UTF-8 is detected") {
  const std::string utf8 = Page("<meta charset=\"utf-8\">", kChinese + kChinese);
  const DecodedText d = DecodeToUtf8(Encode(utf8, "GBK"), "utf-8");
  CHECK(d.charset == "gb18030");
  CHECK(d.evidence == "detected");
  CHECK(d.invalid_bytes == 0);
  CHECK(d.utf8 == utf8);
}

TEST_CASE("a UTF-8 page that claims GBK is detected as UTF-8") {
  const std::string utf8 = Page("<meta charset=\"gbk\">", kChinese);
  const DecodedText d = DecodeToUtf8(utf8, "");
  CHECK(d.charset == "utf-8");
  CHECK(d.evidence == "detected");
  CHECK(d.utf8 == utf8);
}

TEST_CASE("Big5 pages decode, declared or not") {
  const std::string text =
      "根據《政府資訊公開條例》規定，現公布本機關年度政府資訊公開工作報告。本報告包括總體情況、"
      "主動公開政府資訊情況、收到和處理政府資訊公開申請情況等部分。如對本報告有任何疑問，請與本機關聯繫。";
  SUBCASE("declared") {
    const std::string utf8 = Page("<meta charset=\"big5\">", text);
    const DecodedText d = DecodeToUtf8(Encode(utf8, "BIG5"), "");
    CHECK(d.charset == "big5");
    CHECK(d.evidence == "meta");
    CHECK(d.utf8 == utf8);
  }
  SUBCASE("undeclared") {
    const std::string utf8 = Page("", text + text);
    const DecodedText d = DecodeToUtf8(Encode(utf8, "BIG5"), "");
    CHECK(d.evidence == "detected");
    CHECK(d.utf8 == utf8);
  }
}

TEST_CASE("invalid bytes in a page declaring UTF-8 are replaced and counted") {
  const std::string good = Page("<meta charset=\"utf-8\">", kChinese + kChinese);
  // A stray 0xFF, a lone continuation byte and a truncated 3-byte sequence.
  const std::size_t at = good.find("<p>") + 3;
  const std::string bad = good.substr(0, at) + "\xFF" + "\x80" + good.substr(at) + "\xE4\xB8";
  const DecodedText d = DecodeToUtf8(bad, "");
  CHECK(d.charset == "utf-8");
  CHECK(d.evidence == "meta");
  CHECK(d.invalid_bytes == 4);
  CHECK(IsValidUtf8(d.utf8));
  CHECK(d.utf8.find("\xEF\xBF\xBD") != std::string::npos);
}

TEST_CASE("overlong forms and surrogates are invalid UTF-8") {
  CHECK(ValidateUtf8("\xC0\xAF").invalid == 2);
  CHECK(ValidateUtf8("\xED\xA0\x80").invalid == 3);
  CHECK(ValidateUtf8("\xF4\x90\x80\x80").invalid == 4);
  CHECK(ValidateUtf8("\xF0\x9F\x98\x80").invalid == 0);
}

TEST_CASE("an undeclared UTF-8 page is UTF-8 by default, empty input is fine") {
  const std::string utf8 = Page("", kChinese);
  const DecodedText d = DecodeToUtf8(utf8, "");
  CHECK(d.charset == "utf-8");
  CHECK(d.evidence == "default");
  CHECK(d.utf8 == utf8);
  const DecodedText e = DecodeToUtf8("", "");
  CHECK(e.utf8.empty());
  CHECK(e.invalid_bytes == 0);
}

TEST_CASE("an unknown charset label does not stop decoding") {
  const std::string utf8 = Page("<meta charset=\"x-no-such-charset\">", kChinese);
  const DecodedText d = DecodeToUtf8(utf8, "");
  CHECK(d.utf8 == utf8);
  CHECK(d.charset == "utf-8");
}

TEST_CASE("charset labels are canonicalised") {
  CHECK(CanonicalCharset("GB2312") == "gb18030");
  CHECK(CanonicalCharset(" gbk ") == "gb18030");
  CHECK(CanonicalCharset("x-x-big5") == "big5");
  CHECK(CanonicalCharset("UTF8") == "utf-8");
  CHECK(CanonicalCharset("ISO-8859-1") == "windows-1252");
  CHECK(CanonicalCharset("") == "");
}

}  // namespace
}  // namespace nianbao::parser
