// AlertEngine and Outbox against a real SQLite file, a ManualClock for the
// deadline logic, and a real loopback HTTP receiver for the webhook channel;
// plus the installed default configuration and the daemon's log set-up.
#include "alerts/alert_engine.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "analysis/deadline.h"
#include "alerts/outbox.h"
#include "tests/storage/store_fixture.h"
#include "tests/support/http_test_server.h"

namespace nianbao::alerts {
namespace {

using storage::testing::StoreFixture;
using nianbao::testing::HttpTestServer;
using nianbao::testing::Request;
using nianbao::testing::Response;
using nianbao::testing::RouteOptions;

const std::string kAgency = "南岗区王岗镇";
const std::string kOnTime = "南岗区文化街道办事处";

UnixMillis ChinaNoon(int y, int m, int d) { return analysis::ChinaStartOfDay(analysis::CivilDate{y, m, d}) + 12 * 3600 * 1000; }

// One source with two agencies expected from 2025; a webhook receiver.
class AlertFixture : public StoreFixture {
 public:
  AlertFixture() {
    clock_.Set(ChinaNoon(2026, 1, 15));  // 2025 has ended; its deadline (01-31) has not passed
    auto id = store().UpsertSource({0, "南岗区年报", "http://ngq.test/col/1/index.html", 2025});
    REQUIRE(id.ok());
    source_id_ = *id;
    REQUIRE(store().SetRoster(source_id_, {kAgency, kOnTime}, 2025).ok());
    server_.Add("*", "POST", "/hook", [this](const Request&) { return Response::Text("ok"); });
    alert_options_.webhook.url = server_.Url("127.0.0.1", "/hook");
    alert_options_.digest = false;  // these cases are about single deliveries; digest_test.cpp covers digests
    alert_options_.reminder_interval_s = 7 * 86400;
    options_.retry_base_ms = 60000;
    options_.max_attempts = 3;
    options_.timeout_ms = 5000;
  }

  AlertPass Evaluate() {
    AlertEngine engine(store(), clock_);
    auto pass = engine.Evaluate(alert_options_, deadline_);
    REQUIRE_MESSAGE(pass.ok(), pass.status().message());
    return *pass;
  }
  DeliveryPass Deliver() {
    Outbox outbox(store(), clock_, options_);
    auto pass = outbox.DeliverDue(alert_options_);
    REQUIRE_MESSAGE(pass.ok(), pass.status().message());
    return *pass;
  }
  std::vector<nlohmann::json> Posts() {
    std::vector<nlohmann::json> out;
    for (const Request& r : server_.Requests()) {
      if (r.method != "POST") continue;
      nlohmann::json j = nlohmann::json::parse(r.body);
      CHECK(j["idempotency_key"] == r.Header("Idempotency-Key"));
      out.push_back(j);
    }
    return out;
  }
  std::vector<storage::AlertRow> Open(const std::string& kind) {
    auto all = store().ListAlerts(true);
    REQUIRE(all.ok());
    std::vector<storage::AlertRow> out;
    for (const auto& a : *all)
      if (a.kind == kind) out.push_back(a);
    return out;
  }
  // A parsed report for `agency` 2025 at a document of its own, saved now.
  std::int64_t SaveReport(const std::string& agency, const std::string& published, double requests,
                          int checks_failed = 0, std::int64_t doc = 0) {
    if (doc == 0) doc = Add("http://ngq.test/art/" + agency + ".html", storage::DocKind::kArticle, source_id_);
    storage::CompleteOutcome rev = Fetch(doc, "<html>" + agency + std::to_string(requests) + "</html>");
    storage::StoredReport r;
    r.agency = agency;
    r.year = 2025;
    r.document_id = doc;
    r.revision_id = rev.revision_id;
    r.format = "2021";
    r.title = agency + "2025年政府信息公开工作年度报告";
    r.url = "http://ngq.test/art/" + agency + ".html";
    r.published = published;
    r.status = storage::ReportStatus::kParsed;
    r.metrics = {{"requests", "new", "total", requests}};
    r.checks_failed = checks_failed;
    if (checks_failed > 0) r.checks = {{"requests.balance", "total", storage::CheckStatus::kFailed, "4 + 0 ≠ 3 + 0"}};
    REQUIRE(store().SaveReport(r).ok());
    return doc;
  }

  // One crawl cycle in which the column `list` is read (ok) or fails with `kind`.
  void RunCycle(std::int64_t list, bool ok, storage::ErrorKind kind, const std::string& error) {
    auto cycle = store().BeginCycle(false);
    REQUIRE(cycle.ok());
    if (ok) {
      Fetch(list, "<html>list " + std::to_string(cycle->id) + "</html>");
    } else {
      auto claimed = store().Claim("test", 10, 60000);
      REQUIRE(claimed.ok());
      storage::FailureRecord f;
      f.kind = kind;
      f.error = error;
      for (const auto& d : *claimed) REQUIRE(store().Fail(d.id, f).ok());
    }
    REQUIRE(store().FinishCycle(cycle->id).ok());
  }

