#include "parser/html/dom_util.h"

#include <array>

#include "parser/html/html_document.h"

namespace nianbao::parser {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Substrings of class/id tokens that mark chrome on Hanweb, TRS and the
// custom templates in sites.md. Matched against lower-case tokens.
constexpr std::array<std::string_view, 19> kChromeParts{
    "nav",   "menu",     "crumb",   "position", "location", "bt_link", "share",
    "print", "footer",   "related", "xgwz",     "xglj",     "sidebar", "copyright",
    "toolbar", "fenxiang", "dayin", "bdshare", "jiathis"};
// Whole tokens only: as substrings they would hit "header-title" and the like.
constexpr std::array<std::string_view, 5> kChromeTokens{"foot", "head", "header", "bottom", "top"};

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// True when `hay` contains the lower-case `needle`, ASCII case-insensitively:
// the per-element tests below run on every element, so they do not copy.
bool ContainsLower(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size() && Lower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

bool TokenIsChrome(std::string_view token) {
  for (std::string_view p : kChromeParts) {
    if (ContainsLower(token, p)) return true;
  }
  for (std::string_view p : kChromeTokens) {
    if (EqualsIgnoreCase(token, p)) return true;
  }
  return false;
}

template <typename Fn>
bool AnyToken(std::string_view s, Fn&& fn) {
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t' && s[j] != '\n') ++j;
    if (j > i && fn(s.substr(i, j - i))) return true;
    i = j;
  }
  return false;
}

}  // namespace

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsElement(const GumboNode* n) { return n != nullptr && n->type == GUMBO_NODE_ELEMENT; }

bool IsTag(const GumboNode* n, GumboTag tag) { return IsElement(n) && n->v.element.tag == tag; }

bool ClassListHas(std::string_view class_attr, std::string_view token) {
  return AnyToken(class_attr, [&](std::string_view t) { return EqualsIgnoreCase(t, token); });
}

bool IdIs(std::string_view id_attr, std::string_view id) { return EqualsIgnoreCase(id_attr, id); }

bool HasClass(const GumboNode* n, std::string_view token) { return ClassListHas(Attr(n, "class"), token); }

bool HasId(const GumboNode* n, std::string_view id) { return IdIs(Attr(n, "id"), id); }

bool IsInvisible(const GumboNode* n) {
  if (!IsElement(n)) return false;
  switch (n->v.element.tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT:
      return true;
    default:
      break;
  }
  const std::string_view style = Attr(n, "style");
  return ContainsLower(style, "display:none") || ContainsLower(style, "display: none");
}

bool IsChrome(const GumboNode* n) {
  if (!IsElement(n)) return false;
  switch (n->v.element.tag) {
    case GUMBO_TAG_NAV: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM: case GUMBO_TAG_SELECT: case GUMBO_TAG_BUTTON: case GUMBO_TAG_INPUT:
      return true;
    default:
      break;
  }
  return AnyToken(Attr(n, "class"), TokenIsChrome) || AnyToken(Attr(n, "id"), TokenIsChrome);
}

bool HasBoldStyle(const GumboNode* n) {
  const std::string_view raw = Attr(n, "style");
  if (!ContainsLower(raw, "font-weight")) return false;
  const std::string style = AsciiLower(raw);
  const std::size_t p = style.find("font-weight");
  if (p == std::string::npos) return false;
  std::size_t v = style.find(':', p);
  if (v == std::string::npos) return false;
  ++v;
  while (v < style.size() && style[v] == ' ') ++v;
  const std::string_view value = std::string_view(style).substr(v);
  if (value.substr(0, 4) == "bold") return true;
  return value.size() >= 3 && value[0] >= '6' && value[0] <= '9' && value[1] == '0' && value[2] == '0';
}

}  // namespace nianbao::parser
