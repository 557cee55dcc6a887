// The fetcher against a real loopback HTTP server (tests/support), with real
// libcurl: site host names are mapped to 127.0.0.1 through `resolve`.
#include "net/fetcher.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "net/politeness.h"
#include "net/robots.h"
#include "tests/support/http_test_server.h"

namespace nianbao::net {
namespace {

namespace asio = boost::asio;
using testing::FaultMode;
using testing::HttpTestServer;
using testing::Request;
using testing::Response;
using testing::RouteOptions;

constexpr const char* kUa = "nianbao-test/1.0 (+mailto:ops@example.org)";
// Slack for comparing the server's recorded start times with our gaps.
constexpr int64_t kToleranceMs = 25;

class FetchFixture {
 public:
  FetchFixture() { REQUIRE(server.status().ok()); }

  FetcherOptions Options() const {
    FetcherOptions o;
    o.user_agent = kUa;
    o.per_host_delay_ms = 0;
    o.per_host_connections = 4;
    o.timeout_s = 5;
    o.retries = 2;
    o.retry_base_ms = 50;
    o.retry_max_ms = 200;
    o.respect_robots = false;
    for (const char* host : {"a.test", "b.test", "evil.test", "loop.test"}) {
      o.resolve.push_back(std::string(host) + ":" + std::to_string(server.port()) + ":127.0.0.1");
    }
    return o;
  }

  std::string Url(const char* host, const char* target) const { return server.Url(host, target); }

  static FetchRequest Get(std::string url, uint64_t tag = 0) {
    FetchRequest r;
    r.url = std::move(url);
    r.tag = tag;
    return r;
  }

  // Runs the requests to completion; `during` runs once the loop started.
  std::vector<FetchResult> Run(const std::vector<FetchRequest>& requests, const FetcherOptions& options,
                               std::function<void(Fetcher&, asio::io_context&)> during = {}) {
    asio::io_context io;
    Fetcher fetcher(io, options, SystemClock::Instance());
    REQUIRE(fetcher.status().ok());
    std::vector<FetchResult> results;
    bool inside_fetch = false;
    for (const FetchRequest& r : requests) {
      inside_fetch = true;
      fetcher.Fetch(r, [&](FetchResult res) {
        CHECK_FALSE(inside_fetch);
        results.push_back(std::move(res));
        if (results.size() == requests.size()) io.stop();
      });
      inside_fetch = false;
    }
    if (during) during(fetcher, io);
    io.run_for(std::chrono::seconds(20));
    REQUIRE(results.size() == requests.size());
    CHECK(fetcher.in_flight() == 0);
    CHECK(fetcher.queued() == 0);
    stats = fetcher.stats();
    std::sort(results.begin(), results.end(), [](const FetchResult& a, const FetchResult& b) { return a.tag < b.tag; });
    server.WaitForIdle();
    return results;
  }

  FetchResult RunOne(FetchRequest request, const FetcherOptions& options) {
    return Run({std::move(request)}, options).front();
  }

  // Requests to `host` other than robots.txt.
  std::vector<Request> DocRequests(const char* host) const {
    std::vector<Request> out;
    for (Request& r : server.RequestsTo(host)) {
      if (r.path != "/robots.txt") out.push_back(std::move(r));
    }
    return out;
  }

  static std::vector<int64_t> StartGaps(const std::vector<Request>& reqs) {
    std::vector<int64_t> starts;
    for (const Request& r : reqs) starts.push_back(r.start_ms);
    std::sort(starts.begin(), starts.end());
    std::vector<int64_t> gaps;
    for (size_t i = 1; i < starts.size(); ++i) gaps.push_back(starts[i] - starts[i - 1]);
    return gaps;
  }