  HttpTestServer server_;
  AlertOptions alert_options_;
  analysis::DeadlineRule deadline_;  // 01-31, no grace
  OutboxOptions options_;
  std::int64_t source_id_ = 0;
};

TEST_CASE_FIXTURE(AlertFixture, "overdue: none before the deadline, one after, reminders per period, resolved when found late") {
  REQUIRE(SaveReport(kOnTime, "2026-01-10", 4) > 0);  // on time: never alerted
  AlertPass before = Evaluate();
  CHECK(before.raised == 0);
  CHECK(Open(kAlertOverdue).empty());

  clock_.Set(ChinaNoon(2026, 2, 1));  // the day after the deadline
  AlertPass after = Evaluate();
  CHECK(after.raised == 1);
  auto overdue = Open(kAlertOverdue);
  REQUIRE(overdue.size() == 1);
  CHECK(overdue[0].agency == kAgency);
  CHECK(overdue[0].year == 2025);
  CHECK(overdue[0].detail.find("2026-01-31") != std::string::npos);
  CHECK(Deliver().sent == 1);

  // Deduplicated: later passes in the same reminder period raise and send nothing.
  clock_.Advance(3 * 86400 * 1000LL);
  CHECK(Evaluate().raised == 0);
  CHECK(Deliver().sent == 0);
  CHECK(Open(kAlertOverdue).size() == 1);

  // A reminder once the interval has passed, then again nothing until the next.
  clock_.Advance(5 * 86400 * 1000LL);
  Evaluate();
  CHECK(Deliver().sent == 1);
  Evaluate();
  CHECK(Deliver().sent == 0);

  // The report appears (published late): overdue resolves, `late` is sent once.
  SaveReport(kAgency, "2026-02-09", 7);
  AlertPass found = Evaluate();
  CHECK(found.resolved == 1);
  CHECK(Open(kAlertOverdue).empty());
  CHECK(Deliver().sent == 2);  // the resolution and the late notice
  clock_.Advance(30 * 86400 * 1000LL);
  CHECK(Evaluate().raised == 0);  // late is never raised again
  CHECK(Deliver().sent == 0);

  std::vector<nlohmann::json> posts = Posts();
  REQUIRE(posts.size() == 4);
  CHECK(posts[0]["kind"] == "overdue");
  CHECK(posts[0]["agency"] == kAgency);
  CHECK(posts[0]["year"] == 2025);
  CHECK(posts[1]["kind"] == "overdue");
  CHECK(posts[1]["idempotency_key"] != posts[0]["idempotency_key"]);
  std::multiset<std::string> kinds = {posts[2]["kind"].get<std::string>(), posts[3]["kind"].get<std::string>()};
  CHECK(kinds == std::multiset<std::string>{"late", "resolved"});
  std::set<std::string> keys;
  for (const auto& p : posts) keys.insert(p["idempotency_key"].get<std::string>());
  CHECK(keys.size() == posts.size());
}

TEST_CASE_FIXTURE(AlertFixture, "a late report whose page shows an on-time date is not called late") {
  clock_.Set(ChinaNoon(2026, 3, 1));
  SaveReport(kAgency, "2026-01-20", 3);  // found in March, published in January
  SaveReport(kOnTime, "2026-01-30", 3);
  Evaluate();
  auto all = store().ListAlerts(false);
  REQUIRE(all.ok());
  for (const auto& a : *all) CHECK(a.kind != kAlertLate);
}

TEST_CASE_FIXTURE(AlertFixture, "checks_failed, revised and withdrawn follow the report's state") {
  clock_.Set(ChinaNoon(2026, 1, 20));
  std::int64_t doc = SaveReport(kAgency, "2026-01-20", 4, 1);
  SaveReport(kOnTime, "2026-01-20", 4);
  Evaluate();
  auto failed = Open(kAlertChecksFailed);
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].detail.find("requests.balance") != std::string::npos);

  // A corrected page: a second version with a different figure and no failed checks.
  clock_.Advance(86400 * 1000LL);
  SaveReport(kAgency, "2026-01-20", 5, 0, doc);
  AlertPass pass = Evaluate();
  CHECK(Open(kAlertChecksFailed).empty());
  auto all = store().ListAlerts(false);
  REQUIRE(all.ok());
  auto revised = std::find_if(all->begin(), all->end(), [](const auto& a) { return a.kind == kAlertRevised; });
  REQUIRE(revised != all->end());
  CHECK(revised->detail.find("requests.new.total: 4 → 5") != std::string::npos);
  CHECK(revised->resolved_at.has_value());  // an event: closed at once
  CHECK(revised->versions == 2);            // the count is data, not read back from the text
  CHECK(Evaluate().raised == 0);            // and not raised again for the same version

  // The page disappears: 404.
  REQUIRE(store().Requeue(doc).ok());
  auto claimed = store().Claim("test", 10, 60000);
  REQUIRE(claimed.ok());
  storage::FailureRecord gone;
  gone.kind = storage::ErrorKind::kHttp;
  gone.http_status = 404;
  gone.error = "HTTP 404";
  gone.permanent = true;
  REQUIRE(store().Fail(doc, gone).ok());
  Evaluate();
  auto withdrawn = Open(kAlertWithdrawn);
  REQUIRE(withdrawn.size() == 1);
  CHECK(withdrawn[0].agency == kAgency);
}

