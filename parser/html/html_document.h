// HtmlDocument: one parsed HTML page, owning both the UTF-8 source and gumbo's
// tree built over it. The source outlives the tree by declaration order, since
// gumbo's nodes point into it. Move-only.
//
// Parse() bounds the work before gumbo sees the page: input over
// HtmlLimits::max_bytes is refused with kLimit, and nesting deeper than
// max_depth is flattened, not refused: a pre-pass (nesting_bound.h) drops
// start tags past that depth and their matching end tags, keeping the text.
// Gumbo's tree destruction is recursive and some deep trees are quadratic, so
// this keeps a hostile page at bounded time, stack and memory. Gumbo's
// implied elements (tbody, tr) can make the tree up to about twice max_depth.
// Memory: the tree costs roughly 10-15x the page size (a 50 MB page of short
// paragraphs peaked at ~720 MB RSS).
#pragma once

#include <gumbo.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace nianbao::parser {

struct HtmlLimits {
  std::size_t max_bytes = 50u << 20;
  int max_depth = 400;
};

class HtmlDocument {
 public:
  // Fails with kLimit over max_bytes; never fails on malformed HTML.
  static Result<HtmlDocument> Parse(std::string utf8_html, const HtmlLimits& limits = {});

  HtmlDocument(HtmlDocument&&) noexcept = default;
  HtmlDocument& operator=(HtmlDocument&&) noexcept = default;

  const GumboNode* root() const { return out_->root; }
  // True when Parse() had to flatten over-deep nesting.
  bool flattened() const { return flattened_; }

 private:
  struct GumboDeleter {
    void operator()(GumboOutput* out) const;
  };
  HtmlDocument() = default;

  // Heap-held so gumbo's pointers into it survive moves (a short std::string
  // would move its bytes).
  std::unique_ptr<std::string> html_;
  std::unique_ptr<GumboOutput, GumboDeleter> out_;
  bool flattened_ = false;
};

// Small helpers over gumbo nodes, shared by the extractors.
// The value of attribute `name`, or "" when absent.
std::string_view Attr(const GumboNode* node, const char* name);
// Elements whose start and end separate words in NodeText (p, div, br, li,
// table cells, headings, ...).
bool IsTextBlockBoundary(GumboTag tag);
// The whitespace-collapsed, trimmed text under `node` (script/style skipped).
std::string NodeText(const GumboNode* node);
// NodeText(node).size() >= bytes, without collecting more text than that.
bool NodeTextReaches(const GumboNode* node, std::size_t bytes);
// Calls `fn(node)` for every element under `root` in document order.
template <typename Fn>
void ForEachElement(const GumboNode* root, Fn&& fn) {
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) continue;
    fn(n);
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = kids.length; i > 0; --i) stack.push_back(static_cast<const GumboNode*>(kids.data[i - 1]));
  }
}

}  // namespace nianbao::parser
