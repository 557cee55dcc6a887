#include <doctest/doctest.h>

#include <string>

#include "documents/extract.h"
#include "documents/form.h"

namespace nianbao::documents {

TEST_CASE("a form is told by its bytes, not by a name") {
  CHECK(SniffForm("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n") == DocumentForm::kPdf);
  CHECK(SniffForm(std::string(100, ' ') + "%PDF-1.4") == DocumentForm::kPdf);
  CHECK(SniffForm("Rar!\x1A\x07\x01\x00") == DocumentForm::kRar);
  CHECK(SniffForm(std::string("7z\xBC\xAF\x27\x1C\x00\x04", 8)) == DocumentForm::k7z);
  CHECK(SniffForm("\x89PNG\r\n\x1a\n....") == DocumentForm::kImage);
  CHECK(SniffForm("\xFF\xD8\xFF\xE0....") == DocumentForm::kImage);
  CHECK(SniffForm("<html><body>报告</body></html>") == DocumentForm::kPage);
  CHECK(SniffForm("一、总体情况\n本年度…") == DocumentForm::kPage);
  CHECK(SniffForm(std::string("\x01\x02\x00\x03garbage", 11)) == DocumentForm::kBinary);
}

TEST_CASE("forms without a reader are unsupported with the form named") {
  Extraction e = ExtractDocument("Rar!\x1A\x07\x01\x00 rest", ExtractLimits{});
  REQUIRE(!Succeeded(e));
  CHECK(std::get<ReadFailure>(e).kind == ReadFailureKind::kUnsupported);
  CHECK(std::get<ReadFailure>(e).detail == "rar file: RAR archives are not unpacked");
}

TEST_CASE("an empty or oversized file is refused before any reader runs") {
  CHECK(std::get<ReadFailure>(ExtractDocument("", ExtractLimits{})).kind == ReadFailureKind::kBroken);
  ExtractLimits small;
  small.max_input_bytes = 4;
  Extraction e = ExtractDocument("%PDF-1.7", small);
  CHECK(std::get<ReadFailure>(e).kind == ReadFailureKind::kLimit);
  CHECK(std::get<ReadFailure>(e).detail == "file of 8 bytes is over the 4-byte limit");
}

}  // namespace nianbao::documents
