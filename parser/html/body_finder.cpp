#include "parser/html/body_finder.h"

#include <array>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "parser/html/dom_util.h"
#include "parser/html/html_document.h"

namespace nianbao::parser {
namespace {

struct Selector {
  bool by_id;
  std::string_view name;
};

// In order of trust: an earlier selector wins over a later one, wherever they
// sit in the page (TRS pages nest .TRS_Editor inside other containers).
constexpr std::array<Selector, 22> kContainers{{
    {true, "ivs_content"},     {true, "webeditorview"},    {true, "zoom"},
    {false, "TRS_Editor"},     {false, "trs_editor_view"}, {true, "UCAP-CONTENT"},
    {false, "WordSection1"},   {false, "Section1"},        {false, "Custom_UnionStyle"},
    {false, "bt_content"},     {false, "article-content"}, {false, "article-body"},
    {false, "pages_content"},  {false, "xxgk_content"},    {false, "zw-content"},
    {false, "zoom"},           {true, "fontzoom"},         {true, "con_con"},
    {false, "ccontent"},       {false, "article_con"},     {true, "content"},
    {false, "content"},
}};

// Less than this is a container left empty by the template (the text is
// elsewhere, e.g. in an attachment note or a sibling).
constexpr std::size_t kMinContainerText = 10;

// An element's class tokens, split once for all the selectors. Splitting is
// ClassListHas's (whitespace-separated); past kMaxTokens the rest stays joined
// in `rest`, which ClassListHas then reads as before.
struct ClassTokens {
  static constexpr std::size_t kMaxTokens = 8;
  std::array<std::string_view, kMaxTokens> tokens;
  std::size_t count = 0;
  std::string_view rest;

  explicit ClassTokens(std::string_view s) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
    std::size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && space(s[i])) ++i;
      if (count == kMaxTokens) {
        rest = s.substr(i);
        return;
      }
      std::size_t j = i;
      while (j < s.size() && !space(s[j])) ++j;
      if (j > i) tokens[count++] = s.substr(i, j - i);
      i = j;
    }
  }
  bool Has(std::string_view name) const {
    for (std::size_t k = 0; k < count; ++k) {
      if (IdIs(tokens[k], name)) return true;
    }
    return !rest.empty() && ClassListHas(rest, name);
  }
};

bool Matches(std::string_view id, const ClassTokens& cls, const Selector& s) {
  return s.by_id ? IdIs(id, s.name) : cls.Has(s.name);
}

bool HasTable(const GumboNode* n) {
  bool found = false;
  ForEachElement(n, [&](const GumboNode* e) { found = found || IsTag(e, GUMBO_TAG_TABLE); });
  return found;
}

const GumboNode* FindBodyElement(const GumboNode* root) {
  const GumboNode* body = nullptr;
  ForEachElement(root, [&](const GumboNode* n) {
    if (body == nullptr && IsTag(n, GUMBO_TAG_BODY)) body = n;
  });
  return body;
}

bool InsideChrome(const GumboNode* n, const GumboNode* stop) {
  for (const GumboNode* p = n; p != nullptr && p != stop; p = p->parent) {
    if (IsChrome(p)) return true;
  }
  return false;
}

// Readability's idea, reduced: paragraphs vote for their parent (fully) and
// grandparent (half) with their text length; link-heavy paragraphs do not vote.
const GumboNode* BestScored(const GumboNode* body) {
  std::unordered_map<const GumboNode*, double> score;
  ForEachElement(body, [&](const GumboNode* n) {
    if (!IsTag(n, GUMBO_TAG_P) && !IsTag(n, GUMBO_TAG_TABLE)) return;
    if (IsTag(n, GUMBO_TAG_TABLE) && IsTag(n->parent, GUMBO_TAG_TD)) return;
    const double len = static_cast<double>(NodeText(n).size());
    if (len == 0 || InsideChrome(n, body)) return;
    std::size_t link_len = 0;
    ForEachElement(n, [&](const GumboNode* a) {
      if (IsTag(a, GUMBO_TAG_A)) link_len += NodeText(a).size();
    });
    if (static_cast<double>(link_len) > len / 2) return;
    if (n->parent != nullptr) score[n->parent] += len;
    if (n->parent != nullptr && n->parent->parent != nullptr) score[n->parent->parent] += len / 2;
  });
  const GumboNode* best = nullptr;
  double best_score = 0;
  for (const auto& [node, s] : score) {
    if (IsElement(node) && s > best_score) {
      best = node;
      best_score = s;
    }
  }
  return best;
}

}  // namespace

BodyMatch FindBody(const GumboNode* root) {
  // One walk collects the first few elements per selector; a hostile page with
  // thousands of class="content" elements costs no more than a normal one.
  constexpr std::size_t kKeepPerSelector = 4;
  std::array<std::vector<const GumboNode*>, kContainers.size()> matches;
  ForEachElement(root, [&](const GumboNode* n) {
    const std::string_view id = Attr(n, "id");
    const std::string_view cls = Attr(n, "class");
    if (id.empty() && cls.empty()) return;
    const ClassTokens tokens(cls);
    for (std::size_t i = 0; i < kContainers.size(); ++i) {
      if (matches[i].size() < kKeepPerSelector && Matches(id, tokens, kContainers[i])) matches[i].push_back(n);
    }
  });
  for (std::size_t i = 0; i < kContainers.size(); ++i) {
    for (const GumboNode* n : matches[i]) {
      if (NodeTextReaches(n, kMinContainerText) || HasTable(n)) {
        const Selector& s = kContainers[i];
        return {n, (s.by_id ? "#" : ".") + std::string(s.name)};
      }
    }
  }
  const GumboNode* body = FindBodyElement(root);
  if (body == nullptr) return {};
  if (const GumboNode* best = BestScored(body)) {
    return {best, "scored:" + std::string(gumbo_normalized_tagname(best->v.element.tag))};
  }
  return {body, "body"};
}

}  // namespace nianbao::parser
