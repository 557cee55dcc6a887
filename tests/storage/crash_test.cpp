// Kills a writer process with SIGKILL while it claims, completes, fails,
// parses and saves reports, then checks that the file is intact, that no
// state change was half-applied, and that every document the dead process
// held comes back once its lease expires.
//
// The kill points are set by progress, not by time: the child reports every
// committed batch through a pipe, and the parent kills it after N of them
// (free-running: the kill lands somewhere in the batch after, mid-write), or
// the child stops right after the claim of batch N and waits to be killed
// holding its leases (holding).
#include <doctest/doctest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <random>

#include "storage/store.h"
#include "tests/storage/temp_dir.h"

namespace nianbao::storage {
namespace {

constexpr int kDocuments = 120;
constexpr int kRounds = 25;
constexpr int kMetricsPerReport = 12;
constexpr std::int64_t kChildLeaseMs = 10 * 60 * 1000;

[[noreturn]] void Die(const char* what, const Status& st) {
  std::fprintf(stderr, "crash-test child: %s: %s\n", what, st.ToString().c_str());
  std::fflush(stderr);
  _exit(2);
}

StoredReport ChildReport(const DocumentRow& d, std::int64_t revision_id, std::uint32_t salt) {
  StoredReport r;
  r.agency = "agency-" + std::to_string(d.id % 17);
  r.year = 2019 + static_cast<int>(d.id % 5);
  r.document_id = d.id;
  r.revision_id = revision_id;
  r.format = "2021";
  r.status = ReportStatus::kParsed;
  r.title = d.url;
  for (int i = 0; i < kMetricsPerReport; ++i) {
    r.metrics.push_back({"requests", "row" + std::to_string(i), "total", double(salt % 100 + i)});
  }
  r.checks = {{"a", "", CheckStatus::kOk, ""}, {"b", "", CheckStatus::kFailed, "x"}};
  r.checks_failed = 1;
  return r;
}

// One claimed document: complete, fail or keep it, chosen at random.
void Work(Store& store, const DocumentRow& d, std::mt19937& rng) {
  std::uint32_t roll = rng() % 10;
  if (roll < 6) {
    FetchRecord f;
    f.body = "<html>" + d.url + " version " + std::to_string(rng() % 3) + "</html>";
    auto done = store.CompleteFetch(d.id, f);
    if (!done.ok()) Die("CompleteFetch", done.status());
    if (roll < 4) {
      Status st = store.MarkParsed(d.id);
      if (!st.ok()) Die("MarkParsed", st);
      auto saved = store.SaveReport(ChildReport(d, done->revision_id, rng()));
      if (!saved.ok()) Die("SaveReport", saved.status());
    }
  } else if (roll < 8) {
    FailureRecord f{ErrorKind::kTimeout, std::nullopt, "slow", SystemClock::Instance().Now(), false};
    Status st = store.Fail(d.id, f);
    if (!st.ok()) Die("Fail", st);
  } else if (roll < 9) {
    Status st = store.Fail(d.id, FailureRecord{ErrorKind::kHttp, 404, "gone", std::nullopt, true});
    if (!st.ok()) Die("Fail", st);
  }
  // else: keep the lease, as a fetch still in flight would
}

// What the child writes to the progress pipe.
constexpr char kOpened = 'o';   // the database is open
constexpr char kBatch = 'b';    // one batch committed
constexpr char kHolding = 'h';  // a batch claimed; the child waits to be killed

void Report(int fd, char what) {
  if (::write(fd, &what, 1) != 1) _exit(3);
}

// The child: a writer that never stops until it is killed. With hold_at > 0
// it stops after claiming a non-empty batch once hold_at batches are done.
[[noreturn]] void RunChild(const std::string& path, std::uint32_t seed, int progress_fd, int hold_at) {
  auto opened = Store::Open(path, OpenMode::kWriter, SystemClock::Instance());
  if (!opened.ok()) Die("Open", opened.status());
  Store& store = **opened;
  std::mt19937 rng(seed);
  Report(progress_fd, kOpened);
  for (int batches = 0;; ++batches) {
    auto claimed = store.Claim("child", 1 + static_cast<int>(rng() % 8), kChildLeaseMs);
    if (!claimed.ok()) Die("Claim", claimed.status());
    if (hold_at > 0 && batches >= hold_at && !claimed->empty()) {
      Report(progress_fd, kHolding);
      for (;;) ::pause();
    }
    for (const DocumentRow& d : *claimed) Work(store, d, rng);
    if (claimed->empty()) {
      // Out of work: start a new cycle so everything is revisited.
      auto cycle = store.BeginCycle(true);
      if (!cycle.ok()) Die("BeginCycle", cycle.status());
      Status st = store.FinishCycle(cycle->id);
      if (!st.ok()) Die("FinishCycle", st);
      if (!store.RetryFailed(true).ok()) Die("RetryFailed", Status(Code::kInternal, ""));
    }
    if (rng() % 16 == 0) {
      auto raised = store.RaiseAlert("missing", "agency-" + std::to_string(rng() % 5), 2023, "d");
      if (!raised.ok()) Die("RaiseAlert", raised.status());
      auto resolved = store.ResolveAlert("missing", "agency-" + std::to_string(rng() % 5), 2023);
      if (!resolved.ok()) Die("ResolveAlert", resolved.status());
    }
    Report(progress_fd, kBatch);
  }
}

// Reads the child's progress until `stop` arrived `count` times; false when
// the pipe closed first (the child died on its own).
bool AwaitProgress(int fd, char stop, int count) {
  int seen = 0;
  char c = 0;
  while (seen < count) {
    if (::read(fd, &c, 1) != 1) return false;
    if (c == stop) ++seen;
  }
  return true;
}

// A COUNT(*) over the file through a separate read-only connection.
std::int64_t Count(const std::string& path, const char* sql) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE_MESSAGE(sqlite3_prepare_v2(raw, sql, -1, &stmt, nullptr) == SQLITE_OK, sqlite3_errmsg(raw));
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  std::int64_t n = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  return n;
}

void CheckNoHalfAppliedChange(const std::string& path) {
  // A fetched or parsed document always has its revision.
  CHECK(Count(path,
              "SELECT COUNT(*) FROM documents d WHERE d.state IN ('fetched','parsed') AND NOT EXISTS "
              "(SELECT 1 FROM revisions r WHERE r.id = d.current_revision_id AND r.document_id = d.id)") == 0);
  // A report has all its metrics and checks, or does not exist.
  CHECK(Count(path,
              "SELECT COUNT(*) FROM reports r WHERE (SELECT COUNT(*) FROM report_metrics m WHERE m.report_id = r.id) "
              "<> 12 OR (SELECT COUNT(*) FROM report_checks c WHERE c.report_id = r.id) <> 2") == 0);
  // Exactly one current version per (agency, year, document).
  CHECK(Count(path,
              "SELECT COUNT(*) FROM (SELECT SUM(is_current) s FROM reports GROUP BY agency, year, document_id) "
              "WHERE s <> 1") == 0);
  // Never more revisions than the child has distinct bodies.
  CHECK(Count(path, "SELECT COUNT(*) FROM (SELECT COUNT(*) n FROM revisions GROUP BY document_id) WHERE n > 3") == 0);
  CHECK(Count(path, "SELECT COUNT(*) FROM documents") == kDocuments);
}

// Every leased or due document is claimable once the leases have expired;
// releasing them hands the queue back for the next round.
void CheckLeasesReturn(const std::string& path) {
  std::int64_t held = Count(path, "SELECT COUNT(*) FROM documents WHERE state = 'fetching'");
  std::int64_t pending = Count(path, "SELECT COUNT(*) FROM documents WHERE state = 'pending'");
  ManualClock later(SystemClock::Instance().Now() + kChildLeaseMs + 1);
  auto store = Store::Open(path, OpenMode::kWriter, later);
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  REQUIRE((*store)->IntegrityCheck().ok());
  auto claimed = (*store)->Claim("verifier", kDocuments * 2, 1000);
  REQUIRE(claimed.ok());
  CHECK(static_cast<std::int64_t>(claimed->size()) == held + pending);
  auto released = (*store)->ReleaseWorker("verifier");
  REQUIRE(released.ok());
  CHECK(*released == static_cast<std::int64_t>(claimed->size()));
  CHECK(Count(path, "SELECT COUNT(*) FROM documents WHERE state = 'fetching'") == 0);
}

TEST_CASE("a writer killed with SIGKILL mid-batch leaves a consistent queue") {
  testing::TempDir dir;
  REQUIRE(dir.ok());
  std::string path = dir.File("crash.db");
  {
    auto store = Store::Open(path, OpenMode::kWriter, SystemClock::Instance());
    REQUIRE(store.ok());
    std::vector<NewDocument> docs;
    for (int i = 0; i < kDocuments; ++i) {
      NewDocument d;
      d.url = "http://crash.test/art/" + std::to_string(i);
      docs.push_back(d);
    }
    REQUIRE((*store)->EnqueueMany(docs).ok());
  }
  std::mt19937 rng(20261122);
  for (int round = 0; round < kRounds; ++round) {
    // Even rounds run free and are killed mid-batch; odd rounds hold.
    const bool hold = round % 2 == 1;
    const int batches = 1 + static_cast<int>(rng() % 40);
    const std::uint32_t seed = rng();
    CAPTURE(round);
    CAPTURE(batches);
    int progress[2];
    REQUIRE(::pipe(progress) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::close(progress[0]);
      RunChild(path, seed, progress[1], hold ? batches : 0);
    }
    ::close(progress[1]);
    const bool opened = AwaitProgress(progress[0], kOpened, 1);
    const bool reached = opened && (hold ? AwaitProgress(progress[0], kHolding, 1)
                                         : AwaitProgress(progress[0], kBatch, batches));
    ::kill(pid, SIGKILL);
    ::close(progress[0]);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE_MESSAGE(opened, "the child could not open the database");
    REQUIRE_MESSAGE(reached, "the child stopped on its own");
    REQUIRE_MESSAGE((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL), "the child stopped on its own");
    // A held batch is still leased to the dead child.
    if (hold) CHECK(Count(path, "SELECT COUNT(*) FROM documents WHERE state = 'fetching'") > 0);

    CheckNoHalfAppliedChange(path);
    CheckLeasesReturn(path);
  }
  CHECK(Count(path, "SELECT COUNT(*) FROM revisions") > 0);
}

}  // namespace
}  // namespace nianbao::storage
