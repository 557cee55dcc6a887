// The wire format alone: round trips and the decoder's refusals.
#include <doctest/doctest.h>

#include <string>

#include "documents/isolation/wire.h"
#include "tests/documents/isolation_parts.h"

namespace nianbao::documents {
namespace {

std::string DetailOf(const Extraction& e) {
  REQUIRE(std::holds_alternative<ReadFailure>(e));
  CHECK(std::get<ReadFailure>(e).kind == ReadFailureKind::kBroken);
  return std::get<ReadFailure>(e).detail;
}

TEST_CASE("a failure of each kind round-trips") {
  for (ReadFailureKind k : {ReadFailureKind::kEncrypted, ReadFailureKind::kUnsupported, ReadFailureKind::kBroken,
                            ReadFailureKind::kLimit, ReadFailureKind::kNoText, ReadFailureKind::kCrashed}) {
    Extraction e = DecodeExtraction(EncodeExtraction(ReadFailure{k, "PDF page 3: 坏"}));
    REQUIRE(std::holds_alternative<ReadFailure>(e));
    CHECK(std::get<ReadFailure>(e).kind == k);
    CHECK(std::get<ReadFailure>(e).detail == "PDF page 3: 坏");
  }
}

TEST_CASE("the encoding of rich parts is the expected JSON, whole") {
  parser::DocumentParts p = testing::RichParts("x");
  p.blocks.resize(1);
  p.tables.resize(1);
  CHECK(EncodeExtraction(p) ==
        R"({"parts":{"attachments":[{"kind":"pdf","text":"附件","url":"http://example.gov.cn/a.pdf"}],)"
        R"("blocks":[{"emphasized":true,"text":"一、总体情况"}],"content_source":"县政府办","kind":"pdf",)"
        R"("pages":7,"published":"2024-01-31","tables":[{"caption":"二、主动公开政府信息情况","page":4,)"
        R"("ragged":true,"rows":[[{"spanned":false,"text":"信息内容"},{"spanned":false,"text":"本年制发件数"},)"
        R"({"spanned":true,"text":"本年制发件数"}],[{"spanned":false,"text":"规章"},{"spanned":false,"text":"3"},)"
        R"({"spanned":false,"text":""}]],"source_widths":[2,3]}],"title":"某县人民政府2023年政府信息公开工作年度报告",)"
        R"("warnings":["PDF page 4: table 1 row 2 column 3: unreadable cell"]}})");
}

TEST_CASE("malformed answers are refused with the defect named") {
  CHECK(DetailOf(DecodeExtraction("")) == "reader: malformed answer: not JSON");
  CHECK(DetailOf(DecodeExtraction("[1]")) == "reader: malformed answer: not one object with one member");
  CHECK(DetailOf(DecodeExtraction(R"({"other":1})")) == "reader: malformed answer: neither parts nor failure");
  CHECK(DetailOf(DecodeExtraction(R"({"failure":{"kind":"bad","detail":""}})")) ==
        "reader: malformed answer: failure.kind 'bad' is unknown");
  CHECK(DetailOf(DecodeExtraction(R"({"failure":{"kind":"limit"}})")) ==
        "reader: malformed answer: failure.detail is missing");
  std::string parts = EncodeExtraction(testing::RichParts("x"));
  std::string wrong = parts;
  wrong.replace(wrong.find("\"pages\":7"), 9, "\"pages\":\"7\"");
  CHECK(DetailOf(DecodeExtraction(wrong)) == "reader: malformed answer: parts.pages has the wrong type");
  std::string negative = parts;
  negative.replace(negative.find("\"page\":4"), 8, "\"page\":-4");
  CHECK(DetailOf(DecodeExtraction(negative)) == "reader: malformed answer: tables[0].page is out of range");
  CHECK(DetailOf(DecodeExtraction(std::string(100, '[') + std::string(100, ']'))) ==
        "reader: malformed answer: nested too deeply");
  CHECK(DetailOf(DecodeExtraction(parts, WireLimits{100, 10})) == "reader: malformed answer: over 100 bytes");
  CHECK(DetailOf(DecodeExtraction(parts, WireLimits{1 << 20, 2})) ==
        "reader: malformed answer: parts.blocks has too many items");
}

TEST_CASE("limits round-trip and anything else is refused") {
  ExtractLimits l;
  l.max_pages = 7;
  l.max_ratio = 12.5;
  l.max_input_bytes = 12345;
  ExtractLimits back;
  REQUIRE(DecodeLimits(EncodeLimits(l), &back));
  CHECK(back.max_pages == 7);
  CHECK(back.max_ratio == 12.5);
  CHECK(back.max_input_bytes == 12345);
  CHECK(back.max_xml_depth == l.max_xml_depth);
  CHECK_FALSE(DecodeLimits("{}", &back));
  CHECK_FALSE(DecodeLimits("not json", &back));
}

}  // namespace
}  // namespace nianbao::documents
