// Whole crawl cycles against fixture sites on a loopback HTTP server: real
// libcurl, a real SQLite file, the real walkers and parser.
#include "crawler/crawl_cycle.h"

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "crawler/document_meta.h"
#include "net/url.h"
#include "tests/support/http_test_server.h"

namespace fs = std::filesystem;
using namespace nianbao;
using nianbao::testing::HttpTestServer;
using nianbao::testing::Response;
using nianbao::testing::RouteOptions;

namespace {

const std::string kNg = "ngqxxgk.harbin.gov.cn";
const std::string kTrs = "www.trs-fixture.gov.cn";
const std::string kFixtures = NIANBAO_SOURCE_DIR "/tests/fixtures";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Two sources: the 南岗区 Hanweb column of tests/fixtures/sites (its records link
// the 2021 report of 王岗镇, the 2020 report of 文化街道 and, by an absolute URL
// on port 80 where nothing listens, the 2020 report of 王岗镇), and a TRS
// column of two pages built here (木兰县柳河镇 2022, 四方台区 2021 in GBK, an
// attachment-only 柳河镇 2021, a noise article, a robots-disallowed report and
// a link to a host outside the sources).
class CrawlFixture {
 public:
  CrawlFixture() : dir_(fs::temp_directory_path() / ("nianbao_crawl_" + std::to_string(::getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    RouteOptions versioned;
    versioned.etag = "\"v1\"";
    REQUIRE(server_.AddSiteFromDirectory(kNg, kFixtures + "/sites/" + kNg, versioned).ok());
    server_.Get(kNg, "/robots.txt", Response::Text("User-agent: *\nDisallow: /private/\n"));
    server_.Get(kNg, "/art/2022/1/20/art_126585_1001.html",
                Response::Html(ReadFile(kFixtures + "/reports/000/hanweb.html")), versioned);
    server_.Get(kNg, "/art/2021/1/28/art_126585_1002.html",
                Response::Typed("text/html; charset=gbk", ReadFile(kFixtures + "/reports/004/word_gbk.html")),
                versioned);

    server_.Get(kTrs, "/robots.txt", Response::Text("User-agent: *\nDisallow: /xxgk/draft/\n"));
    server_.Get(kTrs, "/xxgk/nb/index.html",
                Response::Html("<html><body><ul>"
                               "<li><a href=\"./202301/t1.html\" title=\"木兰县柳河镇 2022 年 政府信息公开工作年度报告\">"
                               "木兰县柳河镇 2022 年 政府信息公开工作年度报告</a><span>2023-01-18</span></li>"
                               "<li><a href=\"./202201/t9.html\" title=\"2022年政务公开工作要点\">2022年政务公开工作要点"
                               "</a><span>2022-03-01</span></li>"
                               "<li><a href=\"/xxgk/draft/t8.html\" title=\"四方台区2019年政府信息公开工作年度报告\">"
                               "四方台区2019年政府信息公开工作年度报告</a><span>2020-01-10</span></li>"
                               "<li><a href=\"http://elsewhere.example.gov.cn/a.html\" title=\"外站2021年政府信息公开工作年度报告\">"
                               "外站2021年政府信息公开工作年度报告</a><span>2022-01-10</span></li>"
                               "</ul><script>createPageHTML(2, 0, \"index\", \"html\");</script></body></html>"),
                versioned);
    server_.Get(kTrs, "/xxgk/nb/index_1.html",
                Response::Html("<html><body><ul><li><a href=\"./202201/t2.html\" "
                               "title=\"四方台区人民政府办公室2021年政府信息公开工作年度报告\">四方台区人民政府办公室2021年政府"
                               "信息公开工作年度报告</a><span>2022-01-25</span></li>"
                               "<li><a href=\"./202201/t3.html\" title=\"木兰县柳河镇2021年政府信息公开工作年度报告\">"
                               "木兰县柳河镇2021年政府信息公开工作年度报告</a><span>2022-01-26</span></li></ul>"
                               "<script>createPageHTML(2, 1, \"index\", \"html\");</script></body></html>"),
                versioned);
    server_.Get(kTrs, "/xxgk/nb/202201/t3.html",
                Response::Html(ReadFile(kFixtures + "/reports/cases/attachment_only.html")), versioned);
    server_.Get(kTrs, "/xxgk/nb/202301/t1.html", Response::Html(ReadFile(kFixtures + "/reports/002/trs.html")),
                versioned);
    server_.Get(kTrs, "/xxgk/nb/202201/t2.html",
                Response::Typed("text/html; charset=gbk", ReadFile(kFixtures + "/reports/001/word_gbk.html")),
                versioned);
  }
  ~CrawlFixture() { if (!getenv("KEEP")) fs::remove_all(dir_); }

  std::unique_ptr<storage::Store> OpenStore() {
    auto s = storage::Store::Open((dir_ / "n.db").string(), storage::OpenMode::kWriter, clock_);
    REQUIRE_MESSAGE(s.ok(), s.status().message());
    return std::move(*s);
  }

  std::vector<crawler::SourceSpec> Sources(storage::Store& store) {
    std::vector<crawler::SourceSpec> specs = {
        {0, "南岗区政府信息公开年报", server_.Url(kNg, "/col/col126585/index.html"),
         {"南岗区王岗镇", "南岗区文化街道办事处"}, 2020},
        {0, "TRS 年报", server_.Url(kTrs, "/xxgk/nb/index.html"), {"木兰县柳河镇", "四方台区人民政府办公室"}, 2021},
    };
    for (crawler::SourceSpec& s : specs) {
      auto id = store.UpsertSource({0, s.name, s.url, s.first_year});
      REQUIRE(id.ok());
      s.source_id = *id;
      REQUIRE(store.SetRoster(*id, s.roster, s.first_year).ok());
    }
    return specs;
  }

  net::FetcherOptions FetchOptions() const {
    net::FetcherOptions o;
    o.user_agent = "nianbao-test";
    o.per_host_delay_ms = 20;
    o.per_host_connections = 2;
    o.retries = 1;
    o.retry_base_ms = 20;
    o.timeout_ms = 5000;
    for (const std::string& h : {kNg, kTrs})
      o.resolve.push_back(h + ":" + std::to_string(server_.port()) + ":127.0.0.1");
    return o;
  }

  // Runs one cycle to its end; `stop_after` > 0 stops it after that many documents.
  crawler::CycleSummary RunCycle(storage::Store& store, int stop_after = 0) {
    boost::asio::io_context io;
    auto sources = Sources(store);
    net::FetcherOptions fo = FetchOptions();
    fo.allowed_hosts = crawler::ScopeHosts(sources);
    net::Fetcher fetcher(io, fo, clock_);
    crawler::CrawlCycle cycle(io, store, fetcher, sources, {}, clock_);
    std::optional<Result<crawler::CycleSummary>> out;
    int done_docs = 0;
    cycle.Start([&](Result<crawler::CycleSummary> r) { out = std::move(r); },
                [&](const crawler::CycleSummary&, std::size_t) {
                  if (stop_after > 0 && ++done_docs == stop_after) cycle.Stop();
                });
    io.run_for(std::chrono::seconds(60));
    REQUIRE(out.has_value());
    REQUIRE_MESSAGE(out->ok(), out->status().message());
    return out->value();
  }

  HttpTestServer server_;
  SystemClock clock_;
  fs::path dir_;
};

std::optional<double> Metric(const storage::StoredReport& r, const char* table, const char* row, const char* col) {
  for (const storage::MetricValue& m : r.metrics)
    if (m.table == table && m.row == row && m.column == col) return m.value;
  return std::nullopt;
}

}  // namespace

TEST_CASE_FIXTURE(CrawlFixture, "a cycle finds, parses and stores every report of both columns") {
  auto store = OpenStore();
  crawler::CycleSummary s = RunCycle(*store);
  CHECK_FALSE(s.resumed);
  CHECK(s.reports_saved == 5);

  auto wg = store->GetReport("南岗区王岗镇", 2021);
  REQUIRE(wg.ok());
  REQUIRE(wg->has_value());
  CHECK((*wg)->status == storage::ReportStatus::kParsed);
  CHECK((*wg)->format == "2021");
  CHECK((*wg)->published == std::optional<std::string>("2022-01-20"));
  CHECK(Metric(**wg, "requests", "new", "natural_person") == 4.0);
  CHECK(Metric(**wg, "active_disclosure", "coercion", "decisions") == 300.0);
  CHECK((*wg)->checks_failed == 0);

  auto wh = store->GetReport("南岗区文化街道办事处", 2020);  // GBK page, title without the district
  REQUIRE(wh.ok());
  REQUIRE(wh->has_value());
  CHECK((*wh)->format == "2019");

  auto att = store->GetReport("木兰县柳河镇", 2021);
  REQUIRE(att.ok());
  REQUIRE(att->has_value());
    CHECK((*att)->status == storage::ReportStatus::kAttachment);
  // Its attachment links are stored as the crawler resolved them: each is the
  // very URL queued for reading, not a second spelling of it.
  const auto att_json = nlohmann::json::parse((*att)->canonical_json);
  REQUIRE(att_json["attachments"].size() == 2);
  for (const auto& a : att_json["attachments"]) {
    const std::string url = a["url"];
    CHECK_MESSAGE(url.rfind("http://" + kTrs, 0) == 0, url);
    auto queued = store->FindDocument(url);
    REQUIRE(queued.ok());
    CHECK_MESSAGE(queued->has_value(), url);
  }

  // Unreachable, not lost: nothing answers on port 80, so the
  // article waits for a later cycle with the cause recorded.
  auto unreachable = store->FindDocument("http://ngqxxgk.harbin.gov.cn/art/2021/1/25/art_126585_1005.html");
  REQUIRE(unreachable.ok());
  REQUIRE(unreachable->has_value());
  CHECK((*unreachable)->state == storage::DocState::kPending);
  // No resolver offline gives a DNS error; a resolver gives a refused connection.
  CHECK(((*unreachable)->error_kind == storage::ErrorKind::kDns ||
         (*unreachable)->error_kind == storage::ErrorKind::kConnect));

  auto lh = store->GetReport("木兰县柳河镇", 2022);  // TRS page 0, full-width digits
  REQUIRE(lh.ok());
  REQUIRE(lh->has_value());
  CHECK((*lh)->status == storage::ReportStatus::kParsed);
  auto sft = store->GetReport("四方台区人民政府办公室", 2021);  // TRS page 1, GBK
  REQUIRE(sft.ok());
  REQUIRE(sft->has_value());
  CHECK(Metric(**sft, "active_disclosure", "normative_documents", "issued") == 4.0);

  REQUIRE(server_.WaitForIdle());
  for (const auto& r : server_.Requests()) {
    CHECK_MESSAGE((r.host == kNg || r.host == kTrs), r.host);          // nothing outside the sources
    CHECK_MESSAGE(r.path.rfind("/xxgk/draft/", 0) != 0, r.target);     // robots obeyed
    CHECK_MESSAGE(r.path != "/xxgk/nb/202201/t9.html", r.target);      // not a report: not fetched
  }
  CHECK(server_.MaxConcurrent(kNg) <= 2);
  auto counts = store->CountDocumentsByState();
  REQUIRE(counts.ok());
  CHECK(counts->fetching == 0);
  CHECK(counts->pending == 1);  // the port-80 article above
  // The attachment files of the attachment-only report are queued for later reading.
  auto docs = store->ListDocuments(storage::DocState::kFailed, 100);
  REQUIRE(docs.ok());
  for (const auto& d : *docs) CHECK_MESSAGE(d.error_kind.has_value(), d.url);
}

TEST_CASE_FIXTURE(CrawlFixture, "a second cycle of an unchanged site is conditional and adds no revision") {
  auto store = OpenStore();
  crawler::CycleSummary first = RunCycle(*store);
  REQUIRE(first.reports_saved == 5);
  REQUIRE(server_.WaitForIdle());
  server_.Clear();
  crawler::CycleSummary second = RunCycle(*store);
  CHECK(second.new_revisions == 0);
  CHECK(second.reports_saved == 0);
  CHECK(second.fetched > 0);
  CHECK(second.not_modified == second.fetched);
  REQUIRE(server_.WaitForIdle());
  int article_requests = 0;
  for (const auto& r : server_.Requests()) {
    if (r.path.find("/art/") == std::string::npos && r.path.find("/202") == std::string::npos) continue;
    ++article_requests;
    CHECK_MESSAGE(r.Header("If-None-Match") == "\"v1\"", r.target);
    CHECK(r.status == 304);
  }
  CHECK(article_requests >= 5);
  auto reports = store->ListReports({});
  REQUIRE(reports.ok());
  CHECK(reports->size() == 5);
  for (const auto& r : *reports) CHECK(r.revisions == 1);
}

TEST_CASE_FIXTURE(CrawlFixture, "a cycle stopped midway resumes and ends with every report once") {
  {
    auto store = OpenStore();
    crawler::CycleSummary partial = RunCycle(*store, 3);
    CHECK(partial.stopped);
    auto counts = store->CountDocumentsByState();
    REQUIRE(counts.ok());
    CHECK(counts->fetching == 0);  // in-flight work went back to the queue
  }
  auto store = OpenStore();
  crawler::CycleSummary rest = RunCycle(*store);
  CHECK(rest.resumed);
  auto reports = store->ListReports({});
  REQUIRE(reports.ok());
  CHECK(reports->size() == 5);
}

// The lifetime contract of crawl_cycle.h: `done` may destroy the cycle even
// when it runs inside a Stop called from `progress`, and whatever the cycle
// left queued (posted Pumps, fetch callbacks) does nothing afterwards.
TEST_CASE_FIXTURE(CrawlFixture, "a cycle destroyed by its done inside Stop leaves only inert handlers behind") {
  auto store = OpenStore();
  boost::asio::io_context io;
  auto sources = Sources(*store);
  net::FetcherOptions fo = FetchOptions();
  fo.allowed_hosts = crawler::ScopeHosts(sources);
  net::Fetcher fetcher(io, fo, clock_);
  auto cycle = std::make_unique<crawler::CrawlCycle>(io, *store, fetcher, sources, crawler::CycleOptions{}, clock_);
  int done_calls = 0;
  int progress_calls = 0;
  bool in_stop = false;
  bool done_in_stop = false;
  bool stopped = false;
  cycle->Start(
      [&](Result<crawler::CycleSummary> r) {
        ++done_calls;
        done_in_stop = in_stop;
        stopped = r.ok() && r->stopped;
        cycle.reset();
      },
      [&](const crawler::CycleSummary&, std::size_t in_flight) {
        ++progress_calls;
        if (in_flight == 0 || !cycle || in_stop) return;
        in_stop = true;
        cycle->Stop();
        in_stop = false;
      });
  io.run_for(std::chrono::seconds(60));
  CHECK(io.stopped());  // nothing the cycle queued kept the io_context busy
  CHECK(cycle == nullptr);
  CHECK(done_calls == 1);
  CHECK(done_in_stop);  // the cancelled documents ended the run at once
  CHECK(stopped);
  auto counts = store->CountDocumentsByState();
  REQUIRE(counts.ok());
  CHECK(counts->fetching == 0);
}

TEST_CASE_FIXTURE(CrawlFixture, "a cycle destroyed before its queued handlers ran never calls done") {
  auto store = OpenStore();
  boost::asio::io_context io;
  auto sources = Sources(*store);
  net::FetcherOptions fo = FetchOptions();
  fo.allowed_hosts = crawler::ScopeHosts(sources);
  net::Fetcher fetcher(io, fo, clock_);
  int done_calls = 0;
  {
    crawler::CrawlCycle cycle(io, *store, fetcher, sources, crawler::CycleOptions{}, clock_);
    cycle.Start([&](Result<crawler::CycleSummary>) { ++done_calls; });
  }  // its first Pump is still queued on `io`
  io.run_for(std::chrono::seconds(10));
  CHECK(io.stopped());
  CHECK(done_calls == 0);
  auto counts = store->CountDocumentsByState();
  REQUIRE(counts.ok());
  CHECK(counts->fetching == 0);  // nothing was claimed by the inert Pump
  CHECK(counts->pending == 2);   // the two seeded columns wait for the next cycle
}

TEST_CASE_FIXTURE(CrawlFixture, "a queued document whose stored request is damaged fails alone, the cycle goes on") {
  auto store = OpenStore();
  auto sources = Sources(*store);
  storage::NewDocument bad;
  bad.url = server_.Url(kTrs, "/xxgk/nb/dataproxy.jsp#POST:col=1");
  bad.kind = storage::DocKind::kList;
  bad.source_id = sources[1].source_id;
  bad.request = "{\"url\": 42, \"method\": \"POST\"}";
  auto id = store->Enqueue(bad);
  REQUIRE(id.ok());
  crawler::CycleSummary s = RunCycle(*store);
  CHECK(s.reports_saved == 5);
  auto row = store->GetDocument(*id);
  REQUIRE(row.ok());
  REQUIRE(row->has_value());
  CHECK((*row)->state == storage::DocState::kFailed);
  CHECK((*row)->last_error ==
        "document " + std::to_string(*id) + ": stored request: \"url\" is number, not a string");
}

TEST_CASE_FIXTURE(CrawlFixture, "an anti-bot answer is recorded as blocked, never as an empty column") {
  const std::string waf = "hubei.chinatax.gov.cn";
  server_.Get(waf, "/robots.txt", Response::Text("User-agent: *\nAllow: /\n"));
  server_.Get(waf, "/col/col1/index.html",
              Response::Html(ReadFile(kFixtures + "/sites/" + waf + "/index.html"), 412));
  auto store = OpenStore();
  auto id = store->UpsertSource({0, "税务局年报", server_.Url(waf, "/col/col1/index.html"), 2021});
  REQUIRE(id.ok());
  boost::asio::io_context io;
  net::FetcherOptions fo = FetchOptions();
  fo.resolve.push_back(waf + ":" + std::to_string(server_.port()) + ":127.0.0.1");
  std::vector<crawler::SourceSpec> sources = {{*id, "税务局年报", server_.Url(waf, "/col/col1/index.html"), {}, 2021}};
  fo.allowed_hosts = crawler::ScopeHosts(sources);
  net::Fetcher fetcher(io, fo, clock_);
  crawler::CrawlCycle cycle(io, *store, fetcher, sources, {}, clock_);
  std::optional<Result<crawler::CycleSummary>> out;
  cycle.Start([&](Result<crawler::CycleSummary> r) { out = std::move(r); });
  io.run_for(std::chrono::seconds(30));
  REQUIRE(out.has_value());
  REQUIRE(out->ok());
  CHECK(out->value().blocked == 1);
  auto doc = store->FindDocument(sources[0].url);
  REQUIRE(doc.ok());
  REQUIRE(doc->has_value());
  CHECK((*doc)->error_kind == storage::ErrorKind::kBlocked);
  CHECK((*doc)->last_error.find("$_ts") != std::string::npos);
  CHECK((*doc)->state == storage::DocState::kPending);  // backed off, retried later
  CHECK((*doc)->next_attempt_at > clock_.Now() + 3600 * 1000);
  auto stats = store->LatestStatsPerSource();
  REQUIRE(stats.ok());
  REQUIRE(stats->size() == 1);
  CHECK(stats->front().blocked == 1);
}

TEST_CASE_FIXTURE(CrawlFixture, "a column that answered 404 is tried again in the next cycle") {
  const std::string gone = "gone.harbin.gov.cn";
  server_.Get(gone, "/robots.txt", Response::Text("User-agent: *\nAllow: /\n"));
  auto store = OpenStore();
  auto id = store->UpsertSource({0, "改版的栏目", server_.Url(gone, "/col/col9/index.html"), 2021});
  REQUIRE(id.ok());
  std::vector<crawler::SourceSpec> sources = {{*id, "改版的栏目", server_.Url(gone, "/col/col9/index.html"), {}, 2021}};
  auto run = [&] {
    boost::asio::io_context io;
    net::FetcherOptions fo = FetchOptions();
    fo.resolve.push_back(gone + ":" + std::to_string(server_.port()) + ":127.0.0.1");
    fo.allowed_hosts = crawler::ScopeHosts(sources);
    net::Fetcher fetcher(io, fo, clock_);
    crawler::CrawlCycle cycle(io, *store, fetcher, sources, {}, clock_);
    std::optional<Result<crawler::CycleSummary>> out;
    cycle.Start([&](Result<crawler::CycleSummary> r) { out = std::move(r); });
    io.run_for(std::chrono::seconds(30));
    REQUIRE(out.has_value());
    REQUIRE(out->ok());
    return out->value();
  };
  CHECK(run().failed == 1);  // 404: failed for good as far as this cycle goes
  auto doc = store->FindDocument(sources[0].url);
  REQUIRE(doc.ok());
  REQUIRE(doc->has_value());
  CHECK((*doc)->state == storage::DocState::kFailed);
  CHECK((*doc)->permanent);
  server_.Get(gone, "/col/col9/index.html", Response::Html("<html><body><ul></ul></body></html>"));
  crawler::CycleSummary second = run();
  CHECK(second.fetched == 1);  // the column is back
  doc = store->FindDocument(sources[0].url);
  REQUIRE(doc.ok());
  CHECK((*doc)->state == storage::DocState::kParsed);
}

// A process killed after a document's fetch result was committed and before
// what it yields was: the column page and an article are left `fetched`, with
// their revision stored and nothing of their yield. The next cycle must redo
// the yield (it is resumed, so nothing re-queues them), and so must every later
// one (a refetch there answers 304: nothing new, yet nothing was yielded).
TEST_CASE_FIXTURE(CrawlFixture, "a yield lost to a kill after the fetch commit is redone from the stored revision") {
  {
    auto store = OpenStore();
    auto sources = Sources(*store);
    auto cycle = store->BeginCycle(true);
    REQUIRE(cycle.ok());
    storage::NewDocument column;
    column.url = *net::NormalizeUrl(sources[0].url);
    column.kind = storage::DocKind::kList;
    column.source_id = sources[0].source_id;
    column.priority = 100;
    storage::NewDocument article;
    article.url = *net::NormalizeUrl(server_.Url(kTrs, "/xxgk/nb/202301/t1.html"));
    article.kind = storage::DocKind::kArticle;
    article.source_id = sources[1].source_id;
    crawler::DocumentHint hint;
    hint.title = "木兰县柳河镇 2022 年 政府信息公开工作年度报告";
    hint.agency = "木兰县柳河镇";
    hint.year = 2022;
    hint.date = "2023-01-18";
    article.hint = crawler::EncodeHint(hint);
    REQUIRE(store->EnqueueMany({column, article}).ok());
    auto claimed = store->Claim("nianbao", 10, 60'000);
    REQUIRE(claimed.ok());
    REQUIRE(claimed->size() == 2);
    for (const storage::DocumentRow& d : *claimed) {
      storage::FetchRecord f;
      f.etag = "\"v1\"";
      f.content_type = "text/html";
      f.body = d.kind == storage::DocKind::kList
                   ? ReadFile(kFixtures + "/sites/" + kNg + "/col/col126585/index.html")
                   : ReadFile(kFixtures + "/reports/002/trs.html");
      REQUIRE(store->CompleteFetch(d.id, f).ok());
    }
  }  // killed here: neither MarkParsed nor any yield
  auto store = OpenStore();
  crawler::CycleSummary resumed = RunCycle(*store);
  CHECK(resumed.resumed);
  auto reports = store->ListReports({});
  REQUIRE(reports.ok());
  CHECK(reports->size() == 5);
  auto lh = store->GetReport("木兰县柳河镇", 2022);
  REQUIRE(lh.ok());
  CHECK(lh->has_value());
  auto counts = store->CountDocumentsByState();
  REQUIRE(counts.ok());
  CHECK(counts->fetching == 0);
  auto left = store->UnfinishedYields(10);
  REQUIRE(left.ok());
  CHECK(left->empty());
  crawler::CycleSummary next = RunCycle(*store);
  CHECK_FALSE(next.resumed);
  CHECK(store->ListReports({})->size() == 5);
}

TEST_CASE_FIXTURE(CrawlFixture, "a column answered with a body shorter than its length fails as protocol") {
  const std::string cut = "cut.gov.cn";
  server_.Get(cut, "/robots.txt", Response::Text("User-agent: *\nAllow: /\n"));
  RouteOptions raw;
  raw.fault = nianbao::testing::FaultMode::kRaw;
  server_.Get(cut, "/col/index.html",
              Response::Html("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html><ul>"),
              raw);
  auto store = OpenStore();
  auto id = store->UpsertSource({0, "截断", server_.Url(cut, "/col/index.html"), 2021});
  REQUIRE(id.ok());
  boost::asio::io_context io;
  net::FetcherOptions fo = FetchOptions();
  fo.resolve.push_back(cut + ":" + std::to_string(server_.port()) + ":127.0.0.1");
  std::vector<crawler::SourceSpec> sources = {{*id, "截断", server_.Url(cut, "/col/index.html"), {}, 2021}};
  fo.allowed_hosts = crawler::ScopeHosts(sources);
  net::Fetcher fetcher(io, fo, clock_);
  crawler::CrawlCycle cycle(io, *store, fetcher, sources, {}, clock_);
  std::optional<Result<crawler::CycleSummary>> out;
  cycle.Start([&](Result<crawler::CycleSummary> r) { out = std::move(r); });
  io.run_for(std::chrono::seconds(30));
  REQUIRE(out.has_value());
  REQUIRE_MESSAGE(out->ok(), out->status().ToString());
  auto doc = store->FindDocument(sources[0].url);
  REQUIRE(doc.ok());
  REQUIRE(doc->has_value());
  CHECK((*doc)->error_kind == storage::ErrorKind::kProtocol);
  CHECK((*doc)->last_error.find("bytes remaining") != std::string::npos);
  auto causes = store->FailureCausesSummary();
  REQUIRE(causes.ok());
  REQUIRE(causes->size() == 1);
  CHECK(storage::ToString(causes->front().kind) == "protocol");
}
