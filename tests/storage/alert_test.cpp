// Alerts: idempotent raise, resolve, and the delivery outbox.
#include "storage/store.h"

#include <doctest/doctest.h>

#include "tests/storage/store_fixture.h"

namespace nianbao::storage {
namespace {

using testing::StoreFixture;

TEST_CASE_FIXTURE(StoreFixture, "RaiseAlert is idempotent per open kind, agency and year") {
  auto first = store().RaiseAlert("missing", "王岗镇", 2023, "no report by 2024-01-31");
  REQUIRE(first.ok());
  CHECK(first->is_new);
  clock_.Advance(3'600'000);
  auto again = store().RaiseAlert("missing", "王岗镇", 2023, "still no report");
  REQUIRE(again.ok());
  CHECK_FALSE(again->is_new);
  CHECK(again->alert_id == first->alert_id);
  auto other = store().RaiseAlert("missing", "王岗镇", 2022, "");
  CHECK(other->is_new);

  auto open = store().ListAlerts(true);
  REQUIRE(open.ok());
  REQUIRE(open->size() == 2);
  const AlertRow& a = open->back();
  CHECK(a.id == first->alert_id);
  CHECK(a.detail == "still no report");
  CHECK(a.first_seen_at == testing::kStart);
  CHECK(a.last_seen_at == testing::kStart + 3'600'000);
  CHECK(a.versions == 0);

  auto resolved = store().ResolveAlert("missing", "王岗镇", 2023);
  REQUIRE(resolved.ok());
  CHECK(*resolved);
  CHECK_FALSE(*store().ResolveAlert("missing", "王岗镇", 2023));
  CHECK(store().ListAlerts(true)->size() == 1);
  auto all = store().ListAlerts(false);
  REQUIRE(all->size() == 2);

  // The same condition coming back is a new alert.
  auto reopened = store().RaiseAlert("missing", "王岗镇", 2023, "gone again");
  CHECK(reopened->is_new);
  CHECK(reopened->alert_id != first->alert_id);
  CHECK(store().ListAlerts(false)->size() == 3);
}

TEST_CASE_FIXTURE(StoreFixture, "a raised alert keeps its version count, updated while it is open") {
  REQUIRE(store().RaiseAlert("revised", "王岗镇", 2023, "2 versions; no metric changed", 2).ok());
  REQUIRE(store().RaiseAlert("revised", "王岗镇", 2023, "3 versions; no metric changed", 3).ok());
  auto open = store().ListAlerts(true);
  REQUIRE(open.ok());
  REQUIRE(open->size() == 1);
  CHECK(open->front().versions == 3);
  CHECK(open->front().detail == "3 versions; no metric changed");
}

TEST_CASE_FIXTURE(StoreFixture, "the outbox delivers once per idempotency key and records where it went") {
  auto alert = store().RaiseAlert("missing", "王岗镇", 2023, "");
  REQUIRE(alert.ok());
  auto d1 = store().EnqueueDelivery(alert->alert_id, "webhook", "missing/王岗镇/2023/webhook/1");
  auto dup = store().EnqueueDelivery(alert->alert_id, "webhook", "missing/王岗镇/2023/webhook/1");
  auto d2 = store().EnqueueDelivery(alert->alert_id, "email", "missing/王岗镇/2023/email/1");
  REQUIRE(d1.ok());
  REQUIRE(dup.ok());
  CHECK(*dup == *d1);
  CHECK(store().DueDeliveries(10)->size() == 2);

  REQUIRE(store().MarkDeliveryFailed(*d2, "connection refused", testing::kStart + 60'000).ok());
  auto due = store().DueDeliveries(10);
  REQUIRE(due->size() == 1);
  CHECK(due->front().id == *d1);

  REQUIRE(store().MarkDeliverySent(*d1).ok());
  CHECK(store().DueDeliveries(10)->empty());
  clock_.Advance(60'000);
  due = store().DueDeliveries(10);
  REQUIRE(due->size() == 1);
  CHECK(due->front().attempts == 1);
  CHECK(due->front().last_error == "connection refused");
  REQUIRE(store().MarkDeliverySent(*d2).ok());
  REQUIRE(store().MarkDeliverySent(*d2).ok());  // a replay after a crash changes nothing visible

  auto alerts = store().ListAlerts(true);
  REQUIRE(alerts->size() == 1);
  CHECK(alerts->front().delivered_to == "webhook,email");
  CHECK(alerts->front().last_sent_at == testing::kStart + 60'000);
  CHECK(store().MarkDeliverySent(424242).code() == Code::kNotFound);
  CHECK(store().EnqueueDelivery(424242, "webhook", "k").status().code() == Code::kFailedPrecondition);
}

}  // namespace
}  // namespace nianbao::storage
