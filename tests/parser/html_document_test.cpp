#include "parser/html/html_document.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "parser/html/nesting_bound.h"

namespace nianbao::parser {
namespace {

const GumboNode* FirstTag(const GumboNode* root, GumboTag tag) {
  const GumboNode* found = nullptr;
  ForEachElement(root, [&](const GumboNode* n) {
    if (found == nullptr && n->v.element.tag == tag) found = n;
  });
  return found;
}

// Deepest element nesting under `root`, measured without recursion.
int TreeDepth(const GumboNode* root) {
  int deepest = 0;
  std::vector<std::pair<const GumboNode*, int>> stack{{root, 1}};
  while (!stack.empty()) {
    auto [n, d] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, d);
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) {
      const auto* k = static_cast<const GumboNode*>(kids.data[i]);
      if (k->type == GUMBO_NODE_ELEMENT) stack.push_back({k, d + 1});
    }
  }
  return deepest;
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST_CASE("Parse builds a tree, Attr reads attributes") {
  Result<HtmlDocument> doc =
      HtmlDocument::Parse("<div id=\"zoom\" class=\"a b\"><a href=\"/x.pdf\">附件</a></div>");
  REQUIRE(doc.ok());
  const GumboNode* div = FirstTag(doc->root(), GUMBO_TAG_DIV);
  REQUIRE(div != nullptr);
  CHECK(Attr(div, "id") == "zoom");
  CHECK(Attr(div, "class") == "a b");
  CHECK(Attr(div, "missing").empty());
  CHECK(Attr(nullptr, "id").empty());
  CHECK(Attr(FirstTag(doc->root(), GUMBO_TAG_A), "href") == "/x.pdf");
  CHECK_FALSE(doc->flattened());
}

TEST_CASE("NodeText collapses whitespace, joins fragments, skips scripts") {
  Result<HtmlDocument> doc = HtmlDocument::Parse(
      "<html><head><title>t</title><style>p{}</style></head><body>"
      "<p>  收到\n   申请 </p><p>a&nbsp;&nbsp;b\t<span>c</span><span>d</span><o:p></o:p></p>"
      "<script>var x = '<b>no</b>';</script><div>one<br>two</div></body></html>");
  REQUIRE(doc.ok());
  const GumboNode* body = FirstTag(doc->root(), GUMBO_TAG_BODY);
  // A source line break between two Chinese characters is formatting only.
  CHECK(NodeText(body) == "收到申请 a b cd one two");
  CHECK(NodeText(FirstTag(doc->root(), GUMBO_TAG_SPAN)) == "c");
  CHECK(NodeText(nullptr).empty());
}

TEST_CASE("a moved document keeps a valid tree, even for a tiny page") {
  Result<HtmlDocument> doc = HtmlDocument::Parse("<p>x</p>");
  REQUIRE(doc.ok());
  HtmlDocument moved = std::move(doc.value());
  HtmlDocument again = std::move(moved);
  CHECK(NodeText(again.root()) == "x");
  const GumboNode* p = FirstTag(again.root(), GUMBO_TAG_P);
  REQUIRE(p != nullptr);
  CHECK(std::string(p->v.element.original_tag.data, p->v.element.original_tag.length) == "<p>");
}

TEST_CASE("input over max_bytes is refused with kLimit") {
  HtmlLimits limits;
  limits.max_bytes = 1000;
  Result<HtmlDocument> doc = HtmlDocument::Parse(std::string(1001, 'a'), limits);
  REQUIRE_FALSE(doc.ok());
  CHECK(doc.status().code() == Code::kLimit);
  CHECK(doc.status().message().find("1001") != std::string::npos);
  CHECK(HtmlDocument::Parse(std::string(1000, 'a'), limits).ok());
}

TEST_CASE("deep nesting is flattened to a bounded depth, text kept in order") {
  HtmlLimits limits;
  limits.max_depth = 100;
  const std::string page =
      Repeat("<div>", 5000) + "deep" + Repeat("</div>", 5000) + "<p>after</p>";
  Result<HtmlDocument> doc = HtmlDocument::Parse(page, limits);
  REQUIRE(doc.ok());
  CHECK(doc->flattened());
  CHECK(TreeDepth(doc->root()) <= 2 * limits.max_depth);
  CHECK(NodeText(doc->root()) == "deep after");
  // The dropped end tags matched the dropped start tags: <p> is not inside the divs.
  const GumboNode* p = FirstTag(doc->root(), GUMBO_TAG_P);
  REQUIRE(p != nullptr);
  CHECK(p->parent->v.element.tag == GUMBO_TAG_BODY);
}

TEST_CASE("implied end tags do not count as nesting") {
  // 10,000 rows and items without end tags are flat in HTML, not deep.
  std::string page = "<table>" + Repeat("<tr><td>1<td>2", 10000) + "</table><ul>" +
                     Repeat("<li>x<p>y", 5000) + "</ul>";
  CHECK_FALSE(BoundNesting(page, 400));
  std::string script = "<script>" + Repeat("<div>", 1000) + "</script>";
  CHECK_FALSE(BoundNesting(script, 400));
  std::string comment = "<!--" + Repeat("<div>", 1000) + "-->";
  CHECK_FALSE(BoundNesting(comment, 400));
}

TEST_CASE("ForEachElement visits in document order") {
  Result<HtmlDocument> doc = HtmlDocument::Parse("<div><h1>a</h1><p>b</p></div><table></table>");
  REQUIRE(doc.ok());
  std::vector<GumboTag> tags;
  ForEachElement(doc->root(), [&](const GumboNode* n) {
    const GumboTag t = n->v.element.tag;
    if (t == GUMBO_TAG_DIV || t == GUMBO_TAG_H1 || t == GUMBO_TAG_P || t == GUMBO_TAG_TABLE) {
      tags.push_back(t);
    }
  });
  CHECK(tags == std::vector<GumboTag>{GUMBO_TAG_DIV, GUMBO_TAG_H1, GUMBO_TAG_P, GUMBO_TAG_TABLE});
}

}  // namespace
}  // namespace nianbao::parser
