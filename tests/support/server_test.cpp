// Tests for HttpTestServer: clients are libcurl easy handles and a tiny
// blocking Asio socket on the test thread, both talking to 127.0.0.1.
#include <utility>  // before asio (Boost 1.74 needs std::exchange declared)

#include <curl/curl.h>
#include <doctest/doctest.h>
#include <zlib.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/fixture_site.h"
#include "tests/support/http_test_server.h"

#ifndef NIANBAO_FIXTURE_SERVER
#define NIANBAO_FIXTURE_SERVER NIANBAO_BINARY_DIR "/tests/support/nianbao_fixture_server"
#endif

extern "C" char** environ;

namespace nianbao::testing {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

struct Fetched {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string headers;
  std::string body;
};

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlPtr = std::unique_ptr<CURL, CurlDeleter>;

size_t Append(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

struct FetchOptions {
  std::vector<std::string> headers{};
  std::string post{};  // non-empty: POST this body
  bool follow = false;
  bool decode_gzip = false;
  bool head = false;
};

// One request with `curl` (reused across calls for keep-alive), sent to
// 127.0.0.1 with Host: host.
Fetched Fetch(CURL* curl, const HttpTestServer& server, const std::string& host,
              const std::string& target, const FetchOptions& opt = {}) {
  curl_easy_reset(curl);
  Fetched f;
  std::string url = server.Url(host, target);
  std::string resolve_entry = host + ":" + std::to_string(server.port()) + ":127.0.0.1";
  std::unique_ptr<curl_slist, SlistDeleter> resolve(curl_slist_append(nullptr, resolve_entry.c_str()));
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  for (const auto& h : opt.headers) headers.reset(curl_slist_append(headers.release(), h.c_str()));
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_RESOLVE, resolve.get());
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &f.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &Append);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &f.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "nianbao-test/1");
  if (!opt.post.empty()) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, opt.post.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(opt.post.size()));
  }
  if (opt.follow) {
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
  }
  if (opt.decode_gzip) curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  if (opt.head) curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  f.code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &f.status);
  return f;
}

Fetched Fetch(const HttpTestServer& server, const std::string& host, const std::string& target,
              const FetchOptions& opt = {}) {
  CurlPtr curl(curl_easy_init());
  return Fetch(curl.get(), server, host, target, opt);
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Blocking raw client: sends a GET and reads what it is told to.
class RawClient {
 public:
  RawClient(int port, const std::string& host, const std::string& target) : socket_(io_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address_v4("127.0.0.1"), static_cast<unsigned short>(port)));
    std::string req = "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
    asio::write(socket_, asio::buffer(req));
  }
  // Reads until n bytes arrived or the connection ends; returns the bytes read.
  std::size_t ReadAtLeast(std::size_t n, boost::system::error_code& ec) {
    std::size_t total = 0;
    char buf[16384];
    while (total < n) {
      std::size_t got = socket_.read_some(asio::buffer(buf), ec);
      if (ec) break;
      data_.append(buf, std::min<std::size_t>(got, 4096 - std::min<std::size_t>(data_.size(), 4096)));
      total += got;
    }
    return total;
  }
  const std::string& start() const { return data_; }  // first 4 KB received
  void Close() {
    boost::system::error_code ec;
    socket_.close(ec);
  }

 private:
  asio::io_context io_;
  tcp::socket socket_;
  std::string data_;
};

