#include "net/robots.h"

#include <doctest/doctest.h>

#include <string>

namespace nianbao::net {
namespace {

constexpr const char* kUa = "nianbao/1.0 (+mailto:ops@example.org)";

TEST_CASE("ProductToken takes the leading name of a User-Agent") {
  CHECK(ProductToken(kUa) == "nianbao");
  CHECK(ProductToken("Googlebot-News") == "googlebot-news");
  CHECK(ProductToken("  *") == "");
}

TEST_CASE("robots: our group wins over *, several of our groups merge") {
  const char* body =
      "User-agent: *\n"
      "Disallow: /\n"
      "\n"
      "User-agent: otherbot\n"
      "User-agent: NianBao\n"
      "Disallow: /private/\n"
      "Sitemap: http://a.test/sitemap.xml\n"
      "User-agent: nianbao\n"
      "Disallow: /tmp\n";
  RobotsRules r = RobotsRules::Parse(body, kUa);
  CHECK(r.IsAllowed("/col/index.html"));
  CHECK_FALSE(r.IsAllowed("/private/x"));
  CHECK_FALSE(r.IsAllowed("/tmp/y"));
  CHECK(r.rules().size() == 2);
}

TEST_CASE("robots: * group applies when no group names us") {
  RobotsRules r = RobotsRules::Parse("User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /x\n", kUa);
  CHECK(r.IsAllowed("/a"));
  CHECK_FALSE(r.IsAllowed("/x/1"));
  RobotsRules none = RobotsRules::Parse("User-agent: otherbot\nDisallow: /\n", kUa);
  CHECK(none.IsAllowed("/anything"));
}

TEST_CASE("robots: longest match decides, Allow wins ties") {
  RobotsRules r = RobotsRules::Parse(
      "User-agent: *\n"
      "Disallow: /xxgk/\n"
      "Allow: /xxgk/ndbg/\n"
      "Disallow: /xxgk/ndbg/draft\n"
      "Allow: /same\n"
      "Disallow: /same\n",
      kUa);
  CHECK_FALSE(r.IsAllowed("/xxgk/index.html"));
  CHECK(r.IsAllowed("/xxgk/ndbg/2021.html"));
  CHECK_FALSE(r.IsAllowed("/xxgk/ndbg/draft1.html"));
  CHECK(r.IsAllowed("/same/x"));
  CHECK(r.IsAllowed("/other"));
}

TEST_CASE("robots: * and $ patterns") {
  RobotsRules r = RobotsRules::Parse(
      "User-agent: *\n"
      "Disallow: /*.pdf$\n"
      "Disallow: /search*q=\n"
      "Disallow: /exact$\n"
      "Allow: /*/public/\n",
      kUa);
  CHECK_FALSE(r.IsAllowed("/files/report.pdf"));
  CHECK(r.IsAllowed("/files/report.pdf?download=1"));
  CHECK_FALSE(r.IsAllowed("/search/list?x=1&q=abc"));
  CHECK(r.IsAllowed("/search/list?x=1"));
  CHECK_FALSE(r.IsAllowed("/exact"));
  CHECK(r.IsAllowed("/exact/more"));
  CHECK(RobotsPatternMatches("/a*b*c", "/aXXbYYc/tail"));
  CHECK_FALSE(RobotsPatternMatches("/a*b*c$", "/aXXbYYc/tail"));
  CHECK(RobotsPatternMatches("*", "/anything"));
  CHECK(RobotsPatternMatches("/", "/"));
  CHECK_FALSE(RobotsPatternMatches("/ab", "/a"));
}

TEST_CASE("robots: percent-encoding and UTF-8 patterns") {
  RobotsRules r = RobotsRules::Parse("User-agent: *\nDisallow: /年报/\nDisallow: /a%3cb\n", kUa);
  CHECK_FALSE(r.IsAllowed("/%E5%B9%B4%E6%8A%A5/2021.html"));
  CHECK_FALSE(r.IsAllowed("/%e5%b9%b4%e6%8a%a5/2021.html"));
  CHECK_FALSE(r.IsAllowed("/a%3Cb"));
  CHECK(r.IsAllowed("/%E5%B9%B4/"));
}

TEST_CASE("robots: syntax edge cases") {
  SUBCASE("empty Disallow allows all") {
    RobotsRules r = RobotsRules::Parse("User-agent: *\nDisallow:\n", kUa);
    CHECK(r.IsAllowed("/x"));
  }
  SUBCASE("comments, CRLF, case-insensitive keys, BOM") {
    RobotsRules r = RobotsRules::Parse("\xEF\xBB\xBFuser-AGENT: * # all\r\nDISALLOW: /x # no\r\n", kUa);
    CHECK_FALSE(r.IsAllowed("/x/1"));
    CHECK(r.IsAllowed("/y"));
  }
  SUBCASE("rules before any user-agent are ignored") {
    RobotsRules r = RobotsRules::Parse("Disallow: /\nUser-agent: *\nDisallow: /x\n", kUa);
    CHECK(r.IsAllowed("/y"));
  }
  SUBCASE("robots.txt itself is always allowed") {
    CHECK(RobotsRules::DisallowAll().IsAllowed("/robots.txt"));
    CHECK_FALSE(RobotsRules::DisallowAll().IsAllowed("/"));
  }
  SUBCASE("garbage does not crash and allows all") {
    std::string junk(100000, '\0');
    for (size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<char>((i * 7919) % 251);
    RobotsRules r = RobotsRules::Parse(junk, kUa);
    CHECK(r.IsAllowed("/x"));
  }
}

TEST_CASE("robots: Crawl-delay of the chosen group") {
  CHECK(RobotsRules::Parse("User-agent: *\nCrawl-delay: 2.5\n", kUa).crawl_delay_ms() == 2500);
  CHECK(RobotsRules::Parse("User-agent: nianbao\nCrawl-delay: 3\nUser-agent: *\nCrawl-delay: 9\n", kUa)
            .crawl_delay_ms() == 3000);
  CHECK(RobotsRules::Parse("User-agent: *\nCrawl-delay: soon\n", kUa).crawl_delay_ms() == 0);
  CHECK(RobotsRules::Parse("User-agent: *\nDisallow: /x\n", kUa).crawl_delay_ms() == 0);
}

TEST_CASE("robots: what a fetch outcome means") {
  CHECK(RobotsVerdictForStatus(200) == RobotsVerdict::kParse);
  CHECK(RobotsVerdictForStatus(404) == RobotsVerdict::kAllowAll);
  CHECK(RobotsVerdictForStatus(403) == RobotsVerdict::kAllowAll);
  CHECK(RobotsVerdictForStatus(429) == RobotsVerdict::kUnreachable);
  CHECK(RobotsVerdictForStatus(500) == RobotsVerdict::kUnreachable);
  CHECK(RobotsVerdictForStatus(503) == RobotsVerdict::kUnreachable);
  CHECK(RobotsVerdictForStatus(0) == RobotsVerdict::kUnreachable);
}

}  // namespace
}  // namespace nianbao::net
