// `nianbao crawl` as a real process, SIGKILLed at random moments (a seeded
// RNG, a bounded number of kills and of time) while it crawls Hanweb columns
// with dataproxy windows served on loopback by the fixture sites of
// tests/support (hostnames mapped with [crawler] resolve). The sites are
// flaky as in the probe, by a seeded fault plan (fault_plan.h): 5% of
// answers 503, 2% connections reset without an answer, 2% answers 1 s late
// (under the 10 s timeout). A last crawl is then let finish, and the database
// must hold exactly what an undisturbed crawl of the same flaky sites holds:
// documents and their states, revisions, reports with every version and
// metric, alerts; integrity_check ok, no duplicate, nothing left in the
// queue, no lease left behind.
//
// Faults are absorbed by retries = 4 (five attempts: a document fails for the
// cycle with odds 0.07^5, about 2e-6 a fetch), and, should that happen, by
// `nianbao retry` and another crawl (CrawlToEnd), for both databases alike.
// robots.txt is spared: a 5xx there disallows the whole host for the cycle
// (RFC 9309, tested in tests/net), which is not what this test is about.
//
// The default suite kills 8 times; the `slow` build of this file
// (NIANBAO_CRASH_KILLS=100) kills 100 times.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>

#include "common/clock.h"
#include "storage/store.h"
#include "tests/app/process.h"
#include "tests/support/fixture_site.h"
#include "tests/support/http_test_server.h"

#ifndef NIANBAO_CRASH_KILLS
#define NIANBAO_CRASH_KILLS 8
#endif

namespace nianbao::app {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

constexpr int kKills = NIANBAO_CRASH_KILLS;
constexpr int kHosts = 3;
constexpr int kSlowMs = 1000;  // a slow answer's delay, well under timeout_s
const std::string kFixtures = NIANBAO_SOURCE_DIR "/tests/fixtures";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Host(int i) { return "crash" + std::to_string(i) + ".synthetic.gov.cn"; }

testing::FaultPlan Faults(std::uint64_t seed, double unavailable, double reset, double slow) {
  testing::FaultPlan p;
  p.seed = seed;
  p.unavailable = unavailable;
  p.reset = reset;
  p.slow = slow;
  p.slow_ms = kSlowMs;
  p.spared_paths = {"/robots.txt"};
  return p;
}

// Straight SQL on the file: the Store has no listing of every delivery.
std::vector<std::string> Column(const std::string& db, const char* sql) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE_MESSAGE(sqlite3_prepare_v2(raw, sql, -1, &stmt, nullptr) == SQLITE_OK, sqlite3_errmsg(raw));
  std::vector<std::string> out;
  while (sqlite3_step(stmt) == SQLITE_ROW) out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  return out;
}

void Execute(const std::string& db, const char* sql) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(raw, sql, nullptr, nullptr, &error);
  std::string message = error != nullptr ? error : "";
  sqlite3_free(error);
  sqlite3_close(raw);
  REQUIRE_MESSAGE(rc == SQLITE_OK, message);
}

// Documents failed for a later cycle (not permanently): what a fault past
// every retry leaves.
std::size_t TransientFailures(const std::string& db) {
  return Column(db, "SELECT url FROM documents WHERE state = 'failed' AND permanent = 0").size();
}

std::size_t PendingDeliveries(const std::string& db) {
  // Withheld deliveries (a first crawl's summary stands for them) are done too.
  return Column(db, "SELECT idempotency_key FROM alert_deliveries WHERE state NOT IN ('sent', 'withheld')").size();
}

