// CliDatabase: a database in a temp dir built through the storage API the way
// a crawl would leave it (a source with a roster, fetched and parsed report
// pages from tests/fixtures/reports, failures, a finished cycle, alerts), for
// tests that run the real `nianbao` executable against it with --db. Times of
// saving are set per report so compliance sees on-time and late reports
// against the real clock the CLI uses.
#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <type_traits>
#include <string>
#include <vector>

#include "common/clock.h"
#include "crawler/stored_report.h"
#include "crawler/walkers/resolve_link.h"
#include "parser/parse.h"
#include "storage/store.h"
#include "tests/app/process.h"
#include "tests/storage/temp_dir.h"

namespace nianbao::testing {

inline constexpr char kSource[] = "南岗区政府信息公开年报";
// UTC midnights, well inside the CST day of the same date.
inline constexpr UnixMillis k2021Jan25 = 1611532800000;  // 2021-01-25
inline constexpr UnixMillis k2022Jan21 = 1642723200000;  // 2022-01-21
inline constexpr UnixMillis k2022Mar01 = 1646092800000;  // 2022-03-01: late for 2021
inline constexpr UnixMillis k2023Jan12 = 1673481600000;  // 2023-01-12
inline constexpr UnixMillis k2023Jan30 = 1675036800000;  // 2023-01-30

inline std::string ReadFixture(const std::string& relative) {
  std::ifstream in(std::string(NIANBAO_SOURCE_DIR) + "/tests/fixtures/reports/" + relative, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), relative);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class CliDatabase {
 public:
  // An empty database (schema only).
  CliDatabase() : clock_(SystemClock::Instance().Now() - 3 * 3600 * 1000) {
    REQUIRE(dir_.ok());
    SetConfig("[schedule]\ndeadline = \"01-31\"\ngrace_days = 0\n");
    auto opened = storage::Store::Open(path(), storage::OpenMode::kWriter, clock_);
    REQUIRE_MESSAGE(opened.ok(), opened.status().ToString());
    store_ = std::move(opened).value();
  }

  std::string path() const { return dir_.File("nianbao.db"); }
  std::string File(const std::string& name) const { return dir_.File(name); }
  storage::Store& store() { return *store_; }
  ManualClock& clock() { return clock_; }
  // Closes the writer, so the CLI may open the database as writer too.
  void Close() { store_.reset(); }

  // The crawl described above. Returns after the cycle finished 2 h ago.
  void Populate() {
    auto src = store_->UpsertSource({0, kSource, "http://ngq.test/col/col126585/index.html", 2020});
    REQUIRE(src.ok());
    source_ = *src;
    REQUIRE(store_->SetRoster(source_, {"南岗区王岗镇", "南岗区文化街道办事处", "南岗区企业和投资服务局"}, 2020).ok());
    auto cycle = store_->BeginCycle(false);
    REQUIRE(cycle.ok());
    AddReport("000/hanweb.html", "南岗区王岗镇", 2021, k2022Jan21, nullptr);
    AddReport("000/hanweb.html", "南岗区王岗镇", 2020, k2021Jan25, [](parser::Report* r) {
      for (parser::Metric& m : r->metrics) {
        if (m.table == "requests" && m.row == "new" && m.column == "total") m.value = 9;
        if (m.table == "active_disclosure" && m.row == "fees") m.value = 1;  // 1.1988 万元 in 2021
      }
      r->title = "南岗区王岗镇2020年政府信息公开工作年度报告";
    });
    // Published late by its own page too (a page dated on time would count as on time).
    AddReport("003/hanweb.html", "南岗区企业和投资服务局", 2021, k2022Mar01,
              [](parser::Report* r) { r->published = "2022-02-28"; });
    AddReport("cases/broken_checks_2021.html", "道外区民政局", 2022, k2023Jan30, nullptr);
    AddReport("cases/attachment_only.html", "平房区教育局", 2022, k2023Jan12, nullptr);
    AddFailure("http://ngq.test/art/slow.html", storage::ErrorKind::kTimeout, false);
    AddFailure("http://ngq.test/art/gone.html", storage::ErrorKind::kHttp, true);
    REQUIRE(store_->RaiseAlert("missing", "南岗区文化街道办事处", 2021, "no report for 2021; due 2022-01-31").ok());
    REQUIRE(store_->RaiseAlert("source_failing", "", 0, "ngq.test timed out 3 cycles").ok());
    REQUIRE(store_->ResolveAlert("source_failing", "", 0).ok());
    clock_.Set(SystemClock::Instance().Now() - 2 * 3600 * 1000);
    REQUIRE(store_->FinishCycle(cycle->id).ok());
  }

  // The configuration the commands are given (a file in the temp dir, so a
  // configuration installed on the machine never leaks into a test).
  void SetConfig(const std::string& toml) const { std::ofstream(config()) << toml; }
  std::string config() const { return dir_.File("nianbao.toml"); }

  // Runs the nianbao executable with --config config() --db `db`, in China
  // Standard Time (POSIX form: no tzdata needed) and without colour.
  ProcessResult RunOn(const std::string& db, std::vector<std::string> args) const {
    std::vector<std::string> argv{NianbaoExe(), "--config", config(), "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv, 30000, {"TZ=CST-8", "NO_COLOR=1"});
  }
  ProcessResult Run(std::vector<std::string> args) const { return RunOn(path(), std::move(args)); }

 private:
  std::int64_t Fetch(const std::string& url, const std::string& body) {
    auto id = store_->Enqueue({url, storage::DocKind::kArticle, source_, 0, 0, "", ""});
    REQUIRE(id.ok());
    Claim(*id);
    storage::FetchRecord f;
    f.body = body;
    f.content_type = "text/html";
    REQUIRE(store_->CompleteFetch(*id, f).ok());
    return *id;
  }

  void Claim(std::int64_t id) {
    auto claimed = store_->Claim("test", 100, 60000);
    REQUIRE(claimed.ok());
    bool found = false;
    for (const storage::DocumentRow& d : *claimed) {
      if (d.id == id) found = true;
      else REQUIRE(store_->Release(d.id).ok());
    }
    REQUIRE(found);
  }

  template <typename Edit>
  void AddReport(const std::string& fixture, const std::string& agency, int year, UnixMillis saved_at, Edit edit) {
    std::string url = "http://ngq.test/art/" + std::to_string(year) + "/" + fixture;
    std::string body = ReadFixture(fixture);
    if constexpr (!std::is_same_v<Edit, std::nullptr_t>) body += "<!-- " + agency + " -->";  // a distinct revision
    std::int64_t doc = Fetch(url, body);
    parser::ParseInput in;
    in.bytes = body;
    in.url = url;
    in.content_type = "text/html";
    in.resolve_link = crawler::ResolveLink;  // as the crawl cycle resolves attachments
    auto report = parser::ParseDocument(in);
    REQUIRE_MESSAGE(report.ok(), report.status().ToString());
    if constexpr (!std::is_same_v<Edit, std::nullptr_t>) edit(&*report);
    auto doc_row = store_->GetDocument(doc);
    REQUIRE(doc_row.ok());
    storage::StoredReport stored =
        crawler::ToStoredReport(std::move(*report), agency, year, doc, (*doc_row)->current_revision_id, url);
    UnixMillis now = clock_.Now();
    clock_.Set(saved_at);
    REQUIRE(store_->SaveReport(stored).ok());
    clock_.Set(now);
    REQUIRE(store_->MarkParsed(doc).ok());
  }

  void AddFailure(const std::string& url, storage::ErrorKind kind, bool permanent) {
    auto id = store_->Enqueue({url, storage::DocKind::kArticle, source_, 0, 0, "", ""});
    REQUIRE(id.ok());
    Claim(*id);
    storage::FailureRecord f;
    f.kind = kind;
    f.error = permanent ? "HTTP 404" : "timed out after 30 s";
    if (permanent) f.http_status = 404;
    f.permanent = permanent;
    REQUIRE(store_->Fail(*id, f).ok());
  }

  storage::testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<storage::Store> store_;
  std::int64_t source_ = 0;
};

}  // namespace nianbao::testing
