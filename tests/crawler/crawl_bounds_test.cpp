// The per-source bounds of a crawl cycle against a Hanweb column that pages
// for ever (tests/support/fixture_site.h, endless_total): the cycle ends, the
// column's source is recorded as failing with cause `limit` and a message
// naming the bound, and the other source is crawled in full.
#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>

#include "crawler/crawl_cycle.h"
#include "tests/support/fixture_site.h"
#include "tests/support/http_test_server.h"

namespace fs = std::filesystem;
using namespace nianbao;

namespace {

const std::string kEndless = "endless.synthetic.gov.cn";
const std::string kCalm = "calm.synthetic.gov.cn";

class BoundsFixture {
 public:
  explicit BoundsFixture(long long total = 99999999)
      : dir_(fs::temp_directory_path() / ("nianbao_bounds_" + std::to_string(::getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    testing::SyntheticSiteOptions endless;
    endless.articles = 45;
    endless.per_column = 45;
    endless.endless_total = total;
    testing::AddSyntheticSite(server_, kEndless, endless);
    testing::SyntheticSiteOptions calm;
    calm.articles = 30;
    calm.per_column = 30;
    testing::AddSyntheticSite(server_, kCalm, calm);
  }
  ~BoundsFixture() { fs::remove_all(dir_); }

  struct Outcome {
    crawler::CycleSummary summary;
    double seconds = 0;
  };

  Outcome Run(storage::Store& store, const crawler::SourceBounds& bounds) {
    std::vector<crawler::SourceSpec> sources = {
        {0, "无尽栏目", server_.Url(kEndless, "/col/col1000/index.html"), {}, 2019},
        {0, "平静栏目", server_.Url(kCalm, "/col/col1000/index.html"), {}, 2019},
    };
    for (crawler::SourceSpec& s : sources) {
      auto id = store.UpsertSource({0, s.name, s.url, s.first_year});
      REQUIRE(id.ok());
      s.source_id = *id;
    }
    boost::asio::io_context io;
    net::FetcherOptions fo;
    fo.user_agent = "nianbao-test";
    fo.per_host_delay_ms = 0;
    fo.per_host_connections = 4;
    fo.retries = 0;
    fo.timeout_ms = 5000;
    for (const std::string& h : {kEndless, kCalm})
      fo.resolve.push_back(h + ":" + std::to_string(server_.port()) + ":127.0.0.1");
    fo.allowed_hosts = crawler::ScopeHosts(sources);
    net::Fetcher fetcher(io, fo, clock_);
    crawler::CycleOptions options;
    options.bounds = bounds;
    crawler::CrawlCycle cycle(io, store, fetcher, sources, options, clock_);
    std::optional<Result<crawler::CycleSummary>> out;
    auto start = std::chrono::steady_clock::now();
    cycle.Start([&](Result<crawler::CycleSummary> r) { out = std::move(r); });
    io.run_for(std::chrono::seconds(60));
    REQUIRE_MESSAGE(out.has_value(), "the cycle did not finish within 60 s");
    REQUIRE_MESSAGE(out->ok(), out->status().message());
    return {out->value(), std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
  }

  std::unique_ptr<storage::Store> OpenStore() {
    auto s = storage::Store::Open((dir_ / "n.db").string(), storage::OpenMode::kWriter, clock_);
    REQUIRE_MESSAGE(s.ok(), s.status().message());
    return std::move(*s);
  }

  // The failures of the source named `name` in the last cycle, and the
  // messages of its documents that failed with cause `limit`.
  std::vector<std::string> LimitMessages(storage::Store& store) {
    auto failed = store.ListDocuments(storage::DocState::kFailed, 100000);
    REQUIRE(failed.ok());
    std::vector<std::string> out;
    for (const storage::DocumentRow& d : *failed)
      if (d.error_kind == storage::ErrorKind::kLimit) out.push_back(d.last_error);
    return out;
  }

  void CheckCalmSourceComplete(storage::Store& store) {
    // 30 articles, every 10th a report: 3 reports, all parsed.
    auto reports = store.ListReports({});
    REQUIRE(reports.ok());
    int calm = 0;
    for (const storage::ReportSummary& r : *reports) calm += r.url.find(kCalm) != std::string::npos;
    CHECK(calm == 3);
  }

  testing::HttpTestServer server_;
  SystemClock clock_;
  fs::path dir_;
};

crawler::SourceBounds Loose() {
  crawler::SourceBounds b;
  b.max_pages = 100000;
  b.max_windows = 100000;
  b.max_total_records = 1000000000;
  b.max_seconds = 3600;
  return b;
}

}  // namespace

TEST_CASE_FIXTURE(BoundsFixture, "an endless column with totalrecord 99999999 is stopped by the totalrecord bound") {
  auto store = OpenStore();
  Outcome o = Run(*store, crawler::SourceBounds{});
  CHECK(o.seconds < 30);
  REQUIRE(o.summary.limits.size() == 1);
  CHECK(o.summary.limits[0] == "source 无尽栏目: totalrecord 99999999 against 45 records seen (crawler.max_total_records)");
  CHECK(o.summary.sources_finished == 2);
  std::vector<std::string> messages = LimitMessages(*store);
  REQUIRE_FALSE(messages.empty());
  for (const std::string& m : messages) CHECK(m == o.summary.limits[0]);
  auto causes = store->FailureCausesSummary();
  REQUIRE(causes.ok());
  bool limit = false;
  for (const storage::FailureCause& c : *causes) limit |= c.kind == storage::ErrorKind::kLimit;
  CHECK(limit);
  auto stats = store->LatestStatsPerSource();
  REQUIRE(stats.ok());
  for (const storage::SourceCycleStats& st : *stats)
    if (st.source_name == "无尽栏目") CHECK(st.errors > 0);
  CheckCalmSourceComplete(*store);
  auto counts = store->CountDocumentsByState();
  REQUIRE(counts.ok());
  CHECK(counts->fetching == 0);
}

TEST_CASE_FIXTURE(BoundsFixture, "windows per column are bounded") {
  auto store = OpenStore();
  crawler::SourceBounds b = Loose();
  b.max_windows = 3;
  Outcome o = Run(*store, b);
  REQUIRE(o.summary.limits.size() == 1);
  CHECK(o.summary.limits[0] == "source 无尽栏目: stopped after 3 windows of its column (crawler.max_windows_per_column)");
  CheckCalmSourceComplete(*store);
  // Three windows, no fourth.
  int windows = 0;
  for (const auto& st : {storage::DocState::kParsed, storage::DocState::kFailed, storage::DocState::kPending}) {
    auto docs = store->ListDocuments(st, 100000);
    REQUIRE(docs.ok());
    for (const storage::DocumentRow& d : *docs)
      windows += d.kind == storage::DocKind::kList && d.url.find("dataproxy") != std::string::npos;
  }
  CHECK(windows == 3);
}

TEST_CASE_FIXTURE(BoundsFixture, "pages per source are bounded") {
  auto store = OpenStore();
  crawler::SourceBounds b = Loose();
  b.max_pages = 20;
  Outcome o = Run(*store, b);
  REQUIRE(o.summary.limits.size() == 1);
  CHECK(o.summary.limits[0] == "source 无尽栏目: stopped after 20 pages (crawler.max_pages_per_source)");
  CheckCalmSourceComplete(*store);
  auto stats = store->LatestStatsPerSource();
  REQUIRE(stats.ok());
  for (const storage::SourceCycleStats& st : *stats)
    if (st.source_name == "无尽栏目") CHECK(st.pages <= 20);
}

TEST_CASE_FIXTURE(BoundsFixture, "the wall clock per source is bounded") {
  auto store = OpenStore();
  crawler::SourceBounds b = Loose();
  b.max_seconds = 1;
  Outcome o = Run(*store, b);
  CHECK(o.seconds < 30);
  REQUIRE(o.summary.limits.size() == 1);
  CHECK(o.summary.limits[0].rfind("source 无尽栏目: stopped after ", 0) == 0);
  CHECK(o.summary.limits[0].find(" s (crawler.max_source_seconds)") != std::string::npos);
  CheckCalmSourceComplete(*store);
}

TEST_CASE("a window that repeats earlier records stops its column") {
  crawler::SourceBudget budget("重复栏目");
  crawler::SourceBounds b;
  crawler::ListPageResult first;
  first.items = {{"http://a.gov.cn/1.html", "a", std::nullopt}, {"http://a.gov.cn/2.html", "b", std::nullopt}};
  crawler::PageRequest next;
  next.url = "http://a.gov.cn/dataproxy.jsp?startrecord=46";
  first.next_pages.push_back(next);
  CHECK(budget.AfterList(false, "http://a.gov.cn/col/index.html", first, b));
  CHECK(budget.AfterList(true, "http://a.gov.cn/dataproxy.jsp?startrecord=1", first, b) == false);
  CHECK(budget.reason() ==
        "source 重复栏目: stopped at a window that repeats earlier records (http://a.gov.cn/dataproxy.jsp?startrecord=1)");
  CHECK_FALSE(budget.BeforeFetch(0, b));
}
