// Hostile and broken input: each case must end in a clear result or error,
// with no crash, hang or unbounded memory (run under ASan/UBSan too).
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "parser/html/article.h"
#include "parser/decode.h"
#include "parser/html/html_document.h"
#include "parser/sections.h"
#include "parser/transcode.h"

namespace nianbao::parser {
namespace {

std::string Repeat(const std::string& s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

std::string RandomBytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng() & 0xFF);
  return out;
}

TEST_CASE("an empty or blank page is a parse error, not a crash") {
  for (const std::string& page : {std::string(), std::string(" \n\t\r "), std::string("\xEF\xBB\xBF")}) {
    const DecodedText d = DecodeToUtf8(page, "");
    Result<Article> a = ExtractArticle(d.utf8, "");
    REQUIRE_FALSE(a.ok());
    CHECK(a.status().code() == Code::kParse);
    CHECK(a.status().message().find("empty") != std::string::npos);
  }
  Result<Article> tags_only = ExtractArticle("<html><body><div></div></body></html>", "");
  REQUIRE_FALSE(tags_only.ok());
  CHECK(tags_only.status().code() == Code::kParse);
}

TEST_CASE("binary garbage decodes to valid UTF-8 and extracts or fails cleanly") {
  for (unsigned seed = 1; seed <= 5; ++seed) {
    const std::string bytes = RandomBytes(64 * 1024, seed);
    const DecodedText d = DecodeToUtf8(bytes, seed % 2 ? "utf-8" : "");
    CHECK(ValidateUtf8(d.utf8).invalid == 0);
    Result<Article> a = ExtractArticle(d.utf8, "http://x.gov.cn/");
    if (!a.ok()) CHECK(a.status().code() == Code::kParse);
  }
}

TEST_CASE("invalid UTF-8 in a page declaring UTF-8 is counted and extraction works") {
  std::string page = "<meta charset=\"utf-8\"><div id=\"zoom\"><p>一、总体情况</p><p>正文";
  for (int i = 0; i < 50; ++i) page += "内容\xFF";
  page += "</p></div>";
  const DecodedText d = DecodeToUtf8(page, "utf-8");
  CHECK(d.invalid_bytes == 50);
  Result<Article> a = ExtractArticle(d.utf8, "");
  REQUIRE(a.ok());
  REQUIRE(a->blocks.size() == 2);
  CHECK(a->blocks[1].text.find("\xEF\xBF\xBD") != std::string::npos);
}

TEST_CASE("100,000 nested elements are flattened, not recursed") {
  for (const char* open : {"<div>", "<span>", "<table><tr><td>", "<ul><li>", "<b>"}) {
    CAPTURE(open);
    const std::string page = "<div id=\"zoom\">" + Repeat(std::string(open), 100000) + "深处的正文";
    Result<Article> a = ExtractArticle(page, "");
    REQUIRE(a.ok());
    REQUIRE_FALSE(a->warnings.empty());
    CHECK(a->warnings[0].find("flattened") != std::string::npos);
    // Inside the nested cells the text lands in a grid, elsewhere in a block.
    const bool in_block = !a->blocks.empty() && a->blocks.back().text == "深处的正文";
    const bool in_table = !a->tables.empty() && a->tables.back().rows.back().back().text == "深处的正文";
    CHECK((in_block || in_table));
  }
}

TEST_CASE("colspan=\"1000000\" and rowspan=\"1000000\" are capped") {
  const std::string page =
      "<div id=\"zoom\"><table><tr><td colspan=\"1000000\" rowspan=\"1000000\">a</td><td>b</td></tr>"
      "<tr><td colspan=\"-5\">c</td></tr><tr><td colspan=\"99999999999999999999\">d</td></tr></table></div>";
  ArticleLimits limits;
  limits.max_span = 50;
  Result<Article> a = ExtractArticle(page, "", limits);
  REQUIRE(a.ok());
  REQUIRE(a->tables.size() == 1);
  const Grid& g = a->tables[0];
  // Row 3: 50 columns still under the rowspan, then d's capped colspan of 50.
  CHECK(g.width() == 100);
  CHECK(g.rows[2][50].text == "d");
  CHECK(g.rows[2][99].spanned);
  CHECK(g.height() == 3);
  CHECK(g.rows[2][0].text == "a");  // the rowspan reached the table's end, no further
  CHECK(g.rows[2][0].spanned);
  CHECK(g.rows[1][50].text == "c");  // a negative colspan counts as 1
  for (const auto& row : g.rows) CHECK(row.size() == g.width());
}

TEST_CASE("a table of 10,000 rows becomes a 10,000-row grid") {
  const std::string page = "<div id=\"zoom\"><p>表</p><table>" +
                           Repeat("<tr><td>项目</td><td>1</td><td>2</td></tr>", 10000) +
                           "</table></div>";
  Result<Article> a = ExtractArticle(page, "");
  REQUIRE(a.ok());
  REQUIRE(a->tables.size() == 1);
  CHECK(a->tables[0].height() == 10000);
  CHECK(a->tables[0].width() == 3);
  CHECK(a->warnings.empty());
}

TEST_CASE("a table over max_table_cells is truncated with a warning") {
  const std::string page = "<div id=\"zoom\"><table>" +
                           Repeat("<tr><td colspan=\"100\">x</td></tr>", 1000) + "</table></div>";
  ArticleLimits limits;
  limits.max_table_cells = 10000;
  Result<Article> a = ExtractArticle(page, "", limits);
  REQUIRE(a.ok());
  REQUIRE(a->tables.size() == 1);
  CHECK(a->tables[0].height() * a->tables[0].width() <= 10000);
  CHECK(a->tables[0].height() == 100);
  REQUIRE_FALSE(a->warnings.empty());
  CHECK(a->warnings.back().find("truncated") != std::string::npos);
}

TEST_CASE("a page over max_bytes is refused before parsing") {
  ArticleLimits limits;
  limits.max_bytes = 1 << 20;
  const std::string page = "<p>" + std::string((1 << 20) + 10, 'x') + "</p>";
  Result<Article> a = ExtractArticle(page, "", limits);
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().code() == Code::kLimit);
}

TEST_CASE("unterminated constructs: comment, script, attribute quote, tag") {
  for (const std::string& page :
       {std::string("<div id=\"zoom\"><p>正文正文正文正文</p><!-- never closed"),
        std::string("<div id=\"zoom\"><p>正文正文正文正文</p><script>var a = '<div>"),
        std::string("<div id=\"zoom\"><p>正文正文正文正文</p><a href=\"x.pdf>y"),
        std::string("<div id=\"zoom\"><p>正文正文正文正文</p><table"),
        std::string("<div id=\"zoom\"><p>正文正文正文正文</p></></div></x></table></td></tr>")}) {
    Result<Article> a = ExtractArticle(page, "");
    REQUIRE(a.ok());
    CHECK(a->blocks.front().text == "正文正文正文正文");
  }
}

TEST_CASE("sections of a hostile block list are bounded") {
  std::vector<TextBlock> blocks;
  for (int i = 0; i < 20000; ++i) blocks.push_back({i % 2 ? "一、总体情况" : "二、", i % 3 == 0});
  const std::vector<Section> s = SplitSections(blocks);
  CHECK(s.size() <= 10);
}

}  // namespace
}  // namespace nianbao::parser
