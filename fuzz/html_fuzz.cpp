// libFuzzer target for the HTML readers: a UTF-8 page through ExtractArticle
// (HtmlDocument with its nesting bound, body finder, metas, attachments,
// ClassifyTable/BuildGrid for every table), then sections and the table
// mapper. Limits are small so the fuzzer walks the flatten, span-cap and
// truncation paths too. One gumbo parse per input keeps it fast.
// Any crash, sanitizer report, leak or timeout is a bug.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "fuzz/fuzz_input.h"
#include "parser/html/article.h"
#include "parser/sections.h"
#include "parser/tables/table_mapper.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nianbao::parser;
  const std::string html = nianbao::fuzz::ValidUtf8(nianbao::fuzz::Bytes(data, size));
  ArticleLimits limits;
  limits.max_depth = 48;
  limits.max_span = 16;
  limits.max_table_cells = 4096;
  nianbao::Result<Article> article = ExtractArticle(html, "http://fuzz.gov.cn/a/b/c.html", limits);
  if (article.ok()) {
    (void)SplitSections(article->blocks);
    (void)MapTables(article->tables, size % 2 == 0 ? std::optional<int>(2021) : std::nullopt);
  }
  return 0;
}
