// libFuzzer target for the HTML readers: UTF-8 bytes through HtmlDocument
// (nesting bound + gumbo), every <table> through ClassifyTable/BuildGrid, the
// page's metas and attachments, ExtractArticle and the table mapper. Limits are
// small so the fuzzer walks the flatten, span-cap and truncation paths too.
// Any crash, sanitizer report, leak or timeout is a bug.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/html/article.h"
#include "parser/html/article_meta.h"
#include "parser/html/html_document.h"
#include "parser/html/html_tables.h"
#include "parser/sections.h"
#include "parser/tables/table_mapper.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nianbao::parser;
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kUrl = "http://fuzz.gov.cn/a/b/c.html";

  HtmlLimits doc_limits;
  doc_limits.max_depth = 48;
  nianbao::Result<HtmlDocument> doc = HtmlDocument::Parse(std::string(html), doc_limits);
  if (doc.ok()) {
    const GumboNode* root = doc->root();
    (void)FindTitle(root);
    (void)FindPublished(root);
    (void)CollectAttachments(root, kUrl, true);
    std::vector<Grid> grids;
    ForEachElement(root, [&](const GumboNode* n) {
      if (n->v.element.tag != GUMBO_TAG_TABLE) return;
      if (ClassifyTable(n) != TableKind::kData) return;
      grids.push_back(BuildGrid(n, 16, 4096).grid);
    });
    (void)MapTables(grids, std::nullopt);
  }

  ArticleLimits limits;
  limits.max_depth = 48;
  limits.max_span = 16;
  limits.max_table_cells = 4096;
  nianbao::Result<Article> article = ExtractArticle(html, kUrl, limits);
  if (article.ok()) {
    (void)SplitSections(article->blocks);
    (void)MapTables(article->tables, 2021);
  }
  return 0;
}
