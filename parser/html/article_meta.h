// The article's metadata around its body: title, publication date and
// attachment links (plain string work, no HTTP; URL resolution is the
// caller's, see LinkResolver in parser/report.h).
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

// The date right after a 发布日期/发布时间 label in `text` (common/text.h
// FindDate's rule), or nullopt.
std::optional<std::string> DateAfterLabel(std::string_view text);

// Links to PDF/DOC/DOCX/WPS/XLS/XLSX files under `scope`, in document order,
// de-duplicated by URL. Each href is resolved against `page_url` by
// `resolve_link` when both are given; an href it cannot resolve, or any href
// without them, is kept as written. With `skip_chrome`, links inside
// navigation/footer/related-links elements are left out.
std::vector<Attachment> CollectAttachments(const GumboNode* scope, std::string_view page_url,
                                           const LinkResolver& resolve_link, bool skip_chrome = false);

// "pdf", "docx", ... when `url` (its path or a filename=/showname= parameter)
// or the link text names a known attachment type; "" otherwise.
std::string AttachmentKind(std::string_view url, std::string_view text);

}  // namespace nianbao::parser