TEST_CASE("virtual hosts, match kinds and 404 fallbacks") {
  HttpTestServer server;
  REQUIRE(server.status().ok());
  REQUIRE(server.port() > 0);
  server.Get("a.gov.cn", "/", Response::Html("site a"));
  server.Get("b.gov.cn", "/", Response::Html("site b"));
  server.Get("*", "/robots.txt", Response::Text("User-agent: *\nDisallow: /private/\n"));
  server.Add("a.gov.cn", "GET", "/list?page=2", Response::Html("page two"), {}, Match::kExact);
  server.Get("a.gov.cn", "/list", Response::Html("any page"));
  server.Add("a.gov.cn", "*", "/art/", Response::Html("article"), {}, Match::kPrefix);
  server.Add("a.gov.cn", "POST", "/form", Response::Html("posted"));
  server.SetNotFound("b.gov.cn", Response::Html("b has no such page", 404));
  server.SetNotFound("*", Response::Html("nobody has it", 404));

  CHECK(Fetch(server, "a.gov.cn", "/").body == "site a");
  CHECK(Fetch(server, "B.GOV.CN", "/").body == "site b");
  CHECK(Contains(Fetch(server, "b.gov.cn", "/robots.txt").body, "Disallow"));
  CHECK(Fetch(server, "a.gov.cn", "/list?page=2").body == "page two");
  CHECK(Fetch(server, "a.gov.cn", "/list?page=3").body == "any page");
  CHECK(Fetch(server, "a.gov.cn", "/art/2022/1/20/art_1_5.html").body == "article");
  CHECK(Fetch(server, "a.gov.cn", "/form", {.post = "x=1"}).body == "posted");

  Fetched get_form = Fetch(server, "a.gov.cn", "/form");
  CHECK(get_form.status == 404);
  CHECK(get_form.body == "nobody has it");
  Fetched b404 = Fetch(server, "b.gov.cn", "/nope");
  CHECK(b404.status == 404);
  CHECK(b404.body == "b has no such page");

  Fetched head = Fetch(server, "a.gov.cn", "/", {.head = true});
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(Contains(head.headers, "Content-Length: 6"));
}

TEST_CASE("request log records hosts, bodies, connections and times") {
  HttpTestServer server;
  server.Get("a.gov.cn", "/slow", Response::Html("late"), {.delay_ms = 60});
  server.Any("a.gov.cn", "/echo", [](const Request& r) {
    CHECK(r.end_ms == -1);  // handlers see the request in flight
    return Response::Text(r.method + " " + r.query + " " + r.body + " " + r.Header("x-test"));
  });
  server.Get("a.gov.cn", "/throws", [](const Request&) -> Response { throw std::runtime_error("boom"); });
  CurlPtr curl(curl_easy_init());
  CHECK(Fetch(curl.get(), server, "a.gov.cn", "/slow").body == "late");
  Fetched echo = Fetch(curl.get(), server, "a.gov.cn", "/echo?q=1",
                       {.headers = {"X-Test: yes"}, .post = "k=v"});
  CHECK(echo.body == "POST q=1 k=v yes");
  Fetch(server, "other.gov.cn", "/missing");
  REQUIRE(server.WaitForRequests(3));
  CHECK(server.Requests()[1].start_ms >= server.Requests()[0].end_ms);

  std::vector<Request> all = server.Requests();
  REQUIRE(all.size() == 3);
  CHECK(all[0].host == "a.gov.cn");
  CHECK(all[0].method == "GET");
  CHECK(all[0].target == "/slow");
  CHECK(all[0].status == 200);
  CHECK(all[0].Header("User-Agent") == "nianbao-test/1");
  CHECK(all[0].end_ms - all[0].start_ms >= 60);
  CHECK(all[1].method == "POST");
  CHECK(all[1].path == "/echo");
  CHECK(all[1].query == "q=1");
  CHECK(all[1].body == "k=v");
  CHECK(all[1].Header("X-TEST") == "yes");
  CHECK(all[1].start_ms >= all[0].end_ms);
  // Keep-alive: the reused curl handle reused its connection.
  CHECK(all[1].connection_id == all[0].connection_id);
  CHECK(all[2].connection_id != all[0].connection_id);
  CHECK(all[2].status == 404);

  CHECK(server.RequestsTo("a.gov.cn").size() == 2);
  CHECK(server.RequestsTo("other.gov.cn").size() == 1);
  CHECK(server.MaxConcurrent("a.gov.cn") == 1);
  CHECK(server.MaxConcurrent("never.gov.cn") == 0);
  server.Clear();
  CHECK(server.Requests().empty());
  CHECK(server.MaxConcurrent("a.gov.cn") == 0);

  Fetched thrown = Fetch(server, "a.gov.cn", "/throws");
  CHECK(thrown.status == 500);
  CHECK(Contains(thrown.body, "boom"));
}