  HttpTestServer server;
  FetchStats stats;  // of the last Run
};

TEST_CASE_FIXTURE(FetchFixture, "fetch: a plain GET returns body, type, charset and robots is asked first") {
  server.Get("a.test", "/doc.html", Response::Html("<p>年报</p>").With("ETag", "\"e1\""));
  FetcherOptions o = Options();
  o.respect_robots = true;
  FetchResult r = RunOne(Get(Url("a.test", "/doc.html"), 7), o);
  CHECK(r.ok);
  CHECK_FALSE(r.error_kind.has_value());
  CHECK(r.tag == 7);
  CHECK(r.http_status == 200);
  CHECK(r.body == "<p>年报</p>");
  CHECK(r.charset == "utf-8");
  CHECK(r.content_type.find("text/html") == 0);
  CHECK(r.etag == "\"e1\"");
  CHECK(r.attempts == 1);
  CHECK(r.final_url == Url("a.test", "/doc.html"));
  std::vector<Request> log = server.RequestsTo("a.test");
  REQUIRE(log.size() == 2);
  CHECK(log[0].path == "/robots.txt");  // 404: everything allowed
  CHECK(log[1].path == "/doc.html");
  CHECK(log[1].Header("User-Agent") == kUa);
  CHECK(stats.transfers == 2);
  CHECK(stats.robots_fetches == 1);
  CHECK(stats.ok == 1);
  CHECK(stats.failed == 0);
  CHECK(stats.body_bytes == r.body.size());
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: per-host concurrency and the gap between starts") {
  RouteOptions slow;
  slow.delay_ms = 120;
  server.Get("a.test", "/p", Response::Html("ok"), slow);
  server.Get("b.test", "/p", Response::Html("ok"), slow);
  std::vector<FetchRequest> reqs;
  for (int i = 0; i < 6; ++i) {
    reqs.push_back(Get(Url("a.test", "/p?i=") + std::to_string(i), i));
    reqs.push_back(Get(Url("b.test", "/p?i=") + std::to_string(i), 100 + i));
  }
  SUBCASE("two connections, 60 ms apart") {
    FetcherOptions o = Options();
    o.per_host_connections = 2;
    o.per_host_delay_ms = 60;
    for (const FetchResult& r : Run(reqs, o)) CHECK(r.ok);
    for (const char* host : {"a.test", "b.test"}) {
      CHECK(server.MaxConcurrent(host) <= 2);
      CHECK(server.MaxConcurrent(host) == 2);  // 120 ms answers, 60 ms gaps: they overlap
      for (int64_t gap : StartGaps(DocRequests(host))) CHECK(gap >= 60 - kToleranceMs);
    }
  }
  SUBCASE("one connection") {
    FetcherOptions o = Options();
    o.per_host_connections = 1;
    for (const FetchResult& r : Run(reqs, o)) CHECK(r.ok);
    CHECK(server.MaxConcurrent("a.test") == 1);
    CHECK(server.MaxConcurrent("b.test") == 1);
  }
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: max_connections bounds transfers over all hosts") {
  RouteOptions slow;
  slow.delay_ms = 50;
  std::vector<FetchRequest> reqs;
  std::vector<std::string> hosts;
  FetcherOptions o = Options();
  for (int h = 0; h < 12; ++h) {
    std::string host = "h" + std::to_string(h) + ".test";
    server.Get(host, "/x", Response::Html("x"), slow);
    o.resolve.push_back(host + ":" + std::to_string(server.port()) + ":127.0.0.1");
    for (int i = 0; i < 3; ++i) reqs.push_back(Get(server.Url(host, "/x?i=" + std::to_string(i)), h * 10 + i));
  }
  o.max_connections = 5;
  for (const FetchResult& r : Run(reqs, o)) CHECK(r.ok);
  // Most requests overlapping at any start time, from the server's log.
  std::vector<Request> log = server.Requests();
  REQUIRE(log.size() == 36);
  size_t most = 0;
  for (const Request& a : log) {
    size_t overlapping = std::count_if(log.begin(), log.end(), [&](const Request& b) {
      return b.start_ms <= a.start_ms && b.end_ms > a.start_ms;
    });
    most = std::max(most, overlapping);
  }
  CHECK(most <= 5);
  CHECK(most >= 2);  // the limit is not "one at a time"
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: redirects stay inside the allowed hosts") {
  server.Get("a.test", "/out", Response::Redirect(Url("evil.test", "/steal")));
  server.Get("a.test", "/in", Response::Redirect(Url("b.test", "/final"), 301));
  server.Get("b.test", "/final", Response::Html("final"));
  server.Get("evil.test", "/steal", Response::Html("no"));
  FetcherOptions o = Options();
  o.allowed_hosts = {"a.test", "b.test"};
  std::vector<FetchResult> rs = Run({Get(Url("a.test", "/out"), 1), Get(Url("a.test", "/in"), 2),
                                     Get(Url("evil.test", "/steal"), 3)},
                                    o);
  CHECK_FALSE(rs[0].ok);
  CHECK(rs[0].error_kind == FetchErrorKind::kScope);
  CHECK(rs[0].http_status == 302);
  CHECK(rs[1].ok);
  CHECK(rs[1].body == "final");
  CHECK(rs[1].final_url == Url("b.test", "/final"));
  REQUIRE(rs[1].redirects.size() == 1);
  CHECK(rs[1].redirects[0] == Url("a.test", "/in"));
  CHECK(rs[1].attempts == 2);
  CHECK(rs[2].error_kind == FetchErrorKind::kScope);
  CHECK(server.RequestsTo("evil.test").empty());
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: a redirect loop stops at max_redirects") {
  server.Get("loop.test", "/a", Response::Redirect("/b"));
  server.Get("loop.test", "/b", Response::Redirect("/a"));
  FetcherOptions o = Options();
  o.max_redirects = 3;
  FetchResult r = RunOne(Get(Url("loop.test", "/a")), o);
  CHECK_FALSE(r.ok);
  CHECK(r.error_kind == FetchErrorKind::kLimit);
  CHECK(r.redirects.size() == 3);
  CHECK(DocRequests("loop.test").size() == 4);
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: robots.txt rules, Crawl-delay and an unreachable robots.txt") {
  server.Get("a.test", "/robots.txt",
             Response::Text("User-agent: *\nDisallow: /private\nCrawl-delay: 0.2\n"));
  server.Get("a.test", "/public/1", Response::Html("1"));
  server.Get("a.test", "/public/2", Response::Html("2"));
  server.Get("a.test", "/private/x", Response::Html("secret"));
  server.Get("b.test", "/robots.txt", Response::Text("", 503));
  server.Get("b.test", "/doc", Response::Html("doc"));
  FetcherOptions o = Options();
  o.respect_robots = true;
  o.per_host_delay_ms = 50;
  std::vector<FetchResult> rs = Run({Get(Url("a.test", "/public/1"), 1), Get(Url("a.test", "/private/x"), 2),
                                     Get(Url("a.test", "/public/2"), 3), Get(Url("b.test", "/doc"), 4)},
                                    o);
  CHECK(rs[0].ok);
  CHECK(rs[1].error_kind == FetchErrorKind::kRobots);
  CHECK_FALSE(rs[1].transient);  // disallowed: final
  CHECK(rs[2].ok);
  CHECK(rs[3].error_kind == FetchErrorKind::kRobots);
  CHECK(rs[3].transient);  // robots.txt unreachable: try again later
  CHECK(rs[3].error.find("503") != std::string::npos);
  std::vector<Request> a = server.RequestsTo("a.test");
  for (const Request& r : a) CHECK(r.path != "/private/x");
  CHECK(a.size() == 3);  // robots.txt and the two public pages
  for (int64_t gap : StartGaps(a)) CHECK(gap >= 200 - kToleranceMs);  // Crawl-delay beats 50 ms
  CHECK(DocRequests("b.test").empty());
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: an oversized robots.txt is parsed up to the cap") {
  std::string robots = "User-agent: *\nDisallow: /private\n";
  while (robots.size() < kMaxRobotsBytes + 100000) robots += "# padding padding padding padding\n";
  server.Get("a.test", "/robots.txt", Response::Text(robots));
  server.Get("a.test", "/private/x", Response::Html("secret"));
  server.Get("a.test", "/open", Response::Html("open"));
  FetcherOptions o = Options();
  o.respect_robots = true;
  std::vector<FetchResult> rs = Run({Get(Url("a.test", "/private/x"), 1), Get(Url("a.test", "/open"), 2)}, o);
  CHECK(rs[0].error_kind == FetchErrorKind::kRobots);
  CHECK(rs[1].ok);
  for (const Request& r : server.RequestsTo("a.test")) CHECK(r.path != "/private/x");
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: 503 with Retry-After is retried after the delay") {
  std::atomic<int> calls{0};
  server.Any("a.test", "/busy", [&](const Request&) {
    return calls++ == 0 ? Response::ServiceUnavailable(1) : Response::Html("fine");
  });
  FetchResult r = RunOne(Get(Url("a.test", "/busy")), Options());
  CHECK(r.ok);
  CHECK(r.body == "fine");
  CHECK(r.attempts == 2);
  std::vector<Request> log = DocRequests("a.test");
  REQUIRE(log.size() == 2);
  CHECK(log[1].start_ms - log[0].start_ms >= 1000 - kToleranceMs);
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: 429 without Retry-After widens the host's gap") {
  std::atomic<int> calls{0};
  server.Any("a.test", "/limited", [&](const Request&) {
    return calls++ == 0 ? Response::Text("slow down", 429) : Response::Html("ok");
  });
  FetchResult r = RunOne(Get(Url("a.test", "/limited")), Options());  // per_host_delay_ms = 0
  CHECK(r.ok);
  CHECK(r.attempts == 2);
  CHECK(stats.retries == 1);
  std::vector<Request> log = DocRequests("a.test");
  REQUIRE(log.size() == 2);
  // The retry backoff alone is at most 50 ms; the throttle penalty is 500 ms.
  CHECK(log[1].start_ms - log[0].start_ms >= HostPoliteness::kMinPenaltyMs - kToleranceMs);
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: 404 fails at once, 500 exhausts the retries") {
  server.Get("a.test", "/err", Response::Text("boom", 500));
  std::vector<FetchResult> rs = Run({Get(Url("a.test", "/missing"), 1), Get(Url("a.test", "/err"), 2)}, Options());
  CHECK_FALSE(rs[0].ok);
  CHECK(rs[0].error_kind == FetchErrorKind::kHttp);
  CHECK(rs[0].http_status == 404);
  CHECK(rs[0].attempts == 1);
  CHECK(rs[0].error.find("HTTP 404") != std::string::npos);
  CHECK(rs[1].error_kind == FetchErrorKind::kHttp);
  CHECK(rs[1].http_status == 500);
  CHECK(rs[1].attempts == 3);  // retries = 2
  CHECK_FALSE(rs[0].transient);
  CHECK(rs[1].transient);
  int missing = 0, err = 0;
  for (const Request& q : DocRequests("a.test")) (q.path == "/missing" ? missing : err)++;
  CHECK(missing == 1);
  CHECK(err == 3);
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: connection resets and timeouts are retried, then failed with a kind") {
  RouteOptions reset;
  reset.fault = FaultMode::kReset;
  server.Get("a.test", "/reset", Response::Html("never"), reset);
  RouteOptions stall;
  stall.delay_ms = 700;
  server.Get("b.test", "/stall", Response::Html("late"), stall);
  RouteOptions flaky;
  flaky.fail_first = 1;
  flaky.fail_by_reset = true;
  server.Get("a.test", "/flaky", Response::Html("second time"), flaky);
  FetcherOptions o = Options();
  o.retries = 1;
  o.timeout_ms = 300;
  std::vector<FetchResult> rs =
      Run({Get(Url("a.test", "/reset"), 1), Get(Url("b.test", "/stall"), 2), Get(Url("a.test", "/flaky"), 3)}, o);
  CHECK(rs[0].error_kind == FetchErrorKind::kConnect);
  CHECK(rs[0].attempts == 2);
  CHECK_FALSE(rs[0].error.empty());
  CHECK(rs[1].error_kind == FetchErrorKind::kTimeout);
  CHECK(rs[1].attempts == 2);
  CHECK(rs[2].ok);
  CHECK(rs[2].body == "second time");
  CHECK(rs[2].attempts == 2);
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: body limits stop gzip bombs, endless and oversized bodies") {
  RouteOptions bomb;
  bomb.fault = FaultMode::kGzipBomb;
  bomb.gzip_bomb_bytes = 64u << 20;  // 64 MiB of zeros in ~64 KiB: Content-Length passes the cap
  server.Get("a.test", "/bomb", Response::Html(""), bomb);
  RouteOptions endless;
  endless.fault = FaultMode::kEndlessBody;
  server.Get("a.test", "/endless", Response::Html(""), endless);
  server.Get("b.test", "/big", Response::Html(std::string(300000, 'x')));
  FetcherOptions o = Options();
  o.max_body_bytes = 256 * 1024;
  std::vector<FetchResult> rs =
      Run({Get(Url("a.test", "/bomb"), 1), Get(Url("a.test", "/endless"), 2), Get(Url("b.test", "/big"), 3)}, o);
  for (const FetchResult& r : rs) {
    CHECK_FALSE(r.ok);
    CHECK(r.error_kind == FetchErrorKind::kLimit);
    CHECK(r.attempts == 1);
    CHECK(r.body.size() <= o.max_body_bytes);
  }
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: a slow body trips the low-speed limit") {
  RouteOptions slow;
  slow.slow_chunk_bytes = 1;
  slow.slow_interval_ms = 400;
  server.Get("a.test", "/drip", Response::Html(std::string(100, 'd')), slow);
  FetcherOptions o = Options();
  o.retries = 0;
  o.low_speed_limit = 1000;
  o.low_speed_time_s = 1;
  FetchResult r = RunOne(Get(Url("a.test", "/drip")), o);
  CHECK(r.error_kind == FetchErrorKind::kTimeout);
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: a response header over libcurl's 100 kB cap is a limit, not out of memory") {
  server.Get("a.test", "/fat-header", Response::Html("page").With("Set-Cookie", "c=" + std::string(120000, 'h')));
  FetchResult r = RunOne(Get(Url("a.test", "/fat-header")), Options());
  CHECK_FALSE(r.ok);
  CHECK(r.error_kind == FetchErrorKind::kLimit);
  CHECK(r.error == "response header larger than libcurl's 100 kB limit: " + Url("a.test", "/fat-header"));
  CHECK(r.attempts == 1);
  CHECK_FALSE(r.transient);
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: bad chunking and a body shorter than its length are protocol errors") {
  RouteOptions raw;
  raw.fault = FaultMode::kRaw;
  server.Get("a.test", "/bad-chunk",
             Response::Html("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
                            "zz\r\nhello\r\n0\r\n\r\n"),
             raw);
  server.Get("a.test", "/short",
             Response::Html("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\n\r\nonly ten b"),
             raw);
  FetcherOptions o = Options();
  o.retries = 1;
  std::vector<FetchResult> rs = Run({Get(Url("a.test", "/bad-chunk"), 1), Get(Url("a.test", "/short"), 2)}, o);
  for (const FetchResult& r : rs) {
    CHECK_FALSE(r.ok);
    CHECK(r.error_kind == FetchErrorKind::kProtocol);
    CHECK(r.attempts == 2);  // a truncated answer may be the network's fault: retried
  }
  CHECK(rs[0].error.find("chunk") != std::string::npos);
  CHECK(rs[1].error.find("90 bytes remaining") != std::string::npos);
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: conditional GET sends validators and reports 304 as not_modified") {
  RouteOptions cond;
  cond.etag = "\"v1\"";
  cond.last_modified = "Wed, 21 Oct 2015 07:28:00 GMT";
  server.Get("a.test", "/report.html", Response::Html("report"), cond);
  FetchRequest fresh = Get(Url("a.test", "/report.html"), 1);
  FetchRequest stored = Get(Url("a.test", "/report.html"), 2);
  stored.etag = "\"v1\"";
  stored.last_modified = "Wed, 21 Oct 2015 07:28:00 GMT";
  FetchRequest changed = Get(Url("a.test", "/report.html"), 3);
  changed.etag = "\"v0\"";
  std::vector<FetchResult> rs = Run({fresh, stored, changed}, Options());
  CHECK(rs[0].ok);
  CHECK_FALSE(rs[0].not_modified);
  CHECK(rs[0].etag == "\"v1\"");
  CHECK(rs[0].last_modified == "Wed, 21 Oct 2015 07:28:00 GMT");
  CHECK(rs[1].ok);
  CHECK(rs[1].not_modified);
  CHECK(rs[1].http_status == 304);
  CHECK(rs[1].body.empty());
  CHECK(rs[2].ok);
  CHECK_FALSE(rs[2].not_modified);
  CHECK(rs[2].body == "report");
  int with_validators = 0;
  for (const Request& q : DocRequests("a.test")) {
    if (q.Header("If-None-Match") == "\"v1\"") {
      CHECK(q.Header("If-Modified-Since") == "Wed, 21 Oct 2015 07:28:00 GMT");
      ++with_validators;
    }
  }
  CHECK(with_validators == 1);
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: private addresses are refused unless pinned by resolve") {
  server.Get("*", "/x", Response::Html("x"));
  std::string literal = "http://127.0.0.1:" + std::to_string(server.port()) + "/x";
  SUBCASE("refused") {
    FetcherOptions o = Options();
    FetchResult r = RunOne(Get(literal), o);
    CHECK_FALSE(r.ok);
    CHECK(r.error_kind == FetchErrorKind::kBlocked);
    CHECK(r.error.find("127.0.0.1") != std::string::npos);
    CHECK(r.attempts == 1);
    SUBCASE("also with robots on") {
      o.respect_robots = true;
      FetchResult r2 = RunOne(Get(literal), o);
      CHECK(r2.error_kind == FetchErrorKind::kBlocked);
    }
    CHECK(server.Requests().empty());
  }
  SUBCASE("allowed with allow_private") {
    FetcherOptions o = Options();
    o.allow_private = true;
    CHECK(RunOne(Get(literal), o).ok);
  }
  SUBCASE("a host pinned to another address is refused") {
    FetcherOptions o = Options();
    o.resolve.push_back("other.test:" + std::to_string(server.port()) + ":127.0.0.2");
    o.resolve.push_back("other.test:" + std::to_string(server.port() + 1) + ":127.0.0.1");
    // Pinned to 127.0.0.1 on another port only: this host:port resolves through the system.
    FetchResult r = RunOne(Get("http://localhost:" + std::to_string(server.port()) + "/x"), o);
    CHECK(r.error_kind == FetchErrorKind::kBlocked);
  }
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: a POST form body is delivered") {
  server.Add("a.test", "POST", "/module/web/jpage/dataproxy.jsp", [](const Request& q) {
    return Response::Typed("text/xml; charset=utf-8", "<datastore>" + q.body + "</datastore>");
  });
  FetchRequest post = Get(Url("a.test", "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45"), 1);
  post.method = "POST";
  post.body = "col=1&appid=1&webid=2&columnid=126585";
  post.content_type = "application/x-www-form-urlencoded";
  post.headers = {{"X-Requested-With", "XMLHttpRequest"}};
  FetchResult r = RunOne(post, Options());
  CHECK(r.ok);
  CHECK(r.body == "<datastore>col=1&appid=1&webid=2&columnid=126585</datastore>");
  std::vector<Request> log = DocRequests("a.test");
  REQUIRE(log.size() == 1);
  CHECK(log[0].method == "POST");
  CHECK(log[0].query == "startrecord=1&endrecord=45");
  CHECK(log[0].Header("Content-Type") == "application/x-www-form-urlencoded");
  CHECK(log[0].Header("X-Requested-With") == "XMLHttpRequest");
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: bad URLs fail with scope, Shutdown cancels the rest") {
  RouteOptions slow;
  slow.delay_ms = 800;
  server.Get("a.test", "/slow", Response::Html("slow"), slow);
  server.Get("b.test", "/slow", Response::Html("slow"), slow);
  std::vector<FetchRequest> reqs = {Get("javascript:void(0)", 1), Get("ftp://a.test/x", 2),
                                    Get(Url("a.test", "/slow?1"), 3), Get(Url("a.test", "/slow?2"), 4),
                                    Get(Url("b.test", "/slow"), 5)};
  FetcherOptions o = Options();
  o.per_host_connections = 1;
  std::vector<FetchResult> rs = Run(reqs, o, [](Fetcher& f, asio::io_context& io) {
    // The handler owns the timer; it fires long before the loop ends.
    auto timer = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(150));
    timer->async_wait([timer, &f](const boost::system::error_code&) {
      CHECK(f.in_flight() == 2);  // a.test (one connection) and b.test
      f.Shutdown();
    });
  });
  CHECK(rs[0].error_kind == FetchErrorKind::kScope);
  CHECK(rs[1].error_kind == FetchErrorKind::kScope);
  for (size_t i = 2; i < rs.size(); ++i) {
    CHECK(rs[i].error_kind == FetchErrorKind::kCancelled);
    CHECK(rs[i].transient);
  }
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: a transfer that cannot be built fails with its cause") {
  server.Get("a.test", "/put", Response::Html("never"));
  FetchRequest put = Get(Url("a.test", "/put"), 1);
  put.method = "PUT";
  FetchResult r = RunOne(put, Options());
  CHECK_FALSE(r.ok);
  CHECK(r.error_kind == kErrOther);
  CHECK(r.error == "cannot start transfer for " + Url("a.test", "/put") + ": unsupported method 'PUT'");
  CHECK_FALSE(r.transient);
  CHECK(r.attempts == 1);
  CHECK(DocRequests("a.test").empty());  // nothing was sent
}

TEST_CASE_FIXTURE(FetchFixture, "fetch: Shutdown from inside a done callback, then destruction") {
  RouteOptions slow;
  slow.delay_ms = 400;
  server.Get("a.test", "/slow", Response::Html("slow"), slow);
  server.Get("b.test", "/fast", Response::Html("fast"));
  asio::io_context io;
  auto fetcher = std::make_unique<Fetcher>(io, Options(), SystemClock::Instance());
  std::vector<FetchResult> results;
  auto done = [&](FetchResult r) {
    results.push_back(std::move(r));
    if (results.size() == 1) fetcher->Shutdown();  // re-entrant: cancels the rest now
    if (results.size() == 4) fetcher.reset();      // and the Fetcher may go away in a callback
  };
  fetcher->Fetch(Get(Url("b.test", "/fast"), 1), done);
  for (uint64_t tag = 2; tag <= 4; ++tag) fetcher->Fetch(Get(Url("a.test", "/slow?") + std::to_string(tag), tag), done);
  io.run_for(std::chrono::seconds(5));
  REQUIRE(results.size() == 4);
  CHECK(results[0].tag == 1);
  CHECK(results[0].ok);
  for (size_t i = 1; i < 4; ++i) CHECK(results[i].error_kind == FetchErrorKind::kCancelled);
  CHECK(fetcher == nullptr);
  server.WaitForIdle();
}

}  // namespace
}  // namespace nianbao::net
