// The next link is recognised by its text (下一页, 下页, next) or a class
// naming "next"; javascript: pagers resolve to nothing and end the chain,
// which is right: their pages need the page's own script.
#include "crawler/walkers/generic_list.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "crawler/walkers/list_items.h"
#include "crawler/walkers/resolve_link.h"
#include "crawler/walkers/scan_util.h"
#include "parser/html/html_document.h"

namespace nianbao::crawler {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool IsNextLink(const GumboNode* a) {
  std::string text = Lower(parser::NodeText(a));
  for (std::string_view w : {"下一页", "下页", "下一頁", "next", "next page", "next>", "下一页>", "下一页>>"}) {
    if (text == w) return true;
  }
  return Lower(parser::Attr(a, "class")).find("next") != std::string::npos;
}

}  // namespace

ListPageResult ReadGenericList(const FetchedPage& page) {
  ListPageResult result;
  result.kind = ColumnKind::kGeneric;
  auto doc = parser::HtmlDocument::Parse(page.body);
  if (!doc.ok()) {
    result.error = doc.status().WithContext(page.url).message();
    return result;
  }
  result.items = ItemsFromRows(doc->root(), page.url);
  std::optional<std::string> next;
  parser::ForEachElement(doc->root(), [&](const GumboNode* n) {
    if (next || n->v.element.tag != GUMBO_TAG_A || !IsNextLink(n)) return;
    auto url = ResolveLink(page.url, parser::Attr(n, "href"));
    if (url && *url != page.url) next = std::move(url);
  });
  if (next) result.next_pages.push_back(PageRequest{*next, "GET", "", "", {}});
  return result;
}

}  // namespace nianbao::crawler