TEST_CASE("MaxConcurrent counts overlapping requests per host") {
  HttpTestServer server;
  // An endless response keeps its request in flight until the client leaves,
  // so the overlap does not depend on timing.
  server.Get("a.gov.cn", "/stream", Response::Html(""),
             {.fault = FaultMode::kEndlessBody, .endless_interval_ms = 20});
  server.Get("b.gov.cn", "/stream", Response::Html(""),
             {.fault = FaultMode::kEndlessBody, .endless_interval_ms = 20});
  {
    RawClient c1(server.port(), "a.gov.cn", "/stream");
    RawClient c2(server.port(), "a.gov.cn", "/stream");
    RawClient c3(server.port(), "a.gov.cn", "/stream");
    RawClient c4(server.port(), "b.gov.cn", "/stream");
    boost::system::error_code ec;
    for (RawClient* c : {&c1, &c2, &c3, &c4}) {
      c->ReadAtLeast(1, ec);
      CHECK(Contains(c->start(), "HTTP/1.1 200"));
    }
    CHECK(server.MaxConcurrent("a.gov.cn") == 3);
    CHECK(server.MaxConcurrent("b.gov.cn") == 1);
  }
  REQUIRE(server.WaitForRequests(4, std::chrono::seconds(10)));
  server.Clear();
  CHECK(server.MaxConcurrent("a.gov.cn") == 0);
  server.Get("a.gov.cn", "/one", Response::Html("1"));
  CHECK(Fetch(server, "a.gov.cn", "/one").status == 200);
  CHECK(Fetch(server, "a.gov.cn", "/one").status == 200);
  REQUIRE(server.WaitForIdle());
  CHECK(server.MaxConcurrent("a.gov.cn") == 1);
}

TEST_CASE("conditional GET answers 304") {
  HttpTestServer server;
  const std::string lm = "Wed, 21 Oct 2015 07:28:00 GMT";
  server.Get("a.gov.cn", "/r.html", Response::Html("report"), {.etag = "\"v1\"", .last_modified = lm});

  Fetched first = Fetch(server, "a.gov.cn", "/r.html");
  CHECK(first.status == 200);
  CHECK(Contains(first.headers, "ETag: \"v1\""));
  CHECK(Contains(first.headers, "Last-Modified: " + lm));

  Fetched by_etag = Fetch(server, "a.gov.cn", "/r.html", {.headers = {"If-None-Match: \"v1\""}});
  CHECK(by_etag.status == 304);
  CHECK(by_etag.body.empty());
  CHECK(Fetch(server, "a.gov.cn", "/r.html", {.headers = {"If-None-Match: \"v0\""}}).status == 200);
  CHECK(Fetch(server, "a.gov.cn", "/r.html", {.headers = {"If-Modified-Since: " + lm}}).status == 304);
  CHECK(Fetch(server, "a.gov.cn", "/r.html",
              {.headers = {"If-Modified-Since: Tue, 20 Oct 2015 07:28:00 GMT"}}).status == 200);
}

TEST_CASE("redirects, redirect loops, 503/429 and wrong content types") {
  HttpTestServer server;
  server.Get("a.gov.cn", "/old", Response::Redirect("/new", 301));
  server.Get("a.gov.cn", "/new", Response::Html("new place"));
  server.Get("a.gov.cn", "/loop1", Response::Redirect("/loop2"));
  server.Get("a.gov.cn", "/loop2", Response::Redirect("/loop1"));
  server.Get("a.gov.cn", "/busy", Response::ServiceUnavailable(120));
  server.Get("a.gov.cn", "/limited", Response::TooManyRequests(30));
  server.Get("a.gov.cn", "/fake.pdf", Response::Typed("text/html; charset=utf-8", "<html>login</html>"));

  Fetched moved = Fetch(server, "a.gov.cn", "/old");
  CHECK(moved.status == 301);
  CHECK(Contains(moved.headers, "Location: /new"));
  CHECK(Fetch(server, "a.gov.cn", "/old", {.follow = true}).body == "new place");
  CHECK(Fetch(server, "a.gov.cn", "/loop1", {.follow = true}).code == CURLE_TOO_MANY_REDIRECTS);

  Fetched busy = Fetch(server, "a.gov.cn", "/busy");
  CHECK(busy.status == 503);
  CHECK(Contains(busy.headers, "Retry-After: 120"));
  Fetched limited = Fetch(server, "a.gov.cn", "/limited");
  CHECK(limited.status == 429);
  CHECK(Contains(limited.headers, "Retry-After: 30"));
  CHECK(Contains(Fetch(server, "a.gov.cn", "/fake.pdf").headers, "Content-Type: text/html"));
}

