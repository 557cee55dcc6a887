// Article extraction: from a parsed HTML page to the report's raw parts — title,
// agency/year hints, published date, body blocks (for sections and text), the
// tables as Grids, and attachment links — leaving the site chrome (navigation,
// breadcrumbs, share/print bars, footers, related links) behind.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "parser/tables/grid.h"
#include "parser/report.h"
#include "parser/sections.h"

namespace nianbao::parser {

struct ArticleLimits {
  std::size_t max_bytes = 50u << 20;     // larger pages are refused with kLimit
  int max_depth = 400;                   // deeper nesting is flattened or refused
  int max_span = 1000;                   // rowspan/colspan are capped at this
  std::size_t max_table_cells = 2000000; // per table, after expansion
};

struct Article {
  std::string title;                     // ArticleTitle meta, else the article heading, else <title>
  std::optional<std::string> published;  // YYYY-MM-DD from PubDate meta or 发布日期 text
  std::string content_source;            // ContentSource meta (the publisher), "" when absent
  std::string container;                 // which container held the body, e.g. "#zoom"
  std::vector<TextBlock> blocks;         // body paragraphs in order, tables excluded
  std::vector<Grid> tables;              // every table in the body, layout/metadata tables removed
  std::vector<Attachment> attachments;   // PDF/DOC/DOCX/WPS/XLS links in the body
  // Limits hit on the way, for Report::warnings: "nesting flattened at depth
  // 400", "table 2: colspan capped at 1000", "table 3: truncated to 2000000 cells".
  std::vector<std::string> warnings;
};

// `utf8_html` must be UTF-8 (see decode.h). Attachment hrefs are resolved
// against `page_url` by `resolve_link` when both are given (CollectAttachments). Fails with kLimit for oversized input and kParse
// when the page is empty or has no usable body at all (no text, table or
// attachment). Over-deep nesting is flattened, not refused (html_document.h).
// Attachments come from the body container; when it has none, from the whole
// page outside chrome (some templates put 附件 below the container).
Result<Article> ExtractArticle(std::string_view utf8_html, std::string_view page_url,
                               const ArticleLimits& limits = {}, const LinkResolver& resolve_link = {});
// ExtractArticle on a page the caller hands over (ParseDocument's decoded
// text): the parse works on `utf8_html` itself instead of a copy.
Result<Article> ExtractArticleFrom(std::string utf8_html, std::string_view page_url,
                                   const ArticleLimits& limits = {}, const LinkResolver& resolve_link = {});

}  // namespace nianbao::parser
