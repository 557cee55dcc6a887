// ReadSimpleFragment must give exactly what a gumbo parse gives (first link's
// href, title and text; the whole text) for every fragment it accepts, and
// refuse the fragments on which gumbo's error recovery reshapes the tree.
#include "parser/html/simple_fragment.h"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "parser/html/html_document.h"

namespace nianbao::parser {
namespace {

struct Parsed {
  bool has_link = false;
  std::string href, title, link_text, text;
};

Parsed ByGumbo(const std::string& html) {
  Result<HtmlDocument> doc = HtmlDocument::Parse(html);
  REQUIRE(doc.ok());
  Parsed p;
  const GumboNode* link = nullptr;
  ForEachElement(doc->root(), [&](const GumboNode* n) {
    if (link == nullptr && n->v.element.tag == GUMBO_TAG_A && !Attr(n, "href").empty()) link = n;
  });
  p.text = NodeText(doc->root());
  if (link != nullptr) {
    p.has_link = true;
    p.href = Attr(link, "href");
    p.title = Attr(link, "title");
    p.link_text = NodeText(link);
  }
  return p;
}

// True when `html` is accepted; then CHECKs agreement with gumbo.
bool AgreesWhenAccepted(const std::string& html) {
  std::optional<SimpleFragment> f = ReadSimpleFragment(html);
  if (!f) return false;
  const Parsed want = ByGumbo(html);
  INFO(html);
  CHECK(f->text == want.text);
  CHECK(f->first_link.has_value() == want.has_link);
  if (f->first_link && want.has_link) {
    CHECK(f->first_link->href == want.href);
    CHECK(f->first_link->title == want.title);
    CHECK(f->first_link->text == want.link_text);
  }
  return true;
}

TEST_CASE("Hanweb records are read as gumbo reads them") {
  const std::vector<std::string> records = {
      "<li><a href='/art/2022/3/1/art_126000_9001.html' title='王岗镇开展春季防火宣传'>王岗镇开展春季防火宣传</a>"
      "<span>2022-03-01</span></li>",
      "<li><a href='/art/2022/1/20/art_1.html' title='南岗区 2021 年 报告' target=\"_blank\">南岗区 2021 年\n报告</a>"
      "<span>2022-01-20</span></li>",
      "<li><A HREF=/a.html TITLE=\"x\" href=/b.html><font color=red>新</font>标题<br/>附</A> 2021-05-06</li>",
      "  <div><a href=\"x.html\">  甲  乙 </a></div><div>2020年3月4日</div>",
      "<li><a>no href</a><a href=''>empty</a><a href=\"/c.html\">second</a></li>",
      "<li><span>2022-01-01</span></li>",
      "plain text 2021-01-01",
      "",
  };
  for (const std::string& r : records) CHECK(AgreesWhenAccepted(r));
}

TEST_CASE("fragments gumbo reshapes or reads differently are refused") {
  for (const char* html : {
           "<li>a<li>b</li>",                          // li closes li
           "<a href=x>a<a href=y>b</a></a>",           // a closes a
           "<b><i>x</b></i>",                          // misnested: the adoption agency
           "<p>x<div>y</div>",                         // p is not in the subset
           "<a href='x&amp;y'>t</a>",                  // a character reference
           "<!-- note --><a href=x>t</a>",             // a comment
           "<script>x</script>",                       // raw text
           "<table><tr><td><a href=x>t</a></td></tr></table>",
           "<span/>x",                                 // self-closing non-void element
           "a < b",                                    // a bare '<'
           "<a href=x\r\n>t</a>",                      // CR, which gumbo rewrites
           "<a href=x title=\"y\"title=z>t</a>",      // attributes not separated
           "<a href=\"x>t</a>",                        // unterminated quote
           "\xFF<a href=x>t</a>",                      // invalid UTF-8
       }) {
    INFO(html);
    CHECK_FALSE(ReadSimpleFragment(html).has_value());
  }
}

TEST_CASE("random mixes of record pieces: whatever is accepted agrees with gumbo") {
  const std::vector<std::string> pieces = {
      "<li>", "</li>", "<a href='/x/1.html' title='标题 一'>", "<a href=\"y\">", "</a>", "<span>", "</span>",
      "2022-03-01", "文字", " ", "\n", "<br>", "<br/>", "<div>", "</div>", "<b>", "</b>", "<img src=x>", "<a>",
      "<a href=''>", "<font color=red>", "</font>", "<A HREF=z TITLE=\"t\">", "<a href=p title=q title=r>", ">",
      "\t", "<a href = \"s\" >", "<li class=x>", "<em>", "</em>", "</br>", "&amp;"};
  std::mt19937 rng(14);  // fixed seed: the same mixes every run
  int accepted = 0;
  for (int t = 0; t < 20000; ++t) {
    std::string html;
    const int n = static_cast<int>(rng() % 10);
    for (int i = 0; i < n; ++i) html += pieces[rng() % pieces.size()];
    accepted += AgreesWhenAccepted(html) ? 1 : 0;
  }
  CHECK(accepted > 2000);  // the subset is not empty in practice
}

}  // namespace
}  // namespace nianbao::parser
