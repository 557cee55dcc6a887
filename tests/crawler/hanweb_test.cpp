#include "crawler/walkers/hanweb.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

#include "crawler/walkers/datastore.h"
#include "crawler/walkers/scan_util.h"
#include "crawler/walkers/walker.h"
#include "tests/crawler/walker_fixtures.h"

namespace nianbao::crawler {
namespace {

using testing::FixturePage;

constexpr const char* kColumn = "http://ngqxxgk.harbin.gov.cn/col/col126585/index.html";
constexpr const char* kProxy = "http://ngqxxgk.harbin.gov.cn/module/web/jpage/dataproxy.jsp";

bool Contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

std::string HeaderValue(const PageRequest& r, std::string_view name) {
  for (auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

TEST_CASE("datastore scanning: CDATA records, nextgroup &amp, counters") {
  std::string xml =
      "<?xml version=\"1.0\"?>\n<datastore><totalrecord>6163</totalrecord><totalpage>309</totalpage>"
      "<nextgroup><![CDATA[<a href=\"/module/web/jpage/dataproxy.jsp?page=2&amp;columnid=9\"></a>]]></nextgroup>"
      "<recordset><record><![CDATA[<li><a href='/a.html'>a</a></record></li>]]></record>"
      "<record>&lt;li&gt;&lt;a href='/b.html'&gt;b&lt;/a&gt;&lt;/li&gt;</record></recordset></datastore>";
  CHECK(IsDatastoreDocument(xml));
  auto stores = ScanDatastores(xml);
  REQUIRE(stores.size() == 1);
  CHECK(stores[0].total_record == 6163);
  CHECK(stores[0].total_page == 309);
  CHECK(stores[0].nextgroup_href == "/module/web/jpage/dataproxy.jsp?page=2&columnid=9");
  REQUIRE(stores[0].records.size() == 2);
  CHECK(stores[0].records[0] == "<li><a href='/a.html'>a</a></record></li>");  // CDATA may mention the tag
  CHECK(stores[0].records[1] == "<li><a href='/b.html'>b</a></li>");
  CHECK_FALSE(IsDatastoreDocument("<html><script type=\"text/xml\"><datastore></datastore></script></html>"));
}

TEST_CASE("Hanweb column: first group's items from the CDATA records") {
  FetchedPage page = FixturePage(kColumn);
  REQUIRE_FALSE(page.body.empty());
  ListPageResult r = ReadListPage(page, {});
  CHECK(r.kind == ColumnKind::kHanwebDatastore);
  CHECK(r.error.empty());
  CHECK_FALSE(r.blocked.blocked);
  REQUIRE(r.items.size() == 15);
  CHECK(r.items[0].url == "http://ngqxxgk.harbin.gov.cn/art/2022/1/20/art_126585_1001.html");
  CHECK(r.items[0].title == "南岗区王岗镇 2021 年 政府信息公开工作年度报告");
  CHECK(r.items[0].date == "2022-01-20");
  CHECK(r.items[1].date == "2021-01-28");  // date before the link
  CHECK(r.items[4].url == "http://ngqxxgk.harbin.gov.cn/art/2021/1/25/art_126585_1005.html");
  CHECK(r.items[4].title == "南岗区王岗镇2020年政府信息公开工作年度报告");
  CHECK(r.items[4].date == "2021-01-25");  // date inside the link, after the title
  CHECK(r.items[6].url == "http://ngqxxgk.harbin.gov.cn/module/download/downfile.jsp?classid=0&filename=2101.pdf");
  CHECK(r.items[7].title == "南岗区政务动态第8期");  // from @title, not the polluted text
  CHECK(r.items[7].date == "2021-09-09");            // 年月日 form
  for (const ListItem& item : r.items) CHECK_FALSE(Contains(item.url, "art_126000_"));  // side module
}

TEST_CASE("Hanweb column: the next window is a POST of the param_ fields") {
  ListPageResult r = ReadListPage(FixturePage(kColumn), {});
  REQUIRE(r.next_pages.size() == 1);
  const PageRequest& next = r.next_pages[0];
  CHECK(next.method == "POST");
  CHECK(next.url == std::string(kProxy) + "?startrecord=16&endrecord=30&perpage=5");
  CHECK(next.content_type.starts_with("application/x-www-form-urlencoded"));
  auto body = SplitQuery(next.body);
  auto value = [&](std::string_view key) { return UrlDecode(QueryValue(next.body, key).value_or("?")); };
  CHECK(body.front().first == "col");
  CHECK(value("col") == "1");
  CHECK(value("appid") == "1");
  CHECK(value("webid") == "12");
  CHECK(value("path") == "/");
  CHECK(value("columnid") == "126585");
  CHECK(value("unitid") == "380000");
  CHECK(value("webname") == "南岗区政府信息公开网");
  CHECK(value("permissiontype") == "0");
  CHECK(HeaderValue(next, "Referer") == kColumn);
  CHECK(HeaderValue(next, "X-Requested-With") == "XMLHttpRequest");
  CHECK(HeaderValue(next, "Origin") == "http://ngqxxgk.harbin.gov.cn");
}

TEST_CASE("Hanweb column walked to the end through dataproxy windows, overlap deduped") {
  ListPageResult first = ReadListPage(FixturePage(kColumn), {});
  std::set<std::string> urls;
  for (const ListItem& item : first.items) urls.insert(item.url);
  REQUIRE(first.next_pages.size() == 1);
  PageRequest req = first.next_pages[0];
  int requests = 0;
  for (; requests < 10; ++requests) {
    FetchedPage answer = FixturePage(req.url);
    REQUIRE_MESSAGE(!answer.body.empty(), "no fixture for " << req.url);
    ListContext ctx;
    ctx.request = req;
    ListPageResult r = ReadListPage(answer, ctx);
    CHECK(r.kind == ColumnKind::kHanwebDatastore);
    CHECK_FALSE(r.items.empty());
    for (const ListItem& item : r.items) urls.insert(item.url);
    if (r.next_pages.empty()) break;
    REQUIRE(r.next_pages.size() == 1);
    CHECK(r.next_pages[0].method == "POST");
    CHECK(r.next_pages[0].body == req.body);  // the column's fields carry over
    req = r.next_pages[0];
  }
  CHECK(requests == 1);  // windows 16-30 and 31-45 for 38 records
  CHECK(urls.size() == 38);
}

TEST_CASE("a window answer with the overlap record lists it once and continues from endrecord") {
  ListPageResult first = ReadListPage(FixturePage(kColumn), {});
  REQUIRE(first.next_pages.size() == 1);
  ListContext ctx;
  ctx.request = first.next_pages[0];
  ListPageResult r = ReadListPage(FixturePage(ctx.request->url), ctx);
  REQUIRE(r.items.size() == 16);
  CHECK(r.items[0].url == first.items.back().url);  // repeated last record of the previous group
  REQUIRE(r.next_pages.size() == 1);
  CHECK(r.next_pages[0].url == std::string(kProxy) + "?startrecord=31&endrecord=45&perpage=5");
}

TEST_CASE("an empty POST answer is retried once as GET with every field in the query") {
  PageRequest post{std::string(kProxy) + "?startrecord=16&endrecord=30&perpage=5",
                   "POST",
                   "col=1&webid=12&columnid=126585&unitid=380000",
                   "application/x-www-form-urlencoded",
                   {{"Referer", kColumn}}};
  FetchedPage empty{post.url, 200, {}, "<datastore><totalrecord>38</totalrecord><recordset></recordset></datastore>"};
  ListContext ctx;
  ctx.request = post;
  ListPageResult r = ReadListPage(empty, ctx);
  CHECK_FALSE(r.blocked.blocked);
  REQUIRE(r.next_pages.size() == 1);
  CHECK(r.next_pages[0].method == "GET");
  CHECK(r.next_pages[0].body.empty());
  CHECK(r.next_pages[0].url == post.url + "&col=1&webid=12&columnid=126585&unitid=380000");

  ctx.request = r.next_pages[0];
  ListPageResult again = ReadListPage(FetchedPage{ctx.request->url, 200, {}, empty.body}, ctx);
  CHECK(again.next_pages.empty());
}

TEST_CASE("GET page=N form follows the answer's relative nextgroup on the old endpoint") {
  std::string url =
      "http://www.yuhang.gov.cn/module/jpage/dataproxy.jsp?page=4&appid=1&webid=3095&path=/&columnid=1229165988";
  FetchedPage page = FixturePage(url);
  REQUIRE_FALSE(page.body.empty());
  ListContext ctx;
  ctx.request = PageRequest{url, "GET", "", "", {{"Referer", "http://www.yuhang.gov.cn/col/col1229165988/index.html"}}};
  ListPageResult r = ReadListPage(page, ctx);
  CHECK(r.kind == ColumnKind::kHanwebDatastore);
  REQUIRE(r.items.size() == 5);
  CHECK(r.items[0].title == "余杭区政务信息1");
  CHECK(r.items[0].date == "2020-08-01");
  REQUIRE(r.next_pages.size() == 1);
  CHECK(r.next_pages[0].url.starts_with("http://www.yuhang.gov.cn/module/jpage/dataproxy.jsp?page=5&"));
  CHECK(HeaderValue(r.next_pages[0], "Referer") == "http://www.yuhang.gov.cn/col/col1229165988/index.html");

  ctx.request->url = "http://www.yuhang.gov.cn/module/jpage/dataproxy.jsp?page=309&columnid=1229165988";
  CHECK(ReadListPage(page, ctx).next_pages.empty());  // last group of totalpage
}

TEST_CASE("a column without param_ fields pages through its opaque nextgroup verbatim") {
  std::string body =
      "<html><body><div id='77'><script type='text/xml'><datastore>"
      "<nextgroup><![CDATA[<a "
      "href=\"/module/web/jpage/dataproxy.jsp?encrypt=QWxhZGRpbg&amp;page=2\"></a>]]></nextgroup>"
      "<recordset><record><![CDATA[<li><a href='/art/2022/1/5/art_7_1.html' title='一'>一</a></li>]]></record>"
      "<record><![CDATA[<li><a href='/art/2022/1/5/art_7_2.html' title='二'>二</a></li>]]></record></recordset>"
      "</datastore></script></div><script>$('#77').jpage({totalRecord:10, perPage:2});</script></body></html>";
  ListPageResult r = ReadListPage(FetchedPage{"https://www.nhsa.gov.cn/col/col7/index.html", 200, {}, body}, {});
  CHECK(r.items.size() == 2);
  REQUIRE(r.next_pages.size() == 1);
  CHECK(r.next_pages[0].method == "GET");
  CHECK(r.next_pages[0].url == "https://www.nhsa.gov.cn/module/web/jpage/dataproxy.jsp?encrypt=QWxhZGRpbg&page=2");
}

TEST_CASE("older endpoint path from nextgroup, one group needs no further request") {
  std::string head =
      "<html><body><div id='5'><script type='text/xml'><datastore>"
      "<nextgroup><![CDATA[<a "
      "href=\"/module/jpage/dataproxy.jsp?page=1&amp;webid=3&amp;columnid=42&amp;unitid=5\"></a>]]>"
      "</nextgroup><recordset><record><![CDATA[<li><a href='/art/1.html' title='x'>x</a></li>]]></record></recordset>"
      "</datastore></script></div><script>var param_5 = {col:1,appid:1,webid:'3',path:'/',columnid:42,unitid:'5',"
      "webname:'x',permissiontype:0}; $('#5').jpage({totalRecord:";
  ListPageResult more =
      ReadListPage(FetchedPage{"http://h.gov.cn/col/col42/index.html", 200, {}, head + "9, perPage:1});</script>"}, {});
  REQUIRE(more.next_pages.size() == 1);
  CHECK(more.next_pages[0].url == "http://h.gov.cn/module/jpage/dataproxy.jsp?startrecord=2&endrecord=4&perpage=1");
  ListPageResult all =
      ReadListPage(FetchedPage{"http://h.gov.cn/col/col42/index.html", 200, {}, head + "1, perPage:1});</script>"}, {});
  CHECK(all.items.size() == 1);
  CHECK(all.next_pages.empty());
}

TEST_CASE("the same list twice (PC and mobile blocks) gives each item and the next window once") {
  std::string block =
      "<script type='text/xml'><datastore><recordset>"
      "<record><![CDATA[<li><a href='/art/2022/1/5/art_42_1.html' title='一'>一</a></li>]]></record>"
      "<record><![CDATA[<li><a href='/art/2022/1/5/art_42_2.html' title='二'>二</a></li>]]></record>"
      "</recordset></datastore></script>";
  std::string body = "<html><body><div id='5'>" + block + "</div><div id='5m'>" + block +
                     "</div><script>var param_5 = {col:1,appid:1,webid:'3',path:'/',columnid:42,unitid:'5',"
                     "permissiontype:0}; $('#5').jpage({totalRecord:9, perPage:2});</script></body></html>";
  ListPageResult r = ReadListPage(FetchedPage{"http://h.gov.cn/col/col42/index.html", 200, {}, body}, {});
  CHECK(r.items.size() == 2);
  REQUIRE(r.next_pages.size() == 1);
  CHECK(r.next_pages[0].url == "http://h.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=3&endrecord=8&perpage=2");
}

}  // namespace
}  // namespace nianbao::crawler
