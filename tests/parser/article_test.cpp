#include "parser/html/article.h"

#include <doctest/doctest.h>

#include <string>

#include "parser/html/article_meta.h"
#include "tests/parser/html_test_util.h"

namespace nianbao::parser {
namespace {

using testing::ReadFixture;

constexpr const char* kPageUrl = "http://www.nangang.gov.cn/art/2022/1/28/art_126585_1.html";

Article Extract(const std::string& fixture, const std::string& url = kPageUrl) {
  Result<Article> a = ExtractArticle(ReadFixture("html/" + fixture), url);
  REQUIRE_MESSAGE(a.ok(), a.status().ToString());
  return std::move(a.value());
}

std::string AllText(const Article& a) {
  std::string s;
  for (const TextBlock& b : a.blocks) s += b.text + "\n";
  return s;
}

bool HasBlock(const Article& a, const std::string& text, bool emphasized) {
  for (const TextBlock& b : a.blocks) {
    if (b.text == text) return b.emphasized == emphasized;
  }
  return false;
}

void CheckNoChrome(const Article& a) {
  const std::string text = AllText(a);
  for (const char* chrome : {"首页", "当前位置", "版权所有", "分享到", "相关文章", "打印", "主办"}) {
    CHECK_MESSAGE(text.find(chrome) == std::string::npos, chrome);
  }
}

TEST_CASE("Hanweb #zoom page: body, metadata and attachments") {
  const Article a = Extract("hanweb_zoom.html");
  CHECK(a.container == "#zoom");
  CHECK(a.title == "南岗区王岗镇2021年政府信息公开工作年度报告");
  CHECK(a.published == "2022-01-28");
  CheckNoChrome(a);
  CHECK(a.blocks.front().text.rfind("2021年，我镇按照", 0) == 0);
  CHECK(HasBlock(a, "一、总体情况", true));                // <strong>
  CHECK(HasBlock(a, "二、主动公开政府信息情况", true));    // font-weight:bold
  CHECK(HasBlock(a, "五、存在的主要问题及改进情况", false));
  CHECK(HasBlock(a, "（一）主动公开情况。主要通过南岗区政府门户网站公开。", false));

  REQUIRE(a.attachments.size() == 3);
  CHECK(a.attachments[0].kind == "pdf");
  CHECK(a.attachments[0].text == "王岗镇2021年年报.pdf");
  // No LinkResolver: hrefs as written (entities decoded); tests/app/cli_test.cpp
  // checks the same links resolved by `nianbao parse --url`.
  CHECK(a.attachments[0].url ==
        "/module/download/downfile.jsp?classid=0&filename=2201281015.pdf&showname=%E5%B9%B4%E6%8A%A5.pdf");
  CHECK(a.attachments[1].kind == "xlsx");
  CHECK(a.attachments[1].url == "../../files/biaoge.xlsx");
  CHECK(a.attachments[2].kind == "doc");
  CHECK(a.attachments[2].url == "tongji.doc");
}

TEST_CASE("Hanweb tables: captions, spans, fragments, &nbsp") {
  const Article a = Extract("hanweb_zoom.html");
  REQUIRE(a.tables.size() == 2);  // the 索引号 table sits outside #zoom
  const Grid& t2 = a.tables[0];
  CHECK(t2.caption == "二、主动公开政府信息情况");
  CHECK(t2.height() == 4);
  CHECK(t2.width() == 4);
  CHECK(t2.rows[0][0].text == "第二十条第（一）项");
  CHECK_FALSE(t2.rows[0][0].spanned);
  CHECK(t2.rows[0][3].text == "第二十条第（一）项");
  CHECK(t2.rows[0][3].spanned);
  CHECK(t2.rows[1][0].text == "信息内容");  // <span>信息</span><span>内容</span>
  CHECK(t2.rows[3][1].text == "1");         // &nbsp;1&nbsp;
  CHECK_FALSE(t2.ragged);

  const Grid& t3 = a.tables[1];
  CHECK(t3.caption == "三、收到和处理政府信息公开申请情况");
  REQUIRE(t3.height() == 4);
  REQUIRE(t3.width() == 5);
  // rowspan=3 colspan=2 fills a 3x2 block; only the top-left is original.
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 2; ++c) {
      CHECK(t3.rows[r][c].text.rfind("本列数据的勾稽关系", 0) == 0);
      CHECK(t3.rows[r][c].spanned == (r != 0 || c != 0));
    }
  }
  CHECK(t3.rows[1][2].text == "自然人");
  CHECK(t3.rows[2][2].text == "自然人");
  CHECK(t3.rows[2][2].spanned);
  CHECK(t3.rows[2][3].text == "商业企业");
  CHECK(t3.rows[3][2].text == "4");
  CHECK(t3.source_widths == std::vector<int>{5, 5, 5, 5});
}

