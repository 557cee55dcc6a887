// Finding the element that holds an article's text on a gov.cn page: first the
// containers the CMSes are known to use (Hanweb #zoom, TRS .TRS_Editor, Word's
// .WordSection1, the list in sites.md §3.4), then the element with the most
// paragraph text that is not chrome, then <body>. Borrowed pointers into the
// HtmlDocument's tree.
#pragma once

#include <gumbo.h>

#include <string>

namespace nianbao::parser {

struct BodyMatch {
  const GumboNode* node = nullptr;  // null only when the page has no <body>
  std::string container;            // e.g. "#zoom", ".TRS_Editor", "scored:div", "body"
};

BodyMatch FindBody(const GumboNode* root);

}  // namespace nianbao::parser
