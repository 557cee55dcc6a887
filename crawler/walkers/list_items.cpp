// Title from a@title first: record markup on Hanweb sites is often malformed
// (stray "<li style=<br/>" fragments) and pollutes the link text, while the
// attribute is written by the CMS. The date is looked for outside the title so
// a title naming a date is not mistaken for the publication date.
#include "crawler/walkers/list_items.h"

#include <string>
#include <unordered_set>
#include <vector>

#include "crawler/walkers/resolve_link.h"
#include "crawler/walkers/scan_util.h"
#include "parser/html/html_document.h"
#include "parser/html/simple_fragment.h"

namespace nianbao::crawler {
namespace {

using parser::Attr;
using parser::ForEachElement;
using parser::NodeText;

bool IsRow(const GumboNode* n) {
  if (n->type != GUMBO_NODE_ELEMENT) return false;
  GumboTag t = n->v.element.tag;
  return t == GUMBO_TAG_LI || t == GUMBO_TAG_TR || t == GUMBO_TAG_DD || t == GUMBO_TAG_DT;
}

bool IsAnchor(const GumboNode* n) { return n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == GUMBO_TAG_A; }

// The nearest list row around `n`, or nullptr.
const GumboNode* RowOf(const GumboNode* n) {
  for (const GumboNode* p = n->parent; p != nullptr; p = p->parent) {
    if (IsRow(p)) return p;
  }
  return nullptr;
}

// Pager and navigation links are not list items.
bool IsPagerText(std::string_view text) {
  for (std::string_view w : {"下一页", "上一页", "首页", "尾页", "末页", "下页", "上页", "更多"}) {
    if (text == w) return true;
  }
  return false;
}

// True when `block` holds no link but `anchor`: a list entry, not a menu or
// the page body.
bool OnlyLinkIn(const GumboNode* block, const GumboNode* anchor) {
  std::vector<const GumboNode*> stack{block};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    if (n != anchor && IsAnchor(n)) return false;
    if (n == anchor) continue;
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  return true;
}

std::optional<std::string> DateOutside(std::string text, std::string_view title) {
  if (!title.empty()) {
    std::size_t pos = text.find(title);
    if (pos != std::string::npos) text.erase(pos, title.size());
  }
  return FindDate(text);
}

// The item rule over a link's parts; the texts are asked for only when needed.
template <typename AnchorText, typename RowText>
std::optional<ListItem> ItemFromParts(std::string_view href, std::string_view title_attr, AnchorText&& anchor_text,
                                      RowText&& row_text, std::string_view base_url) {
  auto url = ResolveLink(base_url, href);
  if (!url) return std::nullopt;
  std::string title(TrimSpace(title_attr));
  if (title.empty()) title = anchor_text();
  if (title.empty() || IsPagerText(title)) return std::nullopt;
  ListItem item{*url, title, DateOutside(row_text(), title)};
  return item;
}

}  // namespace

std::optional<ListItem> ItemFromAnchor(const GumboNode* anchor, const GumboNode* row, std::string_view base_url) {
  return ItemFromParts(
      Attr(anchor, "href"), Attr(anchor, "title"), [&] { return NodeText(anchor); }, [&] { return NodeText(row); },
      base_url);
}

// Most records are simple enough to read without a parse (simple_fragment.h),
// which gives what the parse below would; the rest are parsed.
std::optional<ListItem> ItemFromFragment(std::string_view html, std::string_view base_url) {
  if (html.size() <= parser::HtmlLimits{}.max_bytes) {
    if (std::optional<parser::SimpleFragment> f = parser::ReadSimpleFragment(html)) {
      if (!f->first_link) return std::nullopt;
      const parser::SimpleFragment::Link& link = *f->first_link;
      return ItemFromParts(
          link.href, link.title, [&] { return link.text; }, [&] { return f->text; }, base_url);
    }
  }
  auto doc = parser::HtmlDocument::Parse(std::string(html));
  if (!doc.ok()) return std::nullopt;
  const GumboNode* first_anchor = nullptr;
  ForEachElement(doc->root(), [&](const GumboNode* n) {
    if (first_anchor == nullptr && IsAnchor(n) && !Attr(n, "href").empty()) first_anchor = n;
  });
  if (first_anchor == nullptr) return std::nullopt;
  return ItemFromAnchor(first_anchor, doc->root(), base_url);
}

std::vector<ListItem> ItemsFromRows(const GumboNode* root, std::string_view base_url,
                                    std::string_view row_class_prefix) {
  std::vector<ListItem> items;
  ForEachElement(root, [&](const GumboNode* n) {
    if (!IsAnchor(n) || Attr(n, "href").empty()) return;
    const GumboNode* row = RowOf(n);
    if (row == nullptr) {
      // Div-based lists: a link counts when its own block holds no other link
      // and shows a date, which navigation links never do.
      const GumboNode* block = n->parent;
      if (!row_class_prefix.empty() || block == nullptr || block->type != GUMBO_NODE_ELEMENT) return;
      if (!OnlyLinkIn(block, n)) return;
      auto item = ItemFromAnchor(n, block, base_url);
      if (item && item->date) items.push_back(std::move(*item));
      return;
    }
    if (!row_class_prefix.empty() && !Attr(row, "class").starts_with(row_class_prefix)) return;
    if (auto item = ItemFromAnchor(n, row, base_url)) items.push_back(std::move(*item));
  });
  DedupeByUrl(items);
  return items;
}

void DedupeByUrl(std::vector<ListItem>& items) {
  std::unordered_set<std::string> seen;
  std::vector<ListItem> kept;
  kept.reserve(items.size());
  for (ListItem& item : items) {
    if (seen.insert(item.url).second) kept.push_back(std::move(item));
  }
  items = std::move(kept);
}

}  // namespace nianbao::crawler
