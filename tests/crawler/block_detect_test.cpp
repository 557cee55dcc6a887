#include "crawler/walkers/block_detect.h"

#include <doctest/doctest.h>

#include <string>

#include "crawler/walkers/walker.h"
#include "tests/crawler/walker_fixtures.h"

namespace nianbao::crawler {
namespace {

using testing::FixturePage;

bool Contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

TEST_CASE("Ruishu 412 with $_ts is a block naming the system") {
  FetchedPage page = FixturePage("http://hubei.chinatax.gov.cn/index.html", 412);
  REQUIRE_FALSE(page.body.empty());
  BlockInfo b = DetectChallenge(page);
  CHECK(b.blocked);
  CHECK(Contains(b.cause, "412"));
  CHECK(Contains(b.cause, "Ruishu"));
}

TEST_CASE("JiaSuLe 521 with an obfuscated cookie script is a block") {
  FetchedPage page = FixturePage("http://www.court.gov.cn/index.html", 521);
  REQUIRE_FALSE(page.body.empty());
  BlockInfo b = DetectChallenge(page);
  CHECK(b.blocked);
  CHECK(Contains(b.cause, "521"));
}

TEST_CASE("challenge cookies are recognised in Set-Cookie headers") {
  FetchedPage page = FixturePage("http://flk.npc.gov.cn/index.html", 202);
  page.headers = {{"Content-Type", "text/html"}, {"set-cookie", "wzws_cid=4f2a9c; path=/; HttpOnly"}};
  BlockInfo b = DetectChallenge(page);
  CHECK(b.blocked);
  CHECK(Contains(b.cause, "WZWS"));

  FetchedPage jsl{
      "http://www.court.gov.cn/", 200, {{"Set-Cookie", "__jsl_clearance_s=1700000000.1|0|x; path=/"}}, "<html></html>"};
  CHECK(DetectChallenge(jsl).blocked);
}

TEST_CASE("WAF interstitials served with 200 are blocks") {
  for (const char* url : {"http://www.yancheng.gov.cn/col/col1/index.html", "http://www.jxpta.gov.cn/index.html",
                          "http://flk.npc.gov.cn/index.html"}) {
    CAPTURE(url);
    FetchedPage page = FixturePage(url, 200);
    REQUIRE_FALSE(page.body.empty());
    CHECK(DetectChallenge(page).blocked);
  }
}

TEST_CASE("a real page that embeds $_ts is not a block") {
  FetchedPage page = FixturePage("http://ngqxxgk.harbin.gov.cn/col/col126585/index.html");
  page.body += "<script>$_ts=window['$_ts'];</script>" + std::string(20000, ' ');
  CHECK_FALSE(DetectChallenge(page).blocked);
  CHECK_FALSE(DetectChallenge(FixturePage("http://fgw.harbin.gov.cn/gzdt/index.html")).blocked);
}

TEST_CASE("403 is a block, 404 and 500 are errors") {
  FetchedPage forbidden{"http://www.hrbng.gov.cn/", 403, {}, "Forbidden"};
  CHECK(DetectChallenge(forbidden).blocked);
  FetchedPage missing{"http://www.hrbng.gov.cn/x.html", 404, {}, "Not Found"};
  CHECK_FALSE(DetectChallenge(missing).blocked);
  ListPageResult r = ReadListPage(missing, {});
  CHECK_FALSE(r.blocked.blocked);
  CHECK(Contains(r.error, "404"));
}

TEST_CASE("short-page rule") {
  CHECK(DetectShortPage(100, 0, 40000).blocked);
  CHECK_FALSE(DetectShortPage(100, 3, 40000).blocked);
  CHECK_FALSE(DetectShortPage(100, 0, 0).blocked);
  CHECK_FALSE(DetectShortPage(30000, 0, 40000).blocked);
}

TEST_CASE("an empty page far shorter than the column's last good one is blocked, not empty") {
  FetchedPage page = FixturePage("http://ngqxxgk.harbin.gov.cn/col/col126586/index.html");
  REQUIRE_FALSE(page.body.empty());
  ListContext ctx;
  ctx.last_good_size = 5794;
  ListPageResult r = ReadListPage(page, ctx);
  CHECK(r.blocked.blocked);
  CHECK(r.items.empty());
  CHECK(r.kind == ColumnKind::kUnknown);
  CHECK(Contains(r.blocked.cause, "5794"));

  ListPageResult unknown_size = ReadListPage(page, {});
  CHECK_FALSE(unknown_size.blocked.blocked);
  CHECK(unknown_size.items.empty());
}

TEST_CASE("ReadListPage reports a challenge as blocked with no items") {
  ListPageResult r = ReadListPage(FixturePage("http://hubei.chinatax.gov.cn/index.html", 412), {});
  CHECK(r.blocked.blocked);
  CHECK(r.items.empty());
  CHECK(r.next_pages.empty());
  CHECK(r.kind == ColumnKind::kUnknown);
}

}  // namespace
}  // namespace nianbao::crawler