TEST_CASE_FIXTURE(AlertFixture, "source_failing after the configured number of failing cycles, resolved by a good one") {
  alert_options_.source_failing_cycles = 2;
  std::int64_t list = Add("http://ngq.test/col/1/index.html", storage::DocKind::kList, source_id_);
  auto run_cycle = [&](bool ok) { RunCycle(list, ok, storage::ErrorKind::kConnect, "connection refused"); };
  run_cycle(false);
  Evaluate();
  CHECK(Open(kAlertSourceFailing).empty());  // one failing cycle is not enough
  run_cycle(false);
  Evaluate();
  auto failing = Open(kAlertSourceFailing);
  REQUIRE(failing.size() == 1);
  CHECK(failing[0].agency == "南岗区年报");
  run_cycle(true);
  Evaluate();
  CHECK(Open(kAlertSourceFailing).empty());
}

TEST_CASE_FIXTURE(AlertFixture, "a column that could not be read raises no overdue alert and resolves none") {
  std::int64_t list = Add("http://ngq.test/col/1/index.html", storage::DocKind::kList, source_id_);
  auto run_cycle = [&](bool ok) { RunCycle(list, ok, storage::ErrorKind::kBlocked, "blocked: HTTP 412 with $_ts"); };
  clock_.Set(ChinaNoon(2026, 2, 10));  // the 2025 deadline has passed
  run_cycle(false);
  Evaluate();
  CHECK(Open(kAlertOverdue).empty());  // blocked is not "published nothing"
  run_cycle(true);
  Evaluate();
  CHECK(Open(kAlertOverdue).size() == 2);  // read, and nothing there
  run_cycle(false);
  Evaluate();
  auto still = Open(kAlertOverdue);
  REQUIRE(still.size() == 2);  // kept open, not resolved, while the column is unreadable
  CHECK(still[0].detail.find("could not be read") != std::string::npos);
}

TEST_CASE_FIXTURE(AlertFixture, "a receiver that fails is retried later with backoff, then given up") {
  server_.Add("*", "POST", "/hook", Response::Text("broken", 500));
  clock_.Set(ChinaNoon(2026, 2, 2));
  Evaluate();  // overdue for both agencies
  DeliveryPass first = Deliver();
  CHECK(first.sent == 0);
  CHECK(first.failed == 2);
  CHECK(Deliver().failed == 0);  // not due again yet

  clock_.Advance(options_.retry_base_ms);
  RouteOptions once_more;
  once_more.fail_first = 1;  // one more failure, then the receiver is back
  server_.Add("*", "POST", "/hook", [](const Request&) { return Response::Text("ok"); }, once_more);
  DeliveryPass second = Deliver();
  CHECK(second.sent == 1);
  CHECK(second.failed == 1);
  CHECK(Deliver().sent == 0);
  clock_.Advance(2 * options_.retry_base_ms);  // the second wait is twice the first
  DeliveryPass third = Deliver();
  CHECK(third.sent == 1);

  // A receiver down for good: max_attempts failures, then no more tries.
  server_.Add("*", "POST", "/hook", Response::Text("broken", 503));
  clock_.Advance(8 * 86400 * 1000LL);  // next reminder period
  Evaluate();
  int failures = 0, gave_up = 0;
  for (int i = 0; i < 6; ++i) {
    DeliveryPass p = Deliver();
    failures += p.failed;
    gave_up += p.gave_up;
    clock_.Advance(3600 * 1000LL);
  }
  CHECK(failures == 2 * options_.max_attempts);
  CHECK(gave_up == 2);
}

TEST_CASE_FIXTURE(AlertFixture, "after a restart nothing is sent twice") {
  clock_.Set(ChinaNoon(2026, 2, 2));
  Evaluate();
  CHECK(Deliver().sent == 2);
  const std::size_t posts = Posts().size();
  Reopen();  // a new process: same file, new Store, new engine and outbox
  Evaluate();
  CHECK(Deliver().sent == 0);
  Reopen();
  clock_.Advance(3600 * 1000LL);
  Evaluate();
  CHECK(Deliver().sent == 0);
  CHECK(Posts().size() == posts);
}

TEST_CASE("reminder periods and retry times") {
  CHECK(ReminderPeriod(1000, 1000, 60) == 0);
  CHECK(ReminderPeriod(0, 59999, 60) == 0);
  CHECK(ReminderPeriod(0, 60000, 60) == 1);
  CHECK(ReminderPeriod(0, 185000, 60) == 3);
  OutboxOptions o;
  o.retry_base_ms = 1000;
  o.retry_cap_ms = 5000;
  o.max_attempts = 5;
  CHECK(RetryAt(1, 0, o) == 1000);
  CHECK(RetryAt(2, 0, o) == 2000);
  CHECK(RetryAt(3, 0, o) == 4000);
  CHECK(RetryAt(4, 0, o) == 5000);
  CHECK_FALSE(RetryAt(5, 0, o).has_value());
}

}  // namespace
}  // namespace nianbao::alerts