class CrashFixture {
 public:
  CrashFixture() : dir_(fs::temp_directory_path() / ("nianbao_crawl_crash_" + std::to_string(::getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    REQUIRE(server_.status().ok());
    // One column per host: 45 records inline, the rest in dataproxy windows
    // of 45; every 5th article a report page with the real tables, whose
    // parsing takes long enough for kills to land between two commits.
    auto report = std::make_shared<const std::string>(ReadFile(kFixtures + "/reports/000/hanweb.html"));
    for (int i = 0; i < kHosts; ++i) {
      testing::SyntheticSiteOptions o;
      o.articles = 90;
      o.per_column = 90;
      o.report_every = 5;
      o.seed = static_cast<std::uint32_t>(7 + i);
      o.report_page = report;
      testing::AddSyntheticSite(server_, Host(i), o);
      server_.SetFaultPlan(Host(i), Faults(1000 + i, 0.05, 0.02, 0.02));
    }
  }
  ~CrashFixture() {
    if (!std::getenv("KEEP")) fs::remove_all(dir_);
  }

  // A configuration for the database `name`.db, alerts to `webhook` if given.
  std::string WriteConfig(const std::string& name, const std::string& webhook = "") {
    std::ostringstream t;
    t << "[storage]\npath = \"" << (dir_ / (name + ".db")).string() << "\"\n\n"
      << "[crawler]\nuser_agent = \"nianbao-crash-test\"\nper_host_delay_ms = 0\nper_host_connections = 4\n"
      << "timeout_s = 10\nretries = 4\nallow_private = true\nresolve = [";
    for (int i = 0; i < kHosts; ++i)
      t << (i ? ", " : "") << "\"" << Host(i) << ":" << server_.port() << ":127.0.0.1\"";
    t << "]\n\n";
    // One message per alert (digest = false): this file checks single deliveries; digest_crawl_test.cpp digests.
    if (!webhook.empty()) t << "[alerts]\nwebhook = \"" << webhook << "\"\ndigest = false\n\n";
    for (int i = 0; i < kHosts; ++i) {
      // An agency that never publishes: overdue alerts to compare.
      t << "[[source]]\nname = \"栏目" << i << "\"\nurl = \"" << server_.Url(Host(i), "/col/col1000/index.html")
        << "\"\nagencies = [\"从不发布的单位" << i << "\"]\nfirst_year = 2021\n\n";
    }
    std::string path = (dir_ / (name + ".toml")).string();
    std::ofstream(path) << t.str();
    return path;
  }

  testing::ProcessResult Crawl(const std::string& config, int timeout_ms) {
    return testing::RunProcess({testing::NianbaoExe(), "--config", config, "-q", "crawl"}, timeout_ms);
  }

  std::string Db(const std::string& name) const { return (dir_ / (name + ".db")).string(); }

  // A crawl let finish; then, while faults left documents failed for a later
  // cycle, `nianbao retry` and another crawl (at most 4 rounds). Returns the
  // rounds it took.
  int CrawlToEnd(const std::string& config, const std::string& db) {
    testing::ProcessResult r = Crawl(config, 300000);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    int rounds = 0;
    for (; TransientFailures(db) > 0 && rounds < 4; ++rounds) {
      testing::ProcessResult retry =
          testing::RunProcess({testing::NianbaoExe(), "--config", config, "-q", "retry"}, 60000);
      REQUIRE_MESSAGE(retry.exit_code == 0, retry.err);
      r = Crawl(config, 300000);
      REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    }
    CHECK(TransientFailures(db) == 0);
    return rounds;
  }

  // Deliveries a fault at the receiver sent back wait the outbox's retry time
  // (a minute, doubling): make them due now, the test's stand-in for that
  // wait, and crawl again, which delivers what is due; until none is left
  // (at most 8 rounds). Returns the rounds it took.
  int DrainDeliveries(const std::string& config, const std::string& db) {
    int rounds = 0;
    for (; PendingDeliveries(db) > 0 && rounds < 8; ++rounds) {
      Execute(db, "UPDATE alert_deliveries SET next_attempt_at = 0 WHERE state = 'pending'");
      testing::ProcessResult r = Crawl(config, 300000);
      REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    }
    CHECK(PendingDeliveries(db) == 0);
    return rounds;
  }

  testing::HttpTestServer server_;
  fs::path dir_;
};

// Everything a crawl leaves that must not depend on how often it was killed,
// one line per fact, sorted.
std::vector<std::string> Snapshot(const std::string& db) {
  std::vector<std::string> out;
  auto opened = storage::Store::Open(db, storage::OpenMode::kReadOnly, SystemClock::Instance());
  REQUIRE_MESSAGE(opened.ok(), opened.status().message());
  storage::Store& store = **opened;
  Status integrity = store.IntegrityCheck();
  CHECK_MESSAGE(integrity.ok(), integrity.message());
  auto counts = store.CountDocumentsByState();
  REQUIRE(counts.ok());
  CHECK(counts->pending == 0);   // the queue is empty
  CHECK(counts->fetching == 0);
  for (storage::DocState st : {storage::DocState::kPending, storage::DocState::kFetching, storage::DocState::kFetched,
                               storage::DocState::kParsed, storage::DocState::kFailed}) {
    auto docs = store.ListDocuments(st, 1000000);
    REQUIRE(docs.ok());
    for (const storage::DocumentRow& d : *docs) {
      CHECK_MESSAGE(d.lease_owner.empty(), "stale lease on " << d.url);
      std::string line = "document " + d.url + " " + std::string(storage::ToString(d.kind)) + " " +
                         std::string(storage::ToString(d.state));
      if (d.error_kind) line += " " + std::string(storage::ToString(*d.error_kind));
      out.push_back(line);
      auto rev = store.LatestRevision(d.id);
      REQUIRE(rev.ok());
      auto n = store.RevisionCount(d.id);
      REQUIRE(n.ok());
      if (*rev) out.push_back("revision " + d.url + " " + (*rev)->content_hash + " x" + std::to_string(*n));
    }
  }
  auto reports = store.ListReports({});
  REQUIRE(reports.ok());
  std::set<std::pair<std::string, int>> seen;
  for (const storage::ReportSummary& r : *reports) {
    if (!seen.insert({r.agency, r.year}).second) continue;
    auto versions = store.ListReportVersions(r.agency, r.year);
    REQUIRE(versions.ok());
    std::set<std::pair<std::int64_t, std::int64_t>> keys;
    for (const storage::StoredReport& v : *versions) {
      CHECK_MESSAGE(keys.insert({v.document_id, v.revision_id}).second, "duplicate report " << v.agency << v.year);
      std::string who = v.agency + " " + std::to_string(v.year) + " " + v.url;
      out.push_back("report " + who + " " + std::string(storage::ToString(v.status)) + " " + v.format + " " + std::to_string(v.checks_failed));
      for (const storage::MetricValue& m : v.metrics)
        out.push_back("metric " + who + " " + m.table + "." + m.row + "." + m.column + "=" +
                      (m.value ? std::to_string(*m.value) : std::string("null")));
    }
  }
  auto alerts = store.ListAlerts(false);
  REQUIRE(alerts.ok());
  for (const storage::AlertRow& a : *alerts)
    out.push_back("alert " + a.kind + " " + a.agency + " " + std::to_string(a.year) +
                  (a.resolved_at ? " resolved" : " open"));
  std::sort(out.begin(), out.end());
  return out;
}

std::set<std::string> SentKeys(const std::string& db) {
  std::vector<std::string> v = Column(db, "SELECT idempotency_key FROM alert_deliveries WHERE state = 'sent'");
  return {v.begin(), v.end()};
}

std::set<std::string> OpenAlerts(const std::string& db) {
  std::vector<std::string> v = Column(
      db, "SELECT kind || ' ' || COALESCE(agency, '') || ' ' || year || ' ' || COALESCE(delivered_to, '') FROM alerts "
          "WHERE resolved_at IS NULL");
  return {v.begin(), v.end()};
}

// The lines only in `a`, then those only in `b`, at most 20 of each.
std::string Difference(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> only_a, only_b;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only_a));
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(only_b));
  std::string s = std::to_string(only_a.size()) + " lines only undisturbed, " + std::to_string(only_b.size()) +
                  " only after the kills\n";
  for (std::size_t i = 0; i < only_a.size() && i < 20; ++i) s += "  - " + only_a[i] + "\n";
  for (std::size_t i = 0; i < only_b.size() && i < 20; ++i) s += "  + " + only_b[i] + "\n";
  return s;
}

}  // namespace

