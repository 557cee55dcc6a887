// The 50 MB page: slow under ASan, so it runs in the "slow" suite.
#include <doctest/doctest.h>

#include <string>

#include "parser/html/article.h"
#include "parser/decode.h"

namespace nianbao::parser {
namespace {

TEST_CASE("a 50 MB page parses within the limits, one byte more is refused") {
  const std::string paragraph = "<p>二〇二一年，本机关主动公开政府信息一百二十条。</p>\n";
  std::string page = "<html><head><meta charset=\"utf-8\"></head><body><div id=\"zoom\">";
  const std::size_t target = 50u << 20;
  std::size_t paragraphs = 0;
  for (; page.size() + paragraph.size() + 32 < target; ++paragraphs) page += paragraph;
  page += "</div></body></html>";
  const DecodedText d = DecodeToUtf8(page, "");
  CHECK(d.invalid_bytes == 0);
  Result<Article> a = ExtractArticle(d.utf8, "");
  REQUIRE(a.ok());
  CHECK(a->container == "#zoom");
  CHECK(a->blocks.size() == paragraphs);

  page.resize(target + 1, ' ');
  Result<Article> over = ExtractArticle(page, "");
  REQUIRE_FALSE(over.ok());
  CHECK(over.status().code() == Code::kLimit);
}

}  // namespace
}  // namespace nianbao::parser
