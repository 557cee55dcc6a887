// The article's metadata around its body: title, publication date, attachment
// links, and the URL resolution they need (plain string work, no HTTP).
#pragma once

#include <gumbo.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/report.h"

namespace nianbao::parser {

// ArticleTitle meta, else the article heading (<h1>, .title-like elements
// outside chrome), else <title>. "" when the page has none.
std::string FindTitle(const GumboNode* root);

// The ContentSource meta (the publishing body, as Hanweb pages name it),
// spaces as TextBuilder leaves them; "" when absent.
std::string FindContentSource(const GumboNode* root);

// PubDate-family meta, else the first 发布日期/发布时间 in the page text, as
// YYYY-MM-DD; nullopt when neither is there or the date is impossible.
std::optional<std::string> FindPublished(const GumboNode* root);

// "2026-09-30 17:18", "2021年3月5日", "2021/3/5" → "2021-03-05" (the first date
// in `text`); nullopt when none.
std::optional<std::string> NormalizeDate(std::string_view text);

// The date right after a 发布日期/发布时间 label in `text`, or nullopt.
std::optional<std::string> DateAfterLabel(std::string_view text);

// Links to PDF/DOC/DOCX/WPS/XLS/XLSX files under `scope`, in document order,
// de-duplicated by URL, resolved against `page_url`. With `skip_chrome`, links
// inside navigation/footer/related-links elements are left out.
std::vector<Attachment> CollectAttachments(const GumboNode* scope, std::string_view page_url,
                                           bool skip_chrome = false);

// RFC 3986 reference resolution, reduced: absolute and scheme-relative
// references, absolute paths, relative paths with ./ and ../. Returns `ref`
// unchanged when `base` is empty or not absolute.
std::string ResolveUrl(std::string_view base, std::string_view ref);

// "pdf", "docx", ... when `url` (its path or a filename=/showname= parameter)
// or the link text names a known attachment type; "" otherwise.
std::string AttachmentKind(std::string_view url, std::string_view text);

}  // namespace nianbao::parser
