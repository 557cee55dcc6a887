// Parse and crawl name one agency and year for every fixture page: what
// `nianbao parse` prints (ParseDocument) equals what the crawl stores for the
// page (HintFromLink on the link's title, StoredIdentity, ToStoredReport),
// for the article pages of tests/fixtures/{html,reports}, the seed texts, and
// every report link of the list pages in tests/fixtures/sites.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "crawler/stored_report.h"
#include "crawler/walkers/walker.h"
#include "parser/parse.h"
#include "tests/crawler/walker_fixtures.h"

namespace nianbao::crawler {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(NIANBAO_SOURCE_DIR) / "tests" / "fixtures";

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> FilesUnder(const fs::path& dir, std::initializer_list<std::string_view> exts) {
  std::vector<fs::path> out;
  for (const auto& f : fs::recursive_directory_iterator(dir)) {
    if (!f.is_regular_file()) continue;
    std::string ext = f.path().extension().string();
    if (std::find(exts.begin(), exts.end(), ext) != exts.end()) out.push_back(f.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// What the crawl stores for `report` reached through a link titled `link_title`
// (no roster: a roster replaces the name by its entry, which parse cannot know).
storage::StoredReport Crawled(const parser::Report& report, const std::string& link_title) {
  std::optional<DocumentHint> hint = HintFromLink(link_title, std::nullopt, {});
  ReportKey key = StoredIdentity(hint.value_or(DocumentHint{}), report, {});
  REQUIRE_MESSAGE(key.year.has_value(), "the crawl names no year");
  REQUIRE_FALSE(key.agency.empty());
  return ToStoredReport(report, key.agency, *key.year, 1, 1, "http://127.0.0.1/a.html");
}

void CheckAgree(const std::string& bytes, const std::string& content_type) {
  parser::ParseInput in;
  in.bytes = bytes;
  in.content_type = content_type;
  Result<parser::Report> parsed = parser::ParseDocument(in);
  REQUIRE(parsed.ok());
  const parser::Report& r = *parsed;
  CAPTURE(r.title);
  REQUIRE(r.year.has_value());
  REQUIRE_FALSE(r.agency.empty());
  // Reached through a link showing the page's own title, and with no usable link title.
  for (const std::string& link : {r.title, std::string()}) {
    CAPTURE(link);
    storage::StoredReport s = Crawled(r, link);
    CHECK(s.agency == r.agency);
    CHECK(s.year == *r.year);
  }
}

TEST_CASE("parse and crawl name the same agency and year for every fixture article page") {
  std::vector<fs::path> pages = FilesUnder(kFixtures / "html", {".html"});
  std::vector<fs::path> reports = FilesUnder(kFixtures / "reports", {".html"});
  pages.insert(pages.end(), reports.begin(), reports.end());
  REQUIRE(pages.size() >= 25);
  for (const fs::path& p : pages) {
    CAPTURE(p.string());
    CheckAgree(ReadFile(p), "text/html");
  }
  std::vector<fs::path> seeds = FilesUnder(kFixtures / "seeds", {".txt"});
  REQUIRE(seeds.size() == 5);
  for (const fs::path& p : seeds) {
    CAPTURE(p.string());
    CheckAgree(ReadFile(p), "text/plain");
  }
}

std::string EscapeAttribute(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// A link titled `title` that the crawl follows: the year and agency it stores
// for the page behind it (titled as the link is) are the ones parse prints.
void CheckLinkAgrees(const std::string& title) {
  CAPTURE(title);
  std::optional<DocumentHint> hint = HintFromLink(title, std::nullopt, {});
  REQUIRE(hint.has_value());
  std::string page = "<html><head><meta name=\"ArticleTitle\" content=\"" + EscapeAttribute(title) +
                     "\"></head><body><div id=\"zoom\"><p>正文。</p></div></body></html>";
  parser::ParseInput in;
  in.bytes = page;
  in.content_type = "text/html";
  Result<parser::Report> parsed = parser::ParseDocument(in);
  REQUIRE(parsed.ok());
  REQUIRE(parsed->year.has_value());
  CHECK(parsed->agency == hint->agency);
  CHECK(parsed->year == hint->year);
  storage::StoredReport s = Crawled(*parsed, title);
  CHECK(s.agency == parsed->agency);
  CHECK(s.year == *parsed->year);
}

// "host/a/name@QUERY.ext" → "http://host/a/name?QUERY" (walker_fixtures.h serves it back).
std::string UrlOf(const fs::path& file) {
  std::string rel = fs::relative(file, testing::SitesDir()).generic_string();
  std::size_t at = rel.find('@');
  if (at != std::string::npos) {
    std::string query = rel.substr(at + 1);
    query = query.substr(0, query.rfind('.'));
    rel = rel.substr(0, at) + "?" + query;
  }
  return "http://" + rel;
}

TEST_CASE("parse and crawl name the same agency and year for every report link of the fixture sites") {
  std::size_t links = 0;
  for (const fs::path& file : FilesUnder(testing::SitesDir(), {".html", ".shtml", ".jsp", ".xml", ".json"})) {
    std::string url = UrlOf(file);
    CAPTURE(url);
    ListContext ctx;
    if (url.find('?') != std::string::npos) {  // a window another page asked for
      ctx.request = PageRequest{};
      ctx.request->url = url;
    }
    ListPageResult list = ReadListPage(testing::FixturePage(url), ctx);
    for (const ListItem& item : list.items) {
      std::optional<DocumentHint> hint = HintFromLink(item.title, item.date, {});
      if (!hint || !hint->year || hint->agency.empty()) continue;
      ++links;
      CAPTURE(item.title);
      CheckLinkAgrees(item.title);
    }
  }
  CHECK(links >= 17);  // the report links of hubei, hunan, harbin, fgw, ngqxxgk, xxgk
}

TEST_CASE("parse and crawl agree on every title form the identity module reads") {
  const char* titles[] = {
      "道外区应急管理局关于2020年政府信息公开工作的年度报告",
      "通河县民政局政府信息公开工作2022年度报告",
      "2019年上海市人民政府办公厅政府信息公开工作年度报告",
      "2022年1月发布：南岗区王岗镇2021年政府信息公开工作年度报告",
      "发布：南岗区王岗镇2021年政府信息公开工作年度报告",
      "哈尔滨市商务局2022年度政府信息公开工作报告",
      "【南岗区王岗镇】2021年政府信息公开工作年度报告（图片版）",
      "二〇二一年南岗区王岗镇政府信息公开工作年度报告",
      "南岗区王岗镇２０２１年政府信息公开工作年度报告",
      "2021年度政府信息公开工作年度报告（南岗区王岗镇）",
      "文化街道办事处 2020 年度政府信息公开工作年度报告",
      "南 岗 区 王 岗 镇 2021 年 政府信息公开工作年度报告",
  };
  for (const char* title : titles) CheckLinkAgrees(title);
}

TEST_CASE("the hint a link gives: roster entry, image edition kept and marked, non-reports not followed") {
  const std::vector<std::string> roster = {"南岗区王岗镇", "南岗区文化街道办事处"};
  std::optional<DocumentHint> image =
      HintFromLink("【王岗镇】2021年政府信息公开工作年度报告（图片版）", std::string("2022-01-26"), roster);
  REQUIRE(image.has_value());
  CHECK(image->agency == "南岗区王岗镇");
  CHECK(image->year == 2021);
  CHECK(image->image_edition);
  CHECK(image->date == "2022-01-26");
  DocumentHint back = DecodeHint(EncodeHint(*image));
  CHECK(back.image_edition);
  CHECK(back.agency == "南岗区王岗镇");
  CHECK(back.year == 2021);
  CHECK_FALSE(DecodeHint(EncodeHint(*HintFromLink("王岗镇2021年政府信息公开工作年度报告", std::nullopt, roster)))
                  .image_edition);
  CHECK_FALSE(DecodeHint("{\"image_edition\": \"yes\"}").image_edition);

  for (const char* title : {"图解：南岗区王岗镇2021年政府信息公开工作年度报告", "一图读懂王岗镇2021年政府信息公开工作年度报告",
                            "南岗区王岗镇2021年政府信息公开工作年度报告政策问答", "南岗区政务动态第9期"}) {
    CAPTURE(title);
    CHECK_FALSE(HintFromLink(title, std::nullopt, roster).has_value());
  }
  // A one-agency column lends its name to a title that names none.
  std::optional<DocumentHint> unnamed = HintFromLink("2021年政府信息公开工作年度报告", std::nullopt, {"南岗区王岗镇"});
  REQUIRE(unnamed.has_value());
  CHECK(unnamed->agency == "南岗区王岗镇");
}

}  // namespace
}  // namespace nianbao::crawler