TEST_CASE("a route fails the first N times then succeeds") {
  HttpTestServer server;
  server.Get("a.gov.cn", "/flaky", Response::Html("finally"), {.fail_first = 2});
  server.Get("a.gov.cn", "/flaky-reset", Response::Html("finally"), {.fail_first = 1, .fail_by_reset = true});
  CHECK(Fetch(server, "a.gov.cn", "/flaky").status == 503);
  CHECK(Fetch(server, "a.gov.cn", "/flaky").status == 503);
  Fetched ok = Fetch(server, "a.gov.cn", "/flaky");
  CHECK(ok.status == 200);
  CHECK(ok.body == "finally");
  CHECK(Fetch(server, "a.gov.cn", "/flaky-reset").code != CURLE_OK);
  CHECK(Fetch(server, "a.gov.cn", "/flaky-reset").body == "finally");
}

TEST_CASE("connection reset, close after headers and slow bodies") {
  HttpTestServer server;
  server.Get("a.gov.cn", "/reset", Response::Html("never"), {.fault = FaultMode::kReset});
  server.Get("a.gov.cn", "/cut", Response::Html(std::string(1000, 'x')),
             {.fault = FaultMode::kCloseAfterHeaders});
  server.Get("a.gov.cn", "/slow", Response::Html(std::string(500, 'y')),
             {.slow_chunk_bytes = 100, .slow_interval_ms = 20});

  Fetched reset = Fetch(server, "a.gov.cn", "/reset");
  CHECK(reset.code != CURLE_OK);
  CHECK(reset.body.empty());
  Fetched cut = Fetch(server, "a.gov.cn", "/cut");
  CHECK(cut.code == CURLE_PARTIAL_FILE);
  CHECK(cut.status == 200);
  Fetched slow = Fetch(server, "a.gov.cn", "/slow");
  CHECK(slow.code == CURLE_OK);
  CHECK(slow.body == std::string(500, 'y'));

  REQUIRE(server.WaitForRequests(3));
  std::vector<Request> log = server.Requests();
  CHECK(log[0].status == 0);  // no status line was ever sent
  CHECK(log[0].end_ms >= log[0].start_ms);
  CHECK(log[2].end_ms - log[2].start_ms >= 80);  // four 20 ms pauses
}

