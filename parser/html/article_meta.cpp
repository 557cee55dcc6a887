#include "parser/html/article_meta.h"

#include <array>
#include <unordered_set>

#include "common/text.h"
#include "parser/html/dom_util.h"
#include "parser/html/html_document.h"
#include "parser/text_builder.h"

namespace nianbao::parser {
namespace {

constexpr std::array<std::string_view, 6> kAttachmentKinds{"docx", "xlsx", "pdf", "doc", "wps", "xls"};
constexpr std::array<std::string_view, 5> kDateMetas{"pubdate", "publishdate", "firstpublishedtime",
                                                     "publishtime", "releasedate"};
// Longer than this, a heading-like element is a paragraph, not a title.
constexpr std::size_t kMaxTitleBytes = 300;

// The page's <meta> elements in document order, collected in one walk for
// all the names looked up.
std::vector<const GumboNode*> Metas(const GumboNode* root) {
  std::vector<const GumboNode*> out;
  ForEachElement(root, [&](const GumboNode* n) {
    if (IsTag(n, GUMBO_TAG_META)) out.push_back(n);
  });
  return out;
}

// The content of the first meta whose name is `name` that has content.
std::string_view MetaContent(const std::vector<const GumboNode*>& metas, std::string_view name) {
  for (const GumboNode* n : metas) {
    if (AsciiLower(Attr(n, "name")) != name) continue;
    const std::string_view content = Attr(n, "content");
    if (!content.empty()) return content;
  }
  return {};
}

bool LooksLikeTitleElement(const GumboNode* n) {
  if (IsTag(n, GUMBO_TAG_H1)) return true;
  for (std::string_view cls : {"title", "article-title", "bt", "tit", "wz_title", "art_title"}) {
    if (HasClass(n, cls)) return true;
  }
  return false;
}

bool UnderChrome(const GumboNode* n) {
  for (const GumboNode* p = n->parent; p != nullptr; p = p->parent) {
    if (IsChrome(p)) return true;
  }
  return false;
}

std::string UrlPath(std::string_view url) {
  const std::size_t q = url.find_first_of("?#");
  return AsciiLower(url.substr(0, q));
}

std::string KindOfName(std::string_view name) {
  const std::string lower = AsciiLower(name);
  for (std::string_view k : kAttachmentKinds) {
    if (lower.size() > k.size() + 1 && lower.compare(lower.size() - k.size(), k.size(), k) == 0 &&
        lower[lower.size() - k.size() - 1] == '.') {
      return std::string(k);
    }
  }
  return {};
}

// The value of query parameter `key` (undecoded), or "".
std::string_view QueryParam(std::string_view url, std::string_view key) {
  const std::size_t q = url.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view query = url.substr(q + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (pair.size() > key.size() && pair.substr(0, key.size()) == key && pair[key.size()] == '=') {
      return pair.substr(key.size() + 1);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

std::string_view Scheme(std::string_view url) {
  const std::size_t colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0) return {};
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = url[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return {};
  }
  return url.substr(0, colon);
}

}  // namespace

// The date within a few characters after 发布日期/发布时间 in `text`.
std::optional<std::string> DateAfterLabel(std::string_view text) {
  constexpr std::size_t kWindow = 40;  // "：" and spaces, then the date
  for (std::string_view label : {"发布日期", "发布时间"}) {
    const std::size_t p = text.find(label);
    if (p == std::string_view::npos) continue;
    if (std::optional<std::string> d = FindDate(text.substr(p + label.size(), kWindow))) return d;
  }
  return std::nullopt;
}

std::string FindTitle(const GumboNode* root) {
  const std::string_view meta = MetaContent(Metas(root), "articletitle");
  if (!meta.empty()) {
    TextBuilder t;
    t.Append(meta);
    if (!t.empty()) return t.Take();
  }
  std::string heading;
  ForEachElement(root, [&](const GumboNode* n) {
    if (!heading.empty() || !LooksLikeTitleElement(n) || UnderChrome(n)) return;
    std::string t = NodeText(n);
    if (!t.empty() && t.size() <= kMaxTitleBytes) heading = std::move(t);
  });
  if (!heading.empty()) return heading;
  std::string title;
  ForEachElement(root, [&](const GumboNode* n) {
    if (title.empty() && IsTag(n, GUMBO_TAG_TITLE)) title = NodeText(n);
  });
  return title;
}

std::string FindContentSource(const GumboNode* root) {
  TextBuilder t;
  t.Append(MetaContent(Metas(root), "contentsource"));
  return t.Take();
}

std::optional<std::string> FindPublished(const GumboNode* root) {
  const std::vector<const GumboNode*> metas = Metas(root);
  for (std::string_view name : kDateMetas) {
    const std::string_view content = MetaContent(metas, name);
    if (content.empty()) continue;
    if (std::optional<std::string> d = FindDate(content)) return d;
  }
  // Visible "发布日期：2021-03-05" in an info bar. The date may sit in a sibling
  // element ("<span>发布日期：</span><span>2021-…"), so read the text of the
  // label's parent and grandparent too; only just after the label, so a date
  // quoted in the report body is not taken.
  std::optional<std::string> found;
  ForEachElement(root, [&](const GumboNode* n) {
    if (found || IsInvisible(n)) return;
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length && !found; ++i) {
      const auto* k = static_cast<const GumboNode*>(kids.data[i]);
      if (k->type != GUMBO_NODE_TEXT) continue;
      const std::string_view text = k->v.text.text;
      if (text.find("发布日期") == std::string_view::npos &&
          text.find("发布时间") == std::string_view::npos) {
        continue;
      }
      const GumboNode* scope = n;
      for (int up = 0; up < 3 && scope != nullptr && !found; ++up, scope = scope->parent) {
        if (scope->type != GUMBO_NODE_ELEMENT) break;
        found = DateAfterLabel(NodeText(scope));
      }
    }
  });
  return found;
}

std::string AttachmentKind(std::string_view url, std::string_view text) {
  std::string kind = KindOfName(UrlPath(url));
  for (std::string_view key : {"filename", "showname", "file", "fileName"}) {
    if (kind.empty()) kind = KindOfName(QueryParam(url, key));
  }
  if (kind.empty()) kind = KindOfName(text);
  return kind;
}

std::vector<Attachment> CollectAttachments(const GumboNode* scope, std::string_view page_url,
                                           const LinkResolver& resolve_link, bool skip_chrome) {
  std::vector<Attachment> out;
  std::unordered_set<std::string> seen;
  ForEachElement(scope, [&](const GumboNode* n) {
    if (!IsTag(n, GUMBO_TAG_A)) return;
    std::string_view href = Attr(n, "href");
    while (!href.empty() && (href.front() == ' ' || href.front() == '\n' || href.front() == '\t')) href.remove_prefix(1);
    while (!href.empty() && (href.back() == ' ' || href.back() == '\n' || href.back() == '\t')) href.remove_suffix(1);
    const std::string scheme = AsciiLower(Scheme(href));
    if (href.empty() || scheme == "javascript" || scheme == "mailto") return;
    std::string text = NodeText(n);
    if (text.empty()) text = std::string(Attr(n, "title"));
    std::string kind = AttachmentKind(href, text);
    if (kind.empty() || (skip_chrome && UnderChrome(n))) return;
    std::string url(href);
    if (!page_url.empty() && resolve_link) {
      if (std::optional<std::string> resolved = resolve_link(page_url, href)) url = std::move(*resolved);
    }
    if (!seen.insert(url).second) return;
    out.push_back({std::move(url), std::move(text), std::move(kind)});
  });
  return out;
}

}  // namespace nianbao::parser