TEST_CASE_FIXTURE(CrashFixture, "a crawl SIGKILLed at random moments ends in the undisturbed crawl's state") {
  const std::string calm = WriteConfig("calm");
  const auto t0 = SteadyClock::now();
  testing::ProcessResult first = Crawl(calm, 300000);
  const auto calm_ms = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - t0).count();
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  const int calm_rounds = CrawlToEnd(calm, Db("calm"));  // a revisit, and retries of what faults left failed
  std::vector<std::string> expected = Snapshot(Db("calm"));
  int reports = static_cast<int>(std::count_if(expected.begin(), expected.end(),
                                               [](const std::string& l) { return l.rfind("report ", 0) == 0; }));
  REQUIRE(reports > 30);  // the columns were read through their windows

  const std::string killed = WriteConfig("killed");
  std::mt19937 rng(20260315u + kKills);
  // Kills land anywhere from the process start to the end of a whole
  // crawl; once a crawl finishes by itself (the next ones are revisits, which
  // answer 304 and take less time), within the time that one took.
  // Capped at the budget's share of one kill, so that the kills fit in it
  // when a crawl is slow (the ASan build): each run resumes where the last
  // was killed, so kills still spread over the whole crawl.
  const auto budget = std::chrono::seconds(kKills > 10 ? 1200 : 35);
  const int cap = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(budget).count() / kKills);
  int longest = std::clamp<int>(static_cast<int>(calm_ms), 200, cap);
  const auto start = SteadyClock::now();
  int kills = 0, finished = 0;
  while (kills < kKills && SteadyClock::now() - start < budget) {
    const auto run_start = SteadyClock::now();
    testing::ProcessResult r = Crawl(killed, std::uniform_int_distribution<int>(20, longest)(rng));
    if (r.timed_out) {
      ++kills;
    } else {
      REQUIRE_MESSAGE(r.exit_code == 0, r.err);
      ++finished;  // a whole crawl fitted in; the next one starts a new cycle
      longest = std::clamp<int>(static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                    SteadyClock::now() - run_start)
                                    .count()),
                                100, cap);
    }
  }
  const auto kill_s = std::chrono::duration_cast<std::chrono::seconds>(SteadyClock::now() - start).count();
  CHECK(kills >= std::min(kKills, 4));
  const int killed_rounds = CrawlToEnd(killed, Db("killed"));
  std::vector<std::string> got = Snapshot(Db("killed"));
  const testing::FaultCounts faults = server_.FaultsInjected();
  MESSAGE(kills << " kills in " << kill_s << " s, " << finished << " crawls finished between them; undisturbed crawl "
                << calm_ms << " ms; " << reports << " report lines; faults: " << faults.unavailable << " 503, "
                << faults.reset << " resets, " << faults.slow << " slow of " << faults.requests
                << " requests; retry rounds: " << calm_rounds << " undisturbed, " << killed_rounds << " after the kills");
  CHECK(faults.unavailable > 0);  // the sites were flaky indeed
  CHECK(faults.reset > 0);
  CHECK(faults.slow > 0);
  CHECK_MESSAGE(got == expected, Difference(expected, got));
}