TEST_CASE("TRS .TRS_Editor page: heading title, visible date, relative attachments") {
  const Article a = Extract("trs_editor.html", "http://www.syssft.gov.cn/zwgk/ndbg/202201/t20220105_1.html");
  CHECK(a.container == ".TRS_Editor");
  CHECK(a.title == "四方台区人民政府办公室2021年政府信息公开工作年度报告");
  CHECK(a.published == "2022-01-05");
  CheckNoChrome(a);
  REQUIRE(a.tables.size() == 1);
  // Full-width digits stay as written; the mapper reads them.
  CHECK(a.tables[0].rows[1][0].text == "０");
  REQUIRE(a.attachments.size() == 2);
  CHECK(a.attachments[0].url == "./P020220105512345678901.pdf");
  CHECK(a.attachments[0].text == "四方台区2021年报（PDF版）");
  CHECK(a.attachments[1].kind == "wps");
}

TEST_CASE("Word export: WordSection1, bold runs, nested layout table, hostile spans") {
  const Article a = Extract("word_section.html");
  CHECK(a.container == ".WordSection1");
  CHECK(a.title == "文化街道办事处2020年度政府信息公开工作年度报告");
  CHECK_FALSE(a.published.has_value());
  CHECK(HasBlock(a, "一、总体情况", true));  // two <b> runs joined
  CHECK(HasBlock(a, "2020年，文化街道办事处认真贯彻落实《条例》。", false));
  REQUIRE(a.tables.size() == 2);
  // The outer one-cell layout table is gone; its inner table is the grid.
  const Grid& inner = a.tables[0];
  CHECK(inner.caption == "二、主动公开政府信息情况");
  CHECK(inner.height() == 2);
  CHECK(inner.rows[0][1].text == "本年新制作数量");
  CHECK(inner.rows[1][1].text == "0");
  // colspan="1000000" is capped at max_span; rowspan beyond the table is clipped.
  const Grid& capped = a.tables[1];
  CHECK(capped.width() == 1 + 1000);
  CHECK(capped.height() == 2);
  CHECK(capped.rows[1][0].text == "z");
  CHECK(capped.ragged);
  CHECK(capped.source_widths == std::vector<int>{1001, 2});
  REQUIRE_FALSE(a.warnings.empty());
  CHECK(a.warnings[0].find("capped at 1000") != std::string::npos);
}

TEST_CASE("a page without a known container falls back to the densest text") {
  const Article a = Extract("generic_article.html");
  CHECK(a.container.rfind("scored:", 0) == 0);
  CHECK(a.published == "2023-01-30");
  CHECK(a.title == "某县发展和改革局2022年政府信息公开工作年度报告");
  CHECK(a.blocks.size() == 7);
  const std::string text = AllText(a);
  CHECK(text.find("通知公告") == std::string::npos);
  CHECK(text.find("ICP") == std::string::npos);
}

