#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "crawler/stored_report.h"
#include "crawler/walkers/scan_util.h"
#include "crawler/walkers/trs.h"
#include "crawler/walkers/walker.h"
#include "tests/crawler/walker_fixtures.h"

namespace nianbao::crawler {
namespace {

using testing::FixturePage;

ListPageResult Read(const PageRequest& req) {
  ListContext ctx;
  ctx.request = req;
  return ReadListPage(FixturePage(req.url), ctx);
}

TEST_CASE("xxgk shell asks search.jsp for page 1 with the unit's area") {
  FetchedPage page = FixturePage("http://xxgk.harbin.gov.cn/col/col11581/index.html");
  REQUIRE_FALSE(page.body.empty());
  page.url += "?number=02";
  ListPageResult r = ReadListPage(page, {});
  CHECK(r.kind == ColumnKind::kHanwebXxgk);
  CHECK(r.items.empty());
  CHECK_FALSE(r.blocked.blocked);
  REQUIRE(r.next_pages.size() == 1);
  const PageRequest& req = r.next_pages[0];
  CHECK(req.method == "POST");
  CHECK(req.url == "http://xxgk.harbin.gov.cn/module/xxgk/search.jsp?standardXxgk=1&area=002276772");
  CHECK(QueryValue(req.body, "area") == "002276772");
  CHECK(QueryValue(req.body, "divid") == "div11581");
  CHECK(QueryValue(req.body, "jdid") == "2");
  CHECK(QueryValue(req.body, "currpage") == "1");
}

TEST_CASE("a page that merely links to the xxgk search module is read as a generic list") {
  std::string body =
      "<html><body><ul><li><a href='/art/2022/1/26/art_1_2.html'>南岗区王岗镇2021年政府信息公开工作年度报告</a>"
      "<span>2022-01-26</span></li></ul><a href='/module/xxgk/search.jsp?keyword='>检索</a></body></html>";
  ListPageResult r = ReadListPage(FetchedPage{"http://www.hrbng.gov.cn/zwgk/index.html", 200, {}, body}, {});
  CHECK(r.kind == ColumnKind::kGeneric);
  CHECK(r.error.empty());
  REQUIRE(r.items.size() == 1);
  CHECK(r.items[0].date == "2022-01-26");
}

TEST_CASE("xxgk result rows, paged by currpage until the last page") {
  ListPageResult shell = ReadListPage(FixturePage("http://xxgk.harbin.gov.cn/col/col11581/index.html"), {});
  REQUIRE(shell.next_pages.size() == 1);
  ListPageResult r = Read(shell.next_pages[0]);
  CHECK(r.kind == ColumnKind::kHanwebXxgk);
  REQUIRE(r.items.size() == 3);
  CHECK(r.items[0].url == "http://xxgk.harbin.gov.cn/art/2022/1/26/art_11565_300001.html");
  CHECK(r.items[0].title == "哈尔滨市科学技术局2021年政府信息公开工作年度报告");
  CHECK(r.items[0].date == "2022-01-26");
  REQUIRE(r.next_pages.size() == 1);
  CHECK(QueryValue(r.next_pages[0].body, "currpage") == "2");
  CHECK(r.next_pages[0].url == shell.next_pages[0].url);

  PageRequest last = shell.next_pages[0];
  last.body = SetQueryValue(last.body, "currpage", "3");
  CHECK(Read(last).next_pages.empty());
}

TEST_CASE("/common/search list page: rendered rows plus the channel's JSON page 1") {
  ListPageResult r = ReadListPage(FixturePage("http://www.harbin.gov.cn/haerbin/c106192/navlist.shtml"), {});
  CHECK(r.kind == ColumnKind::kCommonSearch);
  REQUIRE(r.items.size() == 1);
  CHECK(r.items[0].url == "http://www.harbin.gov.cn/haerbin/c106192/202103/c01_163889.shtml");
  CHECK(r.items[0].date == "2021-03-05");
  REQUIRE(r.next_pages.size() == 1);
  CHECK(r.next_pages[0].url ==
        "http://www.harbin.gov.cn/common/search/5b80c5ff2bb349d6948d17015fa43ddf?_isAgg=true&_isJson=true"
        "&_pageSize=60&_template=index&_rangeTimeGte=&_channelName=&page=1");
}

TEST_CASE("/common/search JSON: results, then page N+1 until total") {
  ListPageResult page = ReadListPage(FixturePage("http://www.harbin.gov.cn/haerbin/c106192/navlist.shtml"), {});
  REQUIRE(page.next_pages.size() == 1);
  ListPageResult one = Read(page.next_pages[0]);
  CHECK(one.kind == ColumnKind::kCommonSearch);
  CHECK(one.error.empty());
  REQUIRE(one.items.size() == 60);
  CHECK(one.items[0].url == "http://www.harbin.gov.cn/haerbin/c107681/202301/c01_733888.shtml");
  CHECK(one.items[0].date == "2023-01-20");
  CHECK(one.items[1].title == "哈尔滨市科学技术局2021年政府信息公开工作年度报告");                // <em> stripped
  CHECK(one.items[1].url == "http://www.harbin.gov.cn/haerbin/c106755/202201/c01_700001.shtml");  // "//host/…"
  REQUIRE(one.next_pages.size() == 1);
  CHECK(one.next_pages[0].url.ends_with("&page=2"));
  ListPageResult two = Read(one.next_pages[0]);
  CHECK(two.items.size() == 2);
  CHECK(two.next_pages.empty());
}

TEST_CASE("JSON of another shape is an error, not an empty column") {
  ListPageResult r = ReadListPage(FetchedPage{"http://x.gov.cn/api", 200, {}, "{\"ok\":true}"}, {});
  CHECK(r.kind == ColumnKind::kUnknown);
  CHECK_FALSE(r.error.empty());
  ListPageResult broken = ReadListPage(FetchedPage{"http://x.gov.cn/api", 200, {}, "{\"data\": [1,"}, {});
  CHECK_FALSE(broken.error.empty());
}

TEST_CASE("TRS createPageHTML, 0-based: index.shtml → index_1 → index_2, then stop") {
  ListPageResult r = ReadListPage(FixturePage("http://www.hubei.gov.cn/zwgk/zfxxgknb/index.shtml"), {});
  CHECK(r.kind == ColumnKind::kTrs);
  REQUIRE(r.items.size() == 3);
  CHECK(r.items[0].url == "http://www.hubei.gov.cn/zwgk/zfxxgknb/202201/t20220125_3967501.shtml");
  CHECK(r.items[0].date == "2022-01-25");
  REQUIRE(r.next_pages.size() == 1);
  CHECK(r.next_pages[0].url == "http://www.hubei.gov.cn/zwgk/zfxxgknb/index_1.shtml");
  ListPageResult second = Read(r.next_pages[0]);
  REQUIRE(second.next_pages.size() == 1);
  CHECK(second.next_pages[0].url == "http://www.hubei.gov.cn/zwgk/zfxxgknb/index_2.shtml");
  ListPageResult third = Read(second.next_pages[0]);
  CHECK(third.items.size() == 3);
  CHECK(third.next_pages.empty());
}

TEST_CASE("TRS createPageHTML, 1-based variant with a container id: page 2 is index_2") {
  ListPageResult r = ReadListPage(FixturePage("http://www.hunan.gov.cn/xxgk/zfxxgknb/index.html"), {});
  CHECK(r.kind == ColumnKind::kTrs);
  CHECK(r.items.size() == 1);
  REQUIRE(r.next_pages.size() == 1);
  CHECK(r.next_pages[0].url == "http://www.hunan.gov.cn/xxgk/zfxxgknb/index_2.html");
}

TEST_CASE("TRS pager parsing skips the function definition and non-literal calls") {
  auto p = FindTrsPager(
      "function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){}"
      "createPageHTML(n, i, 'index', 'html'); createPageHTML(7, 2, \"index\", \"htm\");");
  REQUIRE(p.has_value());
  CHECK(p->count == 7);
  CHECK(p->current == 2);
  CHECK_FALSE(p->one_based);
  CHECK(p->ext == "htm");
  CHECK_FALSE(FindTrsPager("<p>no pager</p>").has_value());
}

TEST_CASE("generic list: row links and the 下一页 link") {
  ListPageResult r = ReadListPage(FixturePage("http://fgw.harbin.gov.cn/gzdt/index.html"), {});
  CHECK(r.kind == ColumnKind::kGeneric);
  // Header links, dateless div links, javascript: and pager links are not items.
  REQUIRE(r.items.size() == 3);
  CHECK(r.items[0].url == "http://fgw.harbin.gov.cn/gzdt/2022/0125/1.html");
  CHECK(r.items[0].date == "2022-01-25");
  CHECK(r.items[1].url == "http://fgw.harbin.gov.cn/gzdt/2022/0110/2.html");
  CHECK(r.items[2].url == "http://fgw.harbin.gov.cn/gzdt/2021/0128/3.html");  // a dated div entry
  CHECK(r.items[2].title == "哈尔滨市发展和改革委员会2020年政府信息公开工作年度报告");
  CHECK(r.items[2].date == "2021-01-28");
  REQUIRE(r.next_pages.size() == 1);
  CHECK(r.next_pages[0].url == "http://fgw.harbin.gov.cn/gzdt/index_2.html");
}

TEST_CASE("walking the Nangang column finds its annual reports and matches them to the roster") {
  const std::vector<std::string> roster = {"南岗区王岗镇", "南岗区文化街道办事处"};
  std::map<std::string, std::set<int>> reports;  // roster entry → years
  std::vector<PageRequest> queue(1);
  queue[0].url = "http://ngqxxgk.harbin.gov.cn/col/col126585/index.html";
  for (std::size_t i = 0; i < queue.size() && i < 20; ++i) {
    ListPageResult r = Read(queue[i]);
    REQUIRE(r.error.empty());
    REQUIRE_FALSE(r.blocked.blocked);
    for (const ListItem& item : r.items) {
      std::optional<DocumentHint> hint = HintFromLink(item.title, item.date, roster);
      if (!hint || !hint->year) continue;
      REQUIRE_MESSAGE((hint->agency == roster[0] || hint->agency == roster[1]), item.title);
      reports[hint->agency].insert(*hint->year);
    }
    queue.insert(queue.end(), r.next_pages.begin(), r.next_pages.end());
  }
  CHECK(queue.size() == 3);
  CHECK(reports["南岗区王岗镇"] == std::set<int>{2020, 2021});
  CHECK(reports["南岗区文化街道办事处"] == std::set<int>{2020});
}

TEST_CASE("pages cut off anywhere yield only well-formed items or an error, never a crash") {
  const char* urls[] = {
      "http://ngqxxgk.harbin.gov.cn/col/col126585/index.html",
      "http://ngqxxgk.harbin.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=30&perpage=5",
      "http://xxgk.harbin.gov.cn/module/xxgk/search.jsp",
      "http://www.harbin.gov.cn/haerbin/c106192/navlist.shtml",
      "http://www.hubei.gov.cn/zwgk/zfxxgknb/index.shtml",
      "http://fgw.harbin.gov.cn/gzdt/index.html",
  };
  for (const char* url : urls) {
    FetchedPage full = FixturePage(url);
    REQUIRE_FALSE(full.body.empty());
    for (std::size_t cut = 0; cut < full.body.size(); cut += 97) {
      CAPTURE(url);
      CAPTURE(cut);
      FetchedPage page{full.url, 200, {}, full.body.substr(0, cut)};
      ListPageResult r = ReadListPage(page, {});
      for (const ListItem& item : r.items) {
        CHECK((item.url.starts_with("http://") || item.url.starts_with("https://")));
        CHECK_FALSE(item.title.empty());
      }
      for (const PageRequest& next : r.next_pages) CHECK(next.url.starts_with("http"));
    }
  }
}

TEST_CASE("a Hanweb column cut inside its datastore is an error, not an empty column") {
  FetchedPage full = FixturePage("http://ngqxxgk.harbin.gov.cn/col/col126585/index.html");
  std::size_t cut = full.body.find("<recordset>\n<record>");
  REQUIRE(cut != std::string::npos);
  ListPageResult r = ReadListPage(FetchedPage{full.url, 200, {}, full.body.substr(0, cut + 40)}, {});
  CHECK(r.kind == ColumnKind::kHanwebDatastore);
  CHECK(r.items.empty());
  CHECK(r.error.find("no complete <datastore>") != std::string::npos);
}

TEST_CASE("column kind names") {
  CHECK(ColumnKindName(ColumnKind::kHanwebDatastore) == "hanweb-datastore");
  CHECK(ColumnKindName(ColumnKind::kTrs) == "trs");
}

}  // namespace
}  // namespace nianbao::crawler