TEST_CASE("gzip bomb is one valid gzip member of the announced size") {
  HttpTestServer server;
  const std::uint64_t kBytes = 8 << 20;
  server.Get("a.gov.cn", "/bomb", Response::Html("ignored"),
             {.fault = FaultMode::kGzipBomb, .gzip_bomb_bytes = kBytes});
  Fetched raw = Fetch(server, "a.gov.cn", "/bomb");
  REQUIRE(raw.code == CURLE_OK);
  CHECK(Contains(raw.headers, "Content-Encoding: gzip"));
  CHECK(raw.body.size() < kBytes / 100);

  z_stream zs{};
  REQUIRE(inflateInit2(&zs, 15 + 16) == Z_OK);
  std::vector<unsigned char> out(1 << 16);
  zs.next_in = reinterpret_cast<unsigned char*>(raw.body.data());
  zs.avail_in = static_cast<uInt>(raw.body.size());
  int rc = Z_OK;
  std::uint64_t total = 0;
  bool all_zero = true;
  while (rc == Z_OK) {
    zs.next_out = out.data();
    zs.avail_out = static_cast<uInt>(out.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    std::size_t got = out.size() - zs.avail_out;
    for (std::size_t i = 0; i < got; ++i) all_zero = all_zero && out[i] == 0;
    total += got;
  }
  inflateEnd(&zs);
  CHECK(rc == Z_STREAM_END);  // also verifies CRC-32 and ISIZE
  CHECK(total == kBytes);
  CHECK(all_zero);
  CHECK(zs.avail_in == 0);

  Fetched decoded = Fetch(server, "a.gov.cn", "/bomb", {.decode_gzip = true});
  CHECK(decoded.code == CURLE_OK);
  CHECK(decoded.body.size() == kBytes);
}

TEST_CASE("endless body stops when the client disconnects") {
  HttpTestServer server;
  server.Get("a.gov.cn", "/endless", Response::Html(""), {.fault = FaultMode::kEndlessBody});
  {
    RawClient client(server.port(), "a.gov.cn", "/endless");
    boost::system::error_code ec;
    CHECK(client.ReadAtLeast(1 << 20, ec) >= (1u << 20));
    CHECK(!ec);
    CHECK(Contains(client.start(), "Transfer-Encoding: chunked"));
    client.Close();
  }
  CHECK(server.WaitForIdle(std::chrono::seconds(10)));
  std::vector<Request> log = server.Requests();
  REQUIRE(log.size() == 1);
  CHECK(log[0].end_ms >= 0);
}

TEST_CASE("Stop returns while an endless body is streaming") {
  auto server = std::make_unique<HttpTestServer>();
  server->Get("a.gov.cn", "/endless", Response::Html(""), {.fault = FaultMode::kEndlessBody});
  server->Get("a.gov.cn", "/idle", Response::Html("x"));
  RawClient idle(server->port(), "a.gov.cn", "/idle");  // keep-alive connection left open
  RawClient client(server->port(), "a.gov.cn", "/endless");
  boost::system::error_code ec;
  CHECK(client.ReadAtLeast(64 << 10, ec) >= (64u << 10));
  server->Stop();
  // The connection is gone: reading drains what was buffered, then fails.
  client.ReadAtLeast(std::size_t{1} << 40, ec);
  CHECK(ec);
  std::vector<Request> log = server->Requests();
  REQUIRE(log.size() == 2);
  for (const Request& r : log) CHECK(r.end_ms >= 0);
  server.reset();  // destructor after Stop() is fine
}

TEST_CASE("directory sites map files, index.html, charsets and @query names") {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / ("nianbao_site_" + std::to_string(::getpid()));
  fs::create_directories(root / "col/col98");
  fs::create_directories(root / "module/web/jpage");
  auto write = [&](const fs::path& rel, const std::string& text) {
    std::ofstream(root / rel, std::ios::binary) << text;
  };
  write("index.html", "home");
  write("col/col98/index.html", "column 98");
  write("old.gbk.html", "\xc4\xea\xb1\xa8");
  write("module/web/jpage/dataproxy.jsp@startrecord=1&endrecord=45&path=%2F.xml", "<datastore/>");
  write("report.pdf", "%PDF-1.4");

  HttpTestServer server;
  REQUIRE(server.AddSiteFromDirectory("www.harbin.gov.cn", root.string()).ok());
  CHECK(!server.AddSiteFromDirectory("x", (root / "absent").string()).ok());
  server.Get("www.harbin.gov.cn", "/override.html", Response::Html("route wins"));

  Fetched home = Fetch(server, "www.harbin.gov.cn", "/");
  CHECK(home.body == "home");
  CHECK(Contains(home.headers, "Content-Type: text/html; charset=utf-8"));
  CHECK(Fetch(server, "www.harbin.gov.cn", "/col/col98/").body == "column 98");
  CHECK(Fetch(server, "www.harbin.gov.cn", "/col/col98/index.html?uid=517&pageNum=3").body == "column 98");
  CHECK(Contains(Fetch(server, "www.harbin.gov.cn", "/old.gbk.html").headers, "charset=gbk"));
  CHECK(Contains(Fetch(server, "www.harbin.gov.cn", "/report.pdf").headers, "application/pdf"));
  Fetched proxy = Fetch(server, "www.harbin.gov.cn",
                        "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&path=/");
  CHECK(proxy.body == "<datastore/>");
  CHECK(Contains(proxy.headers, "text/xml"));
  CHECK(Fetch(server, "www.harbin.gov.cn", "/module/web/jpage/dataproxy.jsp?startrecord=46").status == 404);
  CHECK(Fetch(server, "www.harbin.gov.cn", "/override.html").body == "route wins");
  CHECK(Fetch(server, "www.harbin.gov.cn", "/absent.html").status == 404);
  CHECK(Fetch(server, "other.gov.cn", "/").status == 404);
  fs::remove_all(root);
}

std::size_t Count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

TEST_CASE("synthetic Hanweb site generates columns, dataproxy windows and articles") {
  HttpTestServer server;
  AddSyntheticSite(server, "s.gov.cn", {.articles = 120, .per_column = 50, .report_every = 10, .seed = 7});
  Fetched home = Fetch(server, "s.gov.cn", "/");
  CHECK(Count(home.body, "/col/col") == 3);
  Fetched col = Fetch(server, "s.gov.cn", "/col/col1000/index.html");
  REQUIRE(col.status == 200);
  CHECK(Contains(col.body, "<datastore>"));
  CHECK(Contains(col.body, "totalRecord:50"));
  CHECK(Count(col.body, "<record>") == 45);
  Fetched window = Fetch(server, "s.gov.cn",
                         "/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15",
                         {.post = "col=1&webid=1&columnid=1000&unitid=500"});
  CHECK(Contains(window.body, "<totalrecord>50</totalrecord>"));
  CHECK(Count(window.body, "<record>") == 5);
  std::string all_records = col.body + window.body;
  CHECK(Count(all_records, "年政府信息公开工作年度报告\" target") == 5);

  auto href = col.body.find("href=\"/art/");
  REQUIRE(href != std::string::npos);
  std::string url = col.body.substr(href + 6, col.body.find('"', href + 6) - href - 6);
  Fetched article = Fetch(server, "s.gov.cn", url);
  CHECK(article.status == 200);
  CHECK(Contains(article.body, "id=\"zoom\""));
  CHECK(Fetch(server, "s.gov.cn", url).body == article.body);  // deterministic
  CHECK(Fetch(server, "s.gov.cn", "/art/2020/1/1/art_1000_999999.html").status == 404);
  CHECK(Fetch(server, "s.gov.cn", "/col/col1003/index.html").status == 404);
}

TEST_CASE("nianbao_fixture_server serves a root and synthetic hosts until SIGTERM") {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / ("nianbao_root_" + std::to_string(::getpid()));
  fs::create_directories(root / "www.example.gov.cn");
  std::ofstream(root / "www.example.gov.cn" / "index.html") << "fixture home";

  int out[2];
  REQUIRE(pipe(out) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  std::string exe = NIANBAO_FIXTURE_SERVER, root_arg = root.string();
  std::vector<char*> argv = {exe.data(), const_cast<char*>("--root"), root_arg.data(),
                             const_cast<char*>("--synthetic-hosts"), const_cast<char*>("2"),
                             const_cast<char*>("--synthetic-articles"), const_cast<char*>("30"), nullptr};
  pid_t pid = 0;
  int spawn_rc = posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  REQUIRE(spawn_rc == 0);

  std::FILE* child_out = fdopen(out[0], "r");
  char line[128] = {};
  REQUIRE(std::fgets(line, sizeof line, child_out) != nullptr);
  int port = 0;
  CHECK(std::sscanf(line, "listening 127.0.0.1:%d", &port) == 1);
  CHECK(port > 0);

  CURL* curl = curl_easy_init();
  std::string body;
  auto get = [&](const std::string& host, const std::string& target) {
    body.clear();
    std::string url = "http://127.0.0.1:" + std::to_string(port) + target;
    std::string host_header = "Host: " + host;
    std::unique_ptr<curl_slist, SlistDeleter> headers(curl_slist_append(nullptr, host_header.c_str()));
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Append);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
    long status = 0;
    if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    return status;
  };
  CHECK(get("www.example.gov.cn", "/") == 200);
  CHECK(body == "fixture home");
  CHECK(get("site2.synthetic.gov.cn", "/col/col1000/index.html") == 200);
  CHECK(Count(body, "<record>") == 15);
  CHECK(get("site3.synthetic.gov.cn", "/") == 404);
  curl_easy_cleanup(curl);

  kill(pid, SIGTERM);
  int wstatus = 0;
  REQUIRE(waitpid(pid, &wstatus, 0) == pid);
  CHECK(WIFEXITED(wstatus));
  CHECK(WEXITSTATUS(wstatus) == 0);
  std::fclose(child_out);
  fs::remove_all(root);
}

}  // namespace
}  // namespace nianbao::testing
