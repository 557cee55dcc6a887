#include "net/url.h"

#include <doctest/doctest.h>

namespace nianbao::net {
namespace {

std::string Norm(std::string_view u) {
  Result<std::string> r = NormalizeUrl(u);
  REQUIRE_MESSAGE(r.ok(), r.status().ToString());
  return *r;
}

std::string Resolve(std::string_view base, std::string_view href) {
  Result<std::string> r = ResolveUrl(base, href);
  REQUIRE_MESSAGE(r.ok(), r.status().ToString());
  return *r;
}

TEST_CASE("NormalizeUrl folds case, default ports, fragments and dot segments") {
  CHECK(Norm("HTTP://WWW.Harbin.GOV.cn/Col/Index.html") == "http://www.harbin.gov.cn/Col/Index.html");
  CHECK(Norm("http://a.test:80/x") == "http://a.test/x");
  CHECK(Norm("https://a.test:443/x") == "https://a.test/x");
  CHECK(Norm("http://a.test:8080/x") == "http://a.test:8080/x");
  CHECK(Norm("http://a.test/x#top") == "http://a.test/x");
  CHECK(Norm("http://a.test") == "http://a.test/");
  CHECK(Norm("http://a.test/a/./b/../c") == "http://a.test/a/c");
  CHECK(Norm("  http://a.test/x\n") == "http://a.test/x");
}

TEST_CASE("NormalizeUrl collapses duplicates to one key") {
  CHECK(Norm("http://A.test:80/p?q=1#f") == Norm("http://a.test/p?q=1"));
  CHECK(Norm("http://a.test/b/../p") == Norm("http://a.test/p"));
}

TEST_CASE("NormalizeUrl percent-encodes spaces and non-ASCII") {
  CHECK(Norm("http://a.test/年报 2021.html") == "http://a.test/%e5%b9%b4%e6%8a%a5%202021.html");
  // An existing escape is kept, not double-encoded.
  CHECK(Norm("http://a.test/a%20b") == "http://a.test/a%20b");
}

TEST_CASE("NormalizeUrl refuses non-http schemes and garbage") {
  CHECK_FALSE(NormalizeUrl("mailto:x@y.cn").ok());
  CHECK_FALSE(NormalizeUrl("javascript:void(0)").ok());
  CHECK_FALSE(NormalizeUrl("ftp://a.test/x").ok());
  CHECK_FALSE(NormalizeUrl("not a url").ok());
  CHECK_FALSE(NormalizeUrl("").ok());
  Result<std::string> r = NormalizeUrl("file:///etc/passwd");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Code::kInvalidArgument);
}

TEST_CASE("ResolveUrl handles every reference form") {
  const char* base = "http://ngqxxgk.harbin.gov.cn/col/col126585/index.html?uid=1";
  CHECK(Resolve(base, "/art/2022/1/20/art_126585_123.html") ==
        "http://ngqxxgk.harbin.gov.cn/art/2022/1/20/art_126585_123.html");
  CHECK(Resolve(base, "page2.html") == "http://ngqxxgk.harbin.gov.cn/col/col126585/page2.html");
  CHECK(Resolve(base, "../x.html") == "http://ngqxxgk.harbin.gov.cn/col/x.html");
  CHECK(Resolve(base, "?uid=2&pageNum=3") ==
        "http://ngqxxgk.harbin.gov.cn/col/col126585/index.html?uid=2&pageNum=3");
  CHECK(Resolve(base, "//www.harbin.gov.cn/a") == "http://www.harbin.gov.cn/a");
  CHECK(Resolve(base, "https://Other.test:443/b#c") == "https://other.test/b");
  CHECK(Resolve(base, "#top") == "http://ngqxxgk.harbin.gov.cn/col/col126585/index.html?uid=1");
  CHECK(Resolve(base, " \tpage2.html\n") == "http://ngqxxgk.harbin.gov.cn/col/col126585/page2.html");
  CHECK(Resolve(base, "") == "http://ngqxxgk.harbin.gov.cn/col/col126585/index.html?uid=1");
  CHECK_FALSE(ResolveUrl(base, "javascript:void(0)").ok());
  CHECK_FALSE(ResolveUrl(base, "mailto:a@b.cn").ok());
  CHECK_FALSE(ResolveUrl("not absolute", "x.html").ok());
}

// The forms the parser's own resolver (removed; attachments now use this one)
// was tested on: dot segments past the root stop at the root, a base without
// a path resolves as "/".
TEST_CASE("ResolveUrl on attachment links") {
  const char* base = "http://h.gov.cn/col/col1/art/index.html?x=1#top";
  CHECK(Resolve(base, "a.pdf") == "http://h.gov.cn/col/col1/art/a.pdf");
  CHECK(Resolve(base, "./a.pdf") == "http://h.gov.cn/col/col1/art/a.pdf");
  CHECK(Resolve(base, "../../a.pdf?v=2") == "http://h.gov.cn/col/a.pdf?v=2");
  CHECK(Resolve(base, "../../../../../a.pdf") == "http://h.gov.cn/a.pdf");
  CHECK(Resolve(base, "/files/a.pdf") == "http://h.gov.cn/files/a.pdf");
  CHECK(Resolve(base, "//cdn.gov.cn/a.pdf") == "http://cdn.gov.cn/a.pdf");
  CHECK(Resolve(base, "https://o.cn/a.pdf") == "https://o.cn/a.pdf");
  CHECK(Resolve(base, "?page=2") == "http://h.gov.cn/col/col1/art/index.html?page=2");
  CHECK(Resolve("http://h.gov.cn", "a.pdf") == "http://h.gov.cn/a.pdf");
  CHECK(Resolve(base, "files/年报.pdf") == "http://h.gov.cn/col/col1/art/files/%e5%b9%b4%e6%8a%a5.pdf");
}

TEST_CASE("HostOf, PortOf, SchemeOf, OriginOf, PathAndQueryOf") {
  CHECK(*HostOf("http://WWW.Harbin.gov.cn:8080/x") == "www.harbin.gov.cn");
  CHECK(*PortOf("http://a.test/x") == 80);
  CHECK(*PortOf("https://a.test/x") == 443);
  CHECK(*PortOf("http://a.test:8080/x") == 8080);
  CHECK(*SchemeOf("HTTPS://a.test/") == "https");
  CHECK(*OriginOf("http://A.test/x/y?z") == "http://a.test:80");
  CHECK(*PathAndQueryOf("http://a.test/x/y?z=1#frag") == "/x/y?z=1");
  CHECK(*PathAndQueryOf("http://a.test") == "/");
  CHECK_FALSE(HostOf("mailto:x@y").ok());
}

}  // namespace
}  // namespace nianbao::net