TEST_CASE("the page's metadata table and tiny tables are not report tables") {
  const std::string page =
      "<html><body><div id=\"zoom\">"
      "<table><tr><td>索引号：</td><td>001/2022-1</td></tr><tr><td>发布机构：</td><td>某局</td></tr>"
      "<tr><td>主题分类：</td><td>综合</td></tr></table>"
      "<table><tr><td>只有一个单元格的说明</td></tr></table>"
      "<p>表一</p><table><tr><td>a</td><td>b</td></tr><tr><td>1</td><td>2</td></tr></table>"
      "<table><tr><td> </td><td>&nbsp;</td></tr></table>"
      "</div></body></html>";
  Result<Article> a = ExtractArticle(page, "");
  REQUIRE(a.ok());
  REQUIRE(a->tables.size() == 1);
  CHECK(a->tables[0].caption == "表一");
  CHECK(a->tables[0].rows[1][1].text == "2");
  // A one-cell table is a box around text: the text stays in the flow.
  CHECK(HasBlock(*a, "只有一个单元格的说明", false));
}

// A LinkResolver that shows what it was asked; "keep/" hrefs it cannot resolve.
std::optional<std::string> TagResolver(std::string_view base, std::string_view href) {
  if (href.starts_with("keep/")) return std::nullopt;
  return "resolved(" + std::string(base) + ", " + std::string(href) + ")";
}

TEST_CASE("attachments outside the container are found when it has none") {
  const std::string page =
      "<html><body><div class=\"nav\"><a href=\"/guide.pdf\">指南.pdf</a></div>"
      "<div id=\"zoom\"><p>详见附件。本报告全文以附件形式发布。</p></div>"
      "<div class=\"fj\"><a href=\" files/report.docx\n\">年报全文</a>"
      "<a href=\"javascript:void(0)\">x.pdf</a><a href=\"files/report.docx\">重复</a></div>"
      "</body></html>";
  Result<Article> a = ExtractArticle(page, "https://x.gov.cn/a/b/page.html?id=1", {}, TagResolver);
  REQUIRE(a.ok());
  REQUIRE(a->attachments.size() == 1);
  CHECK(a->attachments[0].url == "resolved(https://x.gov.cn/a/b/page.html?id=1, files/report.docx)");
  CHECK(a->attachments[0].kind == "docx");
}

TEST_CASE("attachment hrefs go to the caller's LinkResolver, else stay as written") {
  const std::string page =
      "<html><body><div id=\"zoom\"><p>附件</p><a href=\"a.pdf\">甲</a><a href=\"keep/b.pdf\">乙</a>"
      "<a href=\"mailto:x@y.cn?subject=c.pdf\">丙</a></div></body></html>";
  Result<Article> with = ExtractArticle(page, "http://h.gov.cn/p.html", {}, TagResolver);
  REQUIRE(with.ok());
  REQUIRE(with->attachments.size() == 2);
  CHECK(with->attachments[0].url == "resolved(http://h.gov.cn/p.html, a.pdf)");
  CHECK(with->attachments[1].url == "keep/b.pdf");  // unresolvable: kept, as before
  // Without a page URL, or without a resolver, nothing is resolved.
  for (Result<Article> raw : {ExtractArticle(page, "", {}, TagResolver), ExtractArticle(page, "http://h.gov.cn/p.html")}) {
    REQUIRE(raw.ok());
    REQUIRE(raw->attachments.size() == 2);
    CHECK(raw->attachments[0].url == "a.pdf");
  }
}

TEST_CASE("AttachmentKind") {
  CHECK(AttachmentKind("/a/B.PDF", "") == "pdf");
  CHECK(AttachmentKind("/downfile.jsp?classid=0&filename=abc.xls", "") == "xls");
  CHECK(AttachmentKind("/download?id=3", "年报.docx") == "docx");
  CHECK(AttachmentKind("/art/1.html", "年报") == "");
}

}  // namespace
}  // namespace nianbao::parser
