// Sources, agencies and reports with their metrics, checks and versions.
#include "storage/store.h"

#include <doctest/doctest.h>

#include "tests/storage/store_fixture.h"

namespace nianbao::storage {
namespace {

using testing::StoreFixture;

StoredReport MakeReport(std::int64_t doc, std::int64_t rev, double new_requests) {
  StoredReport r;
  r.agency = "南岗区王岗镇";
  r.year = 2021;
  r.document_id = doc;
  r.revision_id = rev;
  r.format = "2021";
  r.title = "南岗区王岗镇2021年政府信息公开工作年度报告";
  r.url = "http://a.test/art/2022/1/20/art_126585_123.html";
  r.published = "2022-01-20";
  r.status = ReportStatus::kParsed;
  r.body_text = "一、总体情况……";
  r.sections_json = R"([{"number":1,"heading":"总体情况","text":"…"}])";
  r.canonical_json = R"({"title":"南岗区王岗镇2021年政府信息公开工作年度报告","year":2021})";
  r.metrics = {{"requests", "new", "natural_person", new_requests},
               {"requests", "new", "total", new_requests},
               {"active_disclosure", "fees", "amount", std::nullopt}};
  r.checks = {{"requests.balance", "总计", CheckStatus::kFailed, "4 + 0 ≠ 3 + 0"},
              {"requests.new_total", "", CheckStatus::kOk, ""}};
  r.checks_failed = 1;
  return r;
}

TEST_CASE("stored states are spelt as the schema and the operator's output spell them") {
  CHECK(ToString(ReportStatus::kParsed) == "parsed");
  CHECK(ToString(ReportStatus::kAttachment) == "attachment");
  CHECK(ToString(ReportStatus::kFailed) == "failed");
  CHECK(ToString(CheckStatus::kOk) == "ok");
  CHECK(ToString(CheckStatus::kFailed) == "failed");
  CHECK(ToString(CheckStatus::kNotAssessable) == "not_assessable");
  CHECK(ToString(CycleState::kRunning) == "running");
  CHECK(ToString(CycleState::kFinished) == "finished");
  CHECK(ToString(CycleState::kAbandoned) == "abandoned");
  CHECK(ToString(DeliveryState::kPending) == "pending");
  CHECK(ToString(DeliveryState::kSent) == "sent");
  CHECK(ToString(DeliveryState::kFailed) == "failed");
  CHECK(ParseReportStatus("attachment") == ReportStatus::kAttachment);
  CHECK(ParseCheckStatus("not_assessable") == CheckStatus::kNotAssessable);
  CHECK(ParseCycleState("abandoned") == CycleState::kAbandoned);
  CHECK(ParseDeliveryState("sent") == DeliveryState::kSent);
  CHECK_FALSE(ParseReportStatus("Parsed").has_value());
  CHECK_FALSE(ParseCheckStatus("").has_value());
}

TEST_CASE_FIXTURE(StoreFixture, "every report and check status is stored and read back") {
  const ReportStatus statuses[] = {ReportStatus::kParsed, ReportStatus::kAttachment, ReportStatus::kFailed};
  int year = 2019;
  for (ReportStatus st : statuses) {
    std::int64_t doc = Add("http://a.test/art/" + std::to_string(year) + ".html");
    CompleteOutcome rev = Fetch(doc, "<html>" + std::to_string(year) + "</html>");
    StoredReport r = MakeReport(doc, rev.revision_id, 1);
    r.year = year++;
    r.status = st;
    r.checks = {{"a", "", CheckStatus::kOk, ""}, {"b", "", CheckStatus::kFailed, ""},
                {"c", "", CheckStatus::kNotAssessable, ""}};
    REQUIRE(store().SaveReport(r).ok());
    auto got = store().GetReport(r.agency, r.year);
    REQUIRE(got.ok());
    REQUIRE(got->has_value());
    CHECK((**got).status == st);
    REQUIRE((**got).checks.size() == 3);
    CHECK((**got).checks[0].status == CheckStatus::kOk);
    CHECK((**got).checks[1].status == CheckStatus::kFailed);
    CHECK((**got).checks[2].status == CheckStatus::kNotAssessable);
  }
  auto listed = store().ListReports(ReportFilter{});
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 3);
  for (std::size_t i = 0; i < 3; ++i) CHECK((*listed)[i].status == statuses[i]);
}

TEST_CASE_FIXTURE(StoreFixture, "sources upsert by name and rosters mark agencies") {
  auto a = store().UpsertSource(SourceRow{0, "南岗区", "http://a.test/col/1", 2020});
  auto again = store().UpsertSource(SourceRow{0, "南岗区", "http://a.test/col/2", 2021});
  auto b = store().UpsertSource(SourceRow{0, "道里区", "http://b.test/col/1", 2019});
  REQUIRE(a.ok());
  REQUIRE(again.ok());
  REQUIRE(b.ok());
  CHECK(*again == *a);
  auto sources = store().ListSources();
  REQUIRE(sources->size() == 2);
  CHECK((*sources)[0].url == "http://a.test/col/2");
  CHECK((*sources)[0].first_year == 2021);

  REQUIRE(store().SetRoster(*a, {"王岗镇", "文化街道"}, 2020).ok());
  REQUIRE(store().SetRoster(*a, {"王岗镇"}, 2020).ok());
  auto agencies = store().ListAgencies();
  REQUIRE(agencies.ok());
  REQUIRE(agencies->size() == 2);
  for (const AgencyRow& ag : *agencies) {
    CHECK(ag.source_id == *a);
    CHECK(ag.on_roster == (ag.name == "王岗镇"));
  }
}

TEST_CASE_FIXTURE(StoreFixture, "a report is saved with metrics and checks, and re-saving replaces them") {
  std::int64_t doc = Add("http://a.test/art/2022/1/20/art_126585_123.html");
  CompleteOutcome rev = Fetch(doc, "<html>v1</html>");
  auto id = store().SaveReport(MakeReport(doc, rev.revision_id, 4));
  REQUIRE_MESSAGE(id.ok(), id.status().ToString());

  auto got = store().GetReport("南岗区王岗镇", 2021);
  REQUIRE(got.ok());
  REQUIRE(got->has_value());
  const StoredReport& r = **got;
  CHECK(r.id == *id);
  CHECK(r.revision_id == rev.revision_id);
  CHECK(r.published == "2022-01-20");
  CHECK(r.sections_json == R"([{"number":1,"heading":"总体情况","text":"…"}])");
  CHECK(r.canonical_json == R"({"title":"南岗区王岗镇2021年政府信息公开工作年度报告","year":2021})");
  REQUIRE(r.metrics.size() == 3);
  CHECK(r.metrics[0].table == "active_disclosure");
  CHECK_FALSE(r.metrics[0].value.has_value());  // a blank cell stays NULL
  CHECK(r.metrics[1].value == 4.0);
  REQUIRE(r.checks.size() == 2);
  CHECK(r.checks[0].detail == "4 + 0 ≠ 3 + 0");
  CHECK(r.checks[0].status == CheckStatus::kFailed);
  CHECK(r.checks[1].status == CheckStatus::kOk);
  CHECK(r.status == ReportStatus::kParsed);
  CHECK(r.checks_failed == 1);

  StoredReport fixed = MakeReport(doc, rev.revision_id, 3);
  fixed.metrics.pop_back();
  fixed.checks = {{"requests.balance", "总计", CheckStatus::kOk, ""}};
  fixed.checks_failed = 0;
  auto again = store().SaveReport(fixed);
  REQUIRE(again.ok());
  CHECK(*again == *id);  // same version: replaced, not added
  auto replaced = store().GetReport("南岗区王岗镇", 2021);
  CHECK((*replaced)->metrics.size() == 2);
  CHECK((*replaced)->metrics[0].value == 3.0);
  CHECK((*replaced)->checks.size() == 1);
  CHECK((*replaced)->checks_failed == 0);
  CHECK(store().ListReportVersions("南岗区王岗镇", 2021)->size() == 1);

  // The publisher is now a known agency even though no roster named it.
  auto agencies = store().ListAgencies();
  REQUIRE(agencies->size() == 1);
  CHECK((*agencies)[0].name == "南岗区王岗镇");
  CHECK_FALSE((*agencies)[0].on_roster);
  CHECK((*agencies)[0].first_report_year == 2021);
}

TEST_CASE_FIXTURE(StoreFixture, "a revised page adds a report version and keeps the old one") {
  std::int64_t doc = Add("http://a.test/art/1.html");
  CompleteOutcome r1 = Fetch(doc, "<html>v1</html>");
  auto id1 = store().SaveReport(MakeReport(doc, r1.revision_id, 4));
  CompleteOutcome r2 = Fetch(doc, "<html>v2, corrected</html>");
  REQUIRE(r2.is_new);
  auto id2 = store().SaveReport(MakeReport(doc, r2.revision_id, 5));
  REQUIRE(id1.ok());
  REQUIRE(id2.ok());
  CHECK(*id1 != *id2);

  auto versions = store().ListReportVersions("南岗区王岗镇", 2021);
  REQUIRE(versions.ok());
  REQUIRE(versions->size() == 2);
  CHECK((*versions)[0].revision_id == r1.revision_id);
  CHECK((*versions)[0].metrics[1].value == 4.0);
  CHECK((*versions)[1].metrics[1].value == 5.0);
  CHECK((*store().GetReport("南岗区王岗镇", 2021))->id == *id2);

  auto list = store().ListReports(ReportFilter{});
  REQUIRE(list.ok());
  REQUIRE(list->size() == 1);  // only the current version is listed
  CHECK((*list)[0].revisions == 2);
  CHECK((*list)[0].checks_failed == 1);
}

TEST_CASE_FIXTURE(StoreFixture, "ListReports filters by year and agency, bad reports are refused whole") {
  std::int64_t d1 = Add("http://a.test/1");
  std::int64_t d2 = Add("http://a.test/2");
  StoredReport a = MakeReport(d1, Fetch(d1, "a").revision_id, 1);
  StoredReport b = MakeReport(d2, Fetch(d2, "b").revision_id, 2);
  b.year = 2020;
  b.agency = "道里区";
  REQUIRE(store().SaveReport(a).ok());
  REQUIRE(store().SaveReport(b).ok());
  CHECK(store().ListReports(ReportFilter{})->size() == 2);
  CHECK(store().ListReports(ReportFilter{2020, std::nullopt})->front().agency == "道里区");
  CHECK(store().ListReports(ReportFilter{std::nullopt, "南岗区王岗镇"})->front().year == 2021);
  CHECK(store().ListReports(ReportFilter{2019, std::nullopt})->empty());
  CHECK_FALSE(store().GetReport("nobody", 2021)->has_value());

  StoredReport bad = MakeReport(d1, 0, 1);
  bad.year = 2019;
  bad.status = static_cast<ReportStatus>(99);  // no status the schema allows
  auto saved = store().SaveReport(bad);
  REQUIRE_FALSE(saved.ok());
  CHECK(saved.status().code() == Code::kFailedPrecondition);
  CHECK_FALSE(store().GetReport("南岗区王岗镇", 2019)->has_value());
  StoredReport orphan = MakeReport(424242, 0, 1);  // no such document
  CHECK_FALSE(store().SaveReport(orphan).ok());
}

}  // namespace
}  // namespace nianbao::storage