// `nianbao run` delivering alerts to a loopback webhook that takes a while to
// answer, SIGKILLed at random moments, then a crawl that finishes (and so
// delivers what is due): every idempotency key an undisturbed run delivers is
// delivered, none is lost, and none is sent again once a POST of it was
// answered 200 (at-least-once, with stable keys, as the README says).
TEST_CASE_FIXTURE(CrashFixture, "run SIGKILLed at random moments delivers every alert, none again after a 200") {
  testing::RouteOptions slow;
  slow.delay_ms = 15;  // kills land during POSTs too
  server_.Add("*", "POST", "/calm", testing::Response::Text("ok"), slow);
  server_.Add("*", "POST", "/hook", testing::Response::Text("ok"), slow);
  // The receiver is flaky too: 10% 503, 5% resets (seed 10 refuses its 1st
  // and 3rd requests, so the undisturbed run meets both).
  const testing::FaultPlan receiver = Faults(10, 0.10, 0.05, 0);
  server_.SetFaultPlan("127.0.0.1", receiver);
  auto keys_of = [&](const std::string& path) {
    std::map<std::string, std::vector<testing::Request>> keys;
    for (const testing::Request& r : server_.Requests())
      if (r.method == "POST" && r.path == path) keys[r.Header("Idempotency-Key")].push_back(r);
    return keys;
  };

  const std::string calm = WriteConfig("calm_run", server_.Url("127.0.0.1", "/calm"));
  const auto t0 = SteadyClock::now();
  testing::ProcessResult first = Crawl(calm, 300000);
  const auto calm_ms = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - t0).count();
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  CrawlToEnd(calm, Db("calm_run"));
  DrainDeliveries(calm, Db("calm_run"));
  REQUIRE(server_.WaitForIdle());
  REQUIRE(keys_of("/calm").size() >= static_cast<std::size_t>(kHosts));
  {  // the receiver answered exactly as planned, and the outbox got past it
    std::uint64_t n = 0;
    int refused = 0;
    for (const testing::Request& r : server_.Requests()) {
      if (r.method != "POST" || r.path != "/calm") continue;
      const testing::PlannedFault want = receiver.For(n++);
      CHECK((r.status == 503) == (want == testing::PlannedFault::kUnavailable));
      CHECK((r.status == 0) == (want == testing::PlannedFault::kReset));
      refused += r.status != 200;
    }
    CHECK(refused >= 2);
  }
  std::set<std::string> expected_open = OpenAlerts(Db("calm_run"));

  const std::string killed = WriteConfig("killed_run", server_.Url("127.0.0.1", "/hook"));
  std::mt19937 rng(4242u + kKills);
  const auto budget = std::chrono::seconds(kKills > 10 ? 1200 : 35);
  const int cap = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(budget).count() / kKills);
  std::uniform_int_distribution<int> moment(20, std::clamp<int>(static_cast<int>(calm_ms) + 500, 300, cap));
  const auto start = SteadyClock::now();
  // After each kill: how many requests the server had seen, and the keys the
  // database had recorded as sent (answered 200 and committed).
  std::vector<std::pair<std::size_t, std::set<std::string>>> after_kill;
  int kills = 0;
  while (kills < kKills && SteadyClock::now() - start < budget) {
    // `run` never ends by itself: each run is killed at its moment.
    testing::ProcessResult r = testing::RunProcess({testing::NianbaoExe(), "--config", killed, "-q", "run"}, moment(rng));
    CHECK_MESSAGE(r.timed_out, r.err);
    ++kills;
    server_.WaitForIdle();
    after_kill.emplace_back(server_.Requests().size(), SentKeys(Db("killed_run")));
  }
  const auto kill_s = std::chrono::duration_cast<std::chrono::seconds>(SteadyClock::now() - start).count();
  CrawlToEnd(killed, Db("killed_run"));
  const int drain_rounds = DrainDeliveries(killed, Db("killed_run"));
  REQUIRE(server_.WaitForIdle());

  const std::vector<testing::Request> log = server_.Requests();
  for (const auto& [seen, sent] : after_kill) {
    for (std::size_t i = seen; i < log.size(); ++i) {
      if (log[i].method != "POST" || log[i].path != "/hook") continue;
      CHECK_MESSAGE(sent.count(log[i].Header("Idempotency-Key")) == 0,
                    "key " << log[i].Header("Idempotency-Key") << " sent again after it was recorded sent");
    }
  }
  // A POST answered 200 is never repeated unless a kill came between it and
  // the repeat (before the process recorded the 200).
  std::map<std::string, std::size_t> answered;  // key -> index of its first POST answered 200
  int repeats_after_200 = 0;
  for (std::size_t j = 0; j < log.size(); ++j) {
    if (log[j].method != "POST" || log[j].path != "/hook") continue;
    const std::string key = log[j].Header("Idempotency-Key");
    if (auto it = answered.find(key); it != answered.end()) {
      const std::size_t i = it->second;
      const bool killed_between = std::any_of(after_kill.begin(), after_kill.end(),
                                              [&](const auto& k) { return k.first > i && k.first <= j; });
      CHECK_MESSAGE(killed_between, "key " << key << " sent again after a 200 with no kill in between");
      ++repeats_after_200;
    } else if (log[j].status == 200) {
      answered.emplace(key, j);
    }
  }
  auto keys = keys_of("/hook");
  std::set<std::string> recorded = SentKeys(Db("killed_run"));
  int resent = 0, refused = 0;
  for (const auto& [key, requests] : keys) {
    CHECK_FALSE(key.empty());
    CHECK_MESSAGE(recorded.count(key) == 1, "key " << key << " was delivered but is not recorded sent");
    CHECK_MESSAGE(answered.count(key) == 1, "key " << key << " was never answered 200");
    resent += requests.size() > 1;
    refused += static_cast<int>(std::count_if(requests.begin(), requests.end(),
                                              [](const testing::Request& r) { return r.status != 200; }));
  }
  MESSAGE(kills << " kills in " << kill_s << " s; " << keys.size() << " keys delivered, " << recorded.size()
                << " recorded sent, " << resent << " seen more than once (" << refused
                << " POSTs refused by a 503 or reset, " << repeats_after_200
                << " repeats of a 200 across a kill); " << drain_rounds << " delivery retry rounds");
  CHECK(recorded.size() == keys.size());  // every key in the outbox went out and was recorded
  CHECK(PendingDeliveries(Db("killed_run")) == 0);
  CHECK(OpenAlerts(Db("killed_run")) == expected_open);
}

}  // namespace nianbao::app
