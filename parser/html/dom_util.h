// Small queries over gumbo elements shared by the article extractors: tag and
// class/id tests, and recognising site chrome. Pure functions; nodes are
// borrowed from an HtmlDocument that must outlive the call.
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>

namespace nianbao::parser {

bool IsElement(const GumboNode* n);
bool IsTag(const GumboNode* n, GumboTag tag);
// True when the class attribute holds `token` (ASCII case-insensitive).
bool HasClass(const GumboNode* n, std::string_view token);
// True when the id equals `id` (ASCII case-insensitive).
bool HasId(const GumboNode* n, std::string_view id);
// The same tests on attribute values already read (FindBody reads each
// element's class and id once for all its selectors).
bool ClassListHas(std::string_view class_attr, std::string_view token);
bool IdIs(std::string_view id_attr, std::string_view id);
// Navigation, breadcrumbs, share/print bars, footers, related links, forms:
// parts of a page that are never the report.
bool IsChrome(const GumboNode* n);
// Elements whose text is never page text (script, style, ...).
bool IsInvisible(const GumboNode* n);
std::string AsciiLower(std::string_view s);
// Inline style says font-weight: bold (or 600+).
bool HasBoldStyle(const GumboNode* n);

}  // namespace nianbao::parser
