// Reports published as documents: a crawl against a loopback site whose
// articles only link their report, behind /module/download/downfile.jsp as
// application/octet-stream (Hanweb's download servlet). Real libcurl, a real
// SQLite file, documents::ReadReport in process, the alert engine.
//
// kCases is the one table of attachments: adding a document form (a PDF, a
// DOCX once their readers are in) is one line there plus its file in
// tests/fixtures/crawler/attachments/.
#include "crawler/crawl_cycle.h"

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "alerts/alert_engine.h"
#include "documents/reader_version.h"
#include "tests/support/http_test_server.h"

namespace fs = std::filesystem;
using namespace nianbao;
using nianbao::testing::HttpTestServer;
using nianbao::testing::Request;
using nianbao::testing::Response;

namespace {

const std::string kHost = "www.mulan-fixture.gov.cn";
const std::string kAgency = "木兰县柳河镇";
const std::string kFiles = NIANBAO_SOURCE_DIR "/tests/fixtures/crawler/attachments/";

struct MetricOracle {
  const char* table;
  const char* row;
  const char* column;
  double value;
};

// One article per case, for year `year`, linking `file`. Expected values are
// typed from the fixture's source (tests/fixtures/crawler/attachments/README.md).
struct AttachmentCase {
  const char* file;
  int year;
  storage::ReportStatus status;            // of the stored report
  const char* document;                    // its document kind ("" when unread)
  std::vector<MetricOracle> metrics;       // some of its numbers
  std::optional<FetchErrorKind> cause;     // of the attachment's failure
  const char* detail;                      // the failure's detail ("" when read)
};

const std::vector<AttachmentCase> kCases = {
    {"liuhe_2022.txt", 2022, storage::ReportStatus::kParsed, "text",
     {{"active_disclosure", "regulations", "issued", 5}, {"active_disclosure", "normative_documents", "in_force", 7},
      {"review_litigation", "review", "upheld", 1}, {"review_litigation", "review", "total", 1}},
     std::nullopt, ""},
    {"liuhe_2024.pdf", 2024, storage::ReportStatus::kParsed, "pdf",
     {{"requests", "new", "total", 3119}, {"requests", "carried_over", "total", 34},
      {"active_disclosure", "regulations", "in_force", 11}, {"review_litigation", "review", "total", 351}},
     std::nullopt, ""},
    {"liuhe_2021.docx", 2021, storage::ReportStatus::kParsed, "docx",
     {{"active_disclosure", "penalty", "decisions", 6}, {"requests", "new", "total", 4},
      {"review_litigation", "review", "total", 0}},
     std::nullopt, ""},
    {"liuhe_2023.rar", 2023, storage::ReportStatus::kAttachment, "", {}, FetchErrorKind::kUnsupported,
     "rar file: RAR archives are not unpacked"},
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// `&` as an HTML attribute writes it.
std::string Escaped(std::string s) {
  for (std::size_t at = s.find('&'); at != std::string::npos; at = s.find('&', at + 5)) s.replace(at, 1, "&amp;");
  return s;
}

std::string Title(int year) { return kAgency + std::to_string(year) + "年政府信息公开工作年度报告"; }
std::string ArticlePath(int year) { return "/xxgk/nb/" + std::to_string(year + 1) + "01/t" + std::to_string(year) + ".html"; }
std::string FileTarget(const char* file) {
  return std::string("/module/download/downfile.jsp?classid=0&filename=") + file;
}

class AttachmentSite {
 public:
  AttachmentSite() : dir_(fs::temp_directory_path() / ("nianbao_attach_" + std::to_string(::getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::string list = "<html><body><ul>";
    for (const AttachmentCase& c : kCases) {
      files_[c.file] = ReadFile(kFiles + c.file);
      list += "<li><a href=\"" + ArticlePath(c.year) + "\" title=\"" + Title(c.year) + "\">" + Title(c.year) +
              "</a><span>" + std::to_string(c.year + 1) + "-01-18</span></li>";
      server_.Get(kHost, ArticlePath(c.year),
                  Response::Html("<html><head><title>" + Title(c.year) + "</title></head><body><h1>" + Title(c.year) +
                                 "</h1><p>附件：<a href=\"" + Escaped(FileTarget(c.file) + "&showname=" + c.file + ".pdf") + "\">" +
                                 Title(c.year) + ".pdf</a></p></body></html>"));
    }
    list += "</ul><script>createPageHTML(1, 0, \"index\", \"html\");</script></body></html>";
    server_.Get(kHost, "/robots.txt", Response::Text("User-agent: *\n"));
    server_.Get(kHost, "/xxgk/nb/index.html", Response::Html(list));
    server_.Get(kHost, "/module/download/downfile.jsp", [this](const Request& r) {
      std::lock_guard lock(mu_);
      for (const auto& [name, bytes] : files_)
        if (r.query.find(std::string("filename=") + name) != std::string::npos)
          return Response::Typed("application/octet-stream", bytes);
      return Response::NotFound();
    });
  }
  ~AttachmentSite() { fs::remove_all(dir_); }

  void Replace(const std::string& file, std::string bytes) {
    std::lock_guard lock(mu_);
    files_[file] = std::move(bytes);
  }

  std::unique_ptr<storage::Store> OpenStore() {
    auto s = storage::Store::Open((dir_ / "n.db").string(), storage::OpenMode::kWriter, clock_);
    REQUIRE_MESSAGE(s.ok(), s.status().message());
    return std::move(*s);
  }

  crawler::CycleSummary RunCycle(storage::Store& store) {
    crawler::SourceSpec spec{0, "柳河镇 年报", server_.Url(kHost, "/xxgk/nb/index.html"), {kAgency}, 2021};
    auto id = store.UpsertSource({0, spec.name, spec.url, spec.first_year});
    REQUIRE(id.ok());
    spec.source_id = *id;
    REQUIRE(store.SetRoster(*id, spec.roster, spec.first_year).ok());
    boost::asio::io_context io;
    net::FetcherOptions fo;
    fo.user_agent = "nianbao-test";
    fo.per_host_delay_ms = 0;
    fo.retries = 0;
    fo.timeout_ms = 5000;
    fo.resolve.push_back(kHost + ":" + std::to_string(server_.port()) + ":127.0.0.1");
    fo.allowed_hosts = {kHost};
    net::Fetcher fetcher(io, fo, clock_);
    crawler::CycleOptions options;  // documents read in this process (reader_exe "")
    crawler::CrawlCycle cycle(io, store, fetcher, {spec}, options, clock_);
    std::optional<Result<crawler::CycleSummary>> out;
    cycle.Start([&](Result<crawler::CycleSummary> r) { out = std::move(r); });
    io.run_for(std::chrono::seconds(60));
    REQUIRE(out.has_value());
    REQUIRE_MESSAGE(out->ok(), out->status().message());
    return out->value();
  }

  std::vector<storage::AlertRow> Alerts(storage::Store& store, const std::string& kind) {
    alerts::AlertEngine engine(store, clock_);
    auto pass = engine.Evaluate(alerts::AlertOptions{}, analysis::DeadlineRule{});
    REQUIRE_MESSAGE(pass.ok(), pass.status().message());
    auto all = store.ListAlerts(false);
    REQUIRE(all.ok());
    std::vector<storage::AlertRow> out;
    for (const storage::AlertRow& a : *all)
      if (a.kind == kind) out.push_back(a);
    return out;
  }

  std::string Url(const std::string& target) { return server_.Url(kHost, target); }

 private:
  HttpTestServer server_;
  SystemClock clock_;
  fs::path dir_;
  std::mutex mu_;
  std::map<std::string, std::string> files_;
};

std::optional<double> Metric(const storage::StoredReport& r, const char* table, const char* row, const char* col) {
  for (const storage::MetricValue& m : r.metrics)
    if (m.table == table && m.row == row && m.column == col) return m.value;
  return std::nullopt;
}

}  // namespace

TEST_CASE_FIXTURE(AttachmentSite, "an article's attachment is fetched and read, an unreadable one says why") {
  auto store = OpenStore();
  RunCycle(*store);
  for (const AttachmentCase& c : kCases) {
    INFO(c.file);
    auto report = store->GetReport(kAgency, c.year);
    REQUIRE(report.ok());
    REQUIRE(report->has_value());
    CHECK((*report)->status == c.status);
    CHECK((*report)->document == c.document);
    CHECK((*report)->reader_version == documents::kReaderVersion);
    CHECK((*report)->url == Url(ArticlePath(c.year)));
    for (const MetricOracle& m : c.metrics) {
      INFO(m.table << "." << m.row << "." << m.column);
      CHECK(Metric(**report, m.table, m.row, m.column) == m.value);
    }
    auto file = store->FindDocument(Url(FileTarget(c.file) + "&showname=" + c.file + ".pdf"));
    REQUIRE(file.ok());
    REQUIRE(file->has_value());
    CHECK((*file)->kind == storage::DocKind::kAttachment);
    CHECK((*file)->error_kind == c.cause);
    CHECK((*file)->last_error == c.detail);
  }

  // The unreadable alert names the document and its cause, verbatim.
  std::vector<storage::AlertRow> unreadable = Alerts(*store, alerts::kAlertUnreadable);
  std::map<int, std::string> by_year;
  for (const storage::AlertRow& a : unreadable) by_year[a.year] = a.detail;
  for (const AttachmentCase& c : kCases) {
    if (c.status == storage::ReportStatus::kParsed) {
      CHECK(by_year.count(c.year) == 0);
      continue;
    }
    const std::string file_url = Url(FileTarget(c.file) + "&showname=" + c.file + ".pdf");
    CHECK(by_year[c.year] == "report status attachment: " + Title(c.year) + " (" + Url(ArticlePath(c.year)) +
                                 "); " + file_url + ": " + std::string(ToString(*c.cause)) + ": " + c.detail);
  }
  CHECK(Alerts(*store, alerts::kAlertRevised).empty());  // a first reading is no revision
}

TEST_CASE_FIXTURE(AttachmentSite, "an unchanged attachment keeps its report, a changed one is a revision") {
  auto store = OpenStore();
  RunCycle(*store);
  RunCycle(*store);  // same bytes: nothing new, no alert
  auto versions = store->ListReportVersions(kAgency, 2022);
  REQUIRE(versions.ok());
  CHECK(versions->size() == 2);  // the page's (attachment) and the attachment's reading
  CHECK(Alerts(*store, alerts::kAlertRevised).empty());

  std::string changed = ReadFile(kFiles + "liuhe_2022.txt");
  const std::string from = "规章\t5\t0\t5";
  REQUIRE(changed.find(from) != std::string::npos);
  changed.replace(changed.find(from), from.size(), "规章\t6\t0\t6");
  Replace("liuhe_2022.txt", changed);
  RunCycle(*store);
  auto report = store->GetReport(kAgency, 2022);
  REQUIRE(report.ok());
  REQUIRE(report->has_value());
  CHECK(Metric(**report, "active_disclosure", "regulations", "issued") == 6.0);
  std::vector<storage::AlertRow> revised = Alerts(*store, alerts::kAlertRevised);
  REQUIRE(revised.size() == 1);
  CHECK(revised[0].detail == "2 versions; 2 metrics changed: active_disclosure.regulations.in_force: 5 → 6; "
                             "active_disclosure.regulations.issued: 5 → 6 (" + Url(ArticlePath(2022)) + ")");
}
