#include "parser/parse.h"

#include <doctest/doctest.h>

namespace nianbao::parser {
namespace {

Result<Report> Parse(std::string_view bytes, std::string content_type = "") {
  ParseInput in;
  in.bytes = bytes;
  in.content_type = std::move(content_type);
  return ParseDocument(in);
}

TEST_CASE("input that cannot be a report is refused with its cause") {
  CHECK(Parse("").status().code() == Code::kInvalidArgument);
  // Binary bytes (a NUL in the head) are refused; which document form they
  // are is documents::SniffForm's to tell (tests/documents/form_test.cpp).
  for (std::string bytes : {std::string("abc\0def", 7), std::string("PK\x03\x04\x14\x00\x06\x00", 8),
                            std::string("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n\0\0", 17)}) {
    Result<Report> r = Parse(bytes);
    CHECK(r.status().code() == Code::kParse);
    CHECK(r.status().message() == "input is binary data, not an HTML page or text");
  }
  // UTF-16 has NULs and a BOM: it is text.
  CHECK(Parse(std::string("\xFF\xFE\x31\x00", 4)).ok());
}

TEST_CASE("text without tables is a report without tables") {
  Result<Report> r = Parse("某某局2022年政府信息公开工作年度报告\n\n一、总体情况\n本年度无。\n", "text/plain");
  REQUIRE(r.ok());
  CHECK(r->agency == "某某局");
  CHECK(r->year == 2022);
  CHECK_FALSE(r->tables_found);
  CHECK(r->format == ReportFormat::kUnknown);
  CHECK_FALSE(r->warnings.empty());
  CHECK(r->body_text.find("本年度无。") != std::string::npos);
}

TEST_CASE("a text report: identity from the body when the title is only the year") {
  std::string text =
      "2021\n\n"
      "本年度报告……如有疑问可联系南岗区企业和投资服务局办公室，电话：0451-82730709。\n\n"
      "## 四、政府信息公开行政复议、行政诉讼情况\n\n"
      "| 行政复议 | | | | |\n"
      "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
      "| 1 | 0 | 0 | 0 | 2 |\n";
  Result<Report> r = Parse(text);
  REQUIRE(r.ok());
  CHECK(r->title == "2021");
  CHECK(r->year == 2021);
  CHECK(r->agency == "南岗区企业和投资服务局");
  CHECK(r->tables_found);
  CHECK(r->format == ReportFormat::k2021);
  const Metric* total = r->Find("review_litigation", "review", "total");
  REQUIRE(total != nullptr);
  CHECK(*total->value == 2);
  bool failed = false;
  for (const CheckResult& c : r->checks) failed = failed || (c.rule == "review_litigation.total" && c.status == CheckStatus::kFailed);
  CHECK(failed);
}

TEST_CASE("GBK text decodes before parsing") {
  // "规章\t5\t0\t5" after a 2021 header, in GBK.
  std::string gbk = "\xd0\xc5\xcf\xa2\xc4\xda\xc8\xdd\t\xb1\xbe\xc4\xea\xd6\xc6\xb7\xa2\xbc\xfe\xca\xfd\t"
                    "\xb1\xbe\xc4\xea\xb7\xcf\xd6\xb9\xbc\xfe\xca\xfd\t\xcf\xd6\xd0\xd0\xd3\xd0\xd0\xa7\xbc\xfe\xca\xfd\n"
                    "\xb9\xe6\xd5\xc2\t5\t0\t5\n";
  ParseInput in;
  in.bytes = gbk;
  in.http_charset = "gbk";
  Result<Report> r = ParseDocument(in);
  REQUIRE(r.ok());
  const Metric* issued = r->Find("active_disclosure", "regulations", "issued");
  REQUIRE(issued != nullptr);
  CHECK(*issued->value == 5);
}

}  // namespace
}  // namespace nianbao::parser

namespace nianbao::parser {
namespace {

TEST_CASE("large and repetitive text tables cost bounded work and output") {
  std::string text = "2022年报告\n\n";
  for (int i = 0; i < 3000; ++i) text += "(一) 予以公开\t1\t0\t0\t0\t0\t0\t1\n";
  text += std::string(200000, '\t') + "x\n";
  Result<Report> r = Parse(text);
  REQUIRE(r.ok());
  CHECK(r->tables_found);
  CHECK(r->warnings.size() < 10);
  const Metric* m = r->Find("requests", "granted", "total");
  REQUIRE(m != nullptr);
  CHECK(*m->value == 1);
}

}  // namespace
}  // namespace nianbao::parser
