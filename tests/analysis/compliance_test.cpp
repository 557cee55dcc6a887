#include "analysis/compliance.h"

#include <doctest/doctest.h>

#include "tests/storage/temp_dir.h"

using namespace nianbao;
using analysis::ComplianceState;
using analysis::Obligation;

namespace {

UnixMillis ChinaNoon(int y, int m, int d) { return analysis::ChinaStartOfDay({y, m, d}) + 12 * 3600 * 1000; }

struct ComplianceFixture {
  ComplianceFixture() : clock(ChinaNoon(2022, 1, 10)) {
    REQUIRE(dir.ok());
    auto s = storage::Store::Open(dir.File("c.db"), storage::OpenMode::kWriter, clock);
    REQUIRE(s.ok());
    store = std::move(*s);
    auto id = store->UpsertSource({0, "南岗区年报", "http://ngqxxgk.harbin.gov.cn/col/col126585/index.html", 2020});
    REQUIRE(id.ok());
    source_id = *id;
    REQUIRE(store->SetRoster(source_id, {"南岗区王岗镇", "南岗区文化街道办事处"}, 2020).ok());
  }

  void Publish(const std::string& agency, int year, std::optional<std::string> published = std::nullopt) {
    storage::NewDocument d;
    d.url = "http://ngqxxgk.harbin.gov.cn/art/" + agency + std::to_string(year) + ".html";
    d.source_id = source_id;
    auto doc = store->Enqueue(d);
    REQUIRE(doc.ok());
    storage::StoredReport r;
    r.agency = agency;
    r.year = year;
    r.document_id = *doc;
    r.format = "2021";
    r.title = agency + std::to_string(year) + "年政府信息公开工作年度报告";
    r.status = storage::ReportStatus::kParsed;
    r.published = published;
    REQUIRE(store->SaveReport(r).ok());
  }

  const Obligation* Find(const std::vector<Obligation>& all, const std::string& agency, int year) {
    for (const Obligation& o : all)
      if (o.agency == agency && o.year == year) return &o;
    return nullptr;
  }

  std::vector<Obligation> Evaluate(std::optional<int> year = std::nullopt) {
    auto r = analysis::EvaluateCompliance(*store, schedule, clock.Now(), year);
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    return *r;
  }

  storage::testing::TempDir dir;
  ManualClock clock;
  std::unique_ptr<storage::Store> store;
  std::int64_t source_id = 0;
  analysis::DeadlineRule schedule;  // due 01-31, no grace
};

}  // namespace

TEST_CASE_FIXTURE(ComplianceFixture, "roster agencies owe every ended year from the source's first year") {
  auto all = Evaluate();
  // 10 January 2022: 2020 is overdue, 2021 has ended and is still within its deadline.
  REQUIRE(all.size() == 4);
  const Obligation* wg2020 = Find(all, "南岗区王岗镇", 2020);
  REQUIRE(wg2020 != nullptr);
  CHECK(wg2020->state == ComplianceState::kOverdue);
  CHECK(wg2020->source == "南岗区年报");
  CHECK(analysis::FormatDate(wg2020->due.date) == "2021-01-31");
  const Obligation* wg2021 = Find(all, "南岗区王岗镇", 2021);
  REQUIRE(wg2021 != nullptr);
  CHECK(wg2021->state == ComplianceState::kPending);
}

TEST_CASE_FIXTURE(ComplianceFixture, "a report saved before the deadline is on time, after it late") {
  Publish("南岗区王岗镇", 2021);  // 10 January 2022
  clock.Set(ChinaNoon(2022, 2, 5));
  Publish("南岗区文化街道办事处", 2021);  // after 31 January
  auto all = Evaluate(2021);
  REQUIRE(all.size() == 2);
  CHECK(Find(all, "南岗区王岗镇", 2021)->state == ComplianceState::kOnTime);
  const Obligation* late = Find(all, "南岗区文化街道办事处", 2021);
  CHECK(late->state == ComplianceState::kLate);
  REQUIRE(late->report.has_value());
  CHECK(late->report->status == storage::ReportStatus::kParsed);
}

TEST_CASE_FIXTURE(ComplianceFixture, "an agency seen publishing is expected every year after, roster or not") {
  clock.Set(ChinaNoon(2021, 1, 20));
  Publish("南岗区新成立街道办事处", 2020);
  clock.Set(ChinaNoon(2023, 3, 1));
  auto all = Evaluate();
  const Obligation* y2022 = Find(all, "南岗区新成立街道办事处", 2022);
  REQUIRE(y2022 != nullptr);
  CHECK(y2022->state == ComplianceState::kOverdue);
  CHECK(Find(all, "南岗区新成立街道办事处", 2019) == nullptr);
  CHECK(Find(all, "南岗区新成立街道办事处", 2020)->state == ComplianceState::kOnTime);
}

TEST_CASE_FIXTURE(ComplianceFixture, "grace days move the deadline") {
  clock.Set(ChinaNoon(2022, 2, 3));
  CHECK(Find(Evaluate(2021), "南岗区王岗镇", 2021)->state == ComplianceState::kOverdue);
  schedule.grace_days = 5;
  CHECK(Find(Evaluate(2021), "南岗区王岗镇", 2021)->state == ComplianceState::kPending);
  CHECK(Evaluate(2019).empty());  // before the roster's first year
}

TEST_CASE_FIXTURE(ComplianceFixture, "a report found late whose page says it was published on time is on time") {
  clock.Set(ChinaNoon(2022, 3, 1));  // first crawl long after the deadline
  Publish("南岗区王岗镇", 2021, "2022-01-27");
  Publish("南岗区文化街道办事处", 2021, "2022-02-10");
  auto all = Evaluate(2021);
  CHECK(Find(all, "南岗区王岗镇", 2021)->state == ComplianceState::kOnTime);
  CHECK(Find(all, "南岗区文化街道办事处", 2021)->state == ComplianceState::kLate);
}
