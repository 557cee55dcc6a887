// What the crawler stores about a queued document (crawler/document_meta.h):
// round trips, and damaged stored JSON read as error values, never thrown.
#include "crawler/document_meta.h"

#include <doctest/doctest.h>

using namespace nianbao;
using namespace nianbao::crawler;

namespace {

storage::DocumentRow RowWithRequest(std::string request) {
  storage::DocumentRow d;
  d.id = 7;
  d.url = "http://a.gov.cn/list.html";
  d.request = std::move(request);
  return d;
}

PageRequest HanwebWindow() {
  PageRequest r;
  r.url = "http://a.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45";
  r.method = "POST";
  r.body = "col=1&webid=2&columnid=126585";
  r.content_type = "application/x-www-form-urlencoded";
  r.headers = {{"Referer", "http://a.gov.cn/col/col126585/index.html"}, {"X-Requested-With", "XMLHttpRequest"}};
  return r;
}

}  // namespace

TEST_CASE("a hint survives its round trip through the stored text") {
  DocumentHint h;
  h.title = "南岗区王岗镇2021年政府信息公开工作年度报告";
  h.agency = "南岗区王岗镇";
  h.year = 2021;
  h.date = "2022-01-20";
  Result<DocumentHint> back = ReadHint(EncodeHint(h));
  REQUIRE(back.ok());
  CHECK(back->title == h.title);
  CHECK(back->agency == h.agency);
  CHECK(back->year == std::optional<int>(2021));
  CHECK(back->date == std::optional<std::string>("2022-01-20"));

  DocumentHint bare = DecodeHint(EncodeHint(DocumentHint{"标题", "", std::nullopt, std::nullopt}));
  CHECK(bare.title == "标题");
  CHECK_FALSE(bare.year.has_value());
  CHECK_FALSE(bare.date.has_value());
}

TEST_CASE("an empty stored hint is an empty hint, not an error") {
  Result<DocumentHint> h = ReadHint("");
  REQUIRE(h.ok());
  CHECK(h->title.empty());
  CHECK_FALSE(h->year.has_value());
}

TEST_CASE("a damaged stored hint is a kCorrupt value naming the field") {
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case& c : {
           Case{"{\"title\": ", "stored hint is not a JSON object"},
           Case{"[1, 2]", "stored hint is not a JSON object"},
           Case{"{\"title\": 5}", "stored hint: \"title\" is number, not a string"},
           Case{"{\"title\": \"t\", \"agency\": [\"x\"]}", "stored hint: \"agency\" is array, not a string"},
           Case{"{\"date\": {}}", "stored hint: \"date\" is object, not a string"},
           Case{"{\"year\": \"2021\"}", "stored hint: \"year\" is not an integer"},
           Case{"{\"year\": 1e12}", "stored hint: \"year\" is not an integer"},
           Case{"{\"year\": 123456}", "stored hint: \"year\" 123456 is out of range"},
       }) {
    CAPTURE(c.text);
    Result<DocumentHint> h = ReadHint(c.text);
    REQUIRE_FALSE(h.ok());
    CHECK(h.status().code() == Code::kCorrupt);
    CHECK(h.status().message() == c.message);
    CHECK(DecodeHint(c.text).title.empty());  // the lenient reader gives the empty hint
  }
}

TEST_CASE("a title with invalid UTF-8 is stored with replacement characters instead of throwing") {
  DocumentHint h;
  h.title = std::string("报告\xff\xfe", 8);
  std::string text = EncodeHint(h);
  Result<DocumentHint> back = ReadHint(text);
  REQUIRE(back.ok());
  CHECK(back->title == "报告\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("a plain GET stores no request, a POST window round-trips with its headers") {
  PageRequest get;
  get.url = "http://a.gov.cn/col/col1/index.html";
  CHECK(EncodeRequest(get).empty());
  Result<std::optional<PageRequest>> none = ReadRequest(RowWithRequest(""));
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());

  PageRequest post = HanwebWindow();
  storage::DocumentRow row = RowWithRequest(EncodeRequest(post));
  Result<std::optional<PageRequest>> back = ReadRequest(row);
  REQUIRE(back.ok());
  REQUIRE(back->has_value());
  CHECK(**back == post);

  row.etag = "\"v1\"";
  row.last_modified = "Thu, 20 Jan 2022 08:00:00 GMT";
  Result<net::FetchRequest> req = ToFetchRequest(row);
  REQUIRE(req.ok());
  CHECK(req->url == post.url);
  CHECK(req->method == "POST");
  CHECK(req->body == post.body);
  CHECK(req->content_type == post.content_type);
  CHECK(req->headers == net::HttpHeaders{{"Referer", "http://a.gov.cn/col/col126585/index.html"},
                                         {"X-Requested-With", "XMLHttpRequest"}});
  CHECK(req->etag == "\"v1\"");
  CHECK(req->last_modified == "Thu, 20 Jan 2022 08:00:00 GMT");
}

TEST_CASE("a document without a stored request is fetched by a GET of its URL") {
  storage::DocumentRow row = RowWithRequest("");
  Result<net::FetchRequest> req = ToFetchRequest(row);
  REQUIRE(req.ok());
  CHECK(req->url == row.url);
  CHECK(req->method == "GET");
  CHECK(req->body.empty());
}

TEST_CASE("a damaged stored request is a kCorrupt value, and the document cannot be fetched") {
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case& c : {
           Case{"not json", "document 7: stored request is not a JSON object"},
           Case{"\"http://a.gov.cn/\"", "document 7: stored request is not a JSON object"},
           Case{"{\"url\": 5}", "document 7: stored request: \"url\" is number, not a string"},
           Case{"{\"url\": \"http://a.gov.cn/x\", \"method\": true}",
                "document 7: stored request: \"method\" is boolean, not a string"},
           Case{"{\"method\": \"POST\"}", "document 7: stored request has no \"url\""},
           Case{"{\"url\": \"http://a.gov.cn/x\", \"headers\": {\"Referer\": \"x\"}}",
                "document 7: stored request: \"headers\" is not an array"},
           Case{"{\"url\": \"http://a.gov.cn/x\", \"headers\": [[\"Referer\", 1]]}",
                "document 7: stored request: a header is not a [name, value] pair of strings"},
       }) {
    CAPTURE(c.text);
    storage::DocumentRow row = RowWithRequest(c.text);
    Result<std::optional<PageRequest>> r = ReadRequest(row);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Code::kCorrupt);
    CHECK(r.status().message() == c.message);
    CHECK_FALSE(RequestOf(row).has_value());
    Result<net::FetchRequest> req = ToFetchRequest(row);
    REQUIRE_FALSE(req.ok());
    CHECK(req.status().message() == c.message);
  }
}

TEST_CASE("a POST's queue key keeps its body, a GET's is the normalised URL") {
  PageRequest post = HanwebWindow();
  Result<std::string> key = DocumentKeyFor(post);
  REQUIRE(key.ok());
  CHECK(*key == post.url + "#POST:" + post.body);
  PageRequest other = post;
  other.body = "col=1&webid=2&columnid=126585&startrecord=46";
  CHECK(*DocumentKeyFor(other) != *key);

  PageRequest get;
  get.url = "HTTP://A.gov.cn/col/col1/index.html#top";
  Result<std::string> get_key = DocumentKeyFor(get);
  REQUIRE(get_key.ok());
  CHECK(*get_key == "http://a.gov.cn/col/col1/index.html");
  get.url = "not a url";
  CHECK_FALSE(DocumentKeyFor(get).ok());
}
