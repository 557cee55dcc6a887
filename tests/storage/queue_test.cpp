// The queue's state machine, leases, revisions and crawl cycles.
#include "storage/store.h"

#include <doctest/doctest.h>

#include <set>

#include "tests/storage/store_fixture.h"

namespace nianbao::storage {
namespace {

using testing::StoreFixture;

std::vector<std::int64_t> Ids(const std::vector<DocumentRow>& rows) {
  std::vector<std::int64_t> ids;
  for (const DocumentRow& d : rows) ids.push_back(d.id);
  return ids;
}

TEST_CASE_FIXTURE(StoreFixture, "Enqueue is idempotent by URL") {
  std::int64_t a = Add("http://a.test/1");
  CHECK(Add("http://a.test/1", DocKind::kList, 0, 9) == a);
  CHECK(Add("http://a.test/2") != a);
  NewDocument search = testing::NewDoc("http://a.test/search#POST:q=1", DocKind::kList, 0, a);
  search.hint = R"({"title":"年报"})";
  search.request = R"({"method":"POST"})";
  auto many = store().EnqueueMany({testing::NewDoc("http://a.test/2", DocKind::kArticle, 0, a, 0), search});
  REQUIRE(many.ok());
  REQUIRE(many->size() == 2);
  DocumentRow s = Doc((*many)[1]);
  CHECK(s.parent_id == a);
  CHECK(s.hint == search.hint);
  CHECK(s.request == search.request);
  CHECK(Doc(a).kind == DocKind::kArticle);  // the first enqueue wins
  auto counts = store().CountDocumentsByState();
  REQUIRE(counts.ok());
  CHECK(counts->pending == 3);
  CHECK_FALSE(store().Enqueue(testing::NewDoc("", DocKind::kList, 0, 0, 0)).ok());
}

TEST_CASE_FIXTURE(StoreFixture, "a document walks pending, fetching, fetched, parsed") {
  std::int64_t id = Add("http://a.test/art");
  CHECK(State(id) == DocState::kPending);

  auto claimed = store().Claim("w1", 10, 30'000);
  REQUIRE(claimed.ok());
  REQUIRE(claimed->size() == 1);
  CHECK((*claimed)[0].state == DocState::kFetching);
  CHECK((*claimed)[0].lease_owner == "w1");
  CHECK((*claimed)[0].lease_until == testing::kStart + 30'000);
  CHECK((*claimed)[0].attempts == 1);
  CHECK(store().Claim("w2", 10, 30'000)->empty());  // leased, so not claimable twice

  CHECK(store().MarkParsed(id).code() == Code::kFailedPrecondition);
  FetchRecord f;
  f.body = "<p>report</p>";
  f.etag = "\"v1\"";
  auto outcome = store().CompleteFetch(id, f);
  REQUIRE(outcome.ok());
  CHECK(outcome->is_new);
  DocumentRow d = Doc(id);
  CHECK(d.state == DocState::kFetched);
  CHECK(d.lease_owner.empty());
  CHECK(d.etag == "\"v1\"");
  CHECK(d.current_revision_id == outcome->revision_id);
  CHECK(d.attempts == 0);

  CHECK(store().CompleteFetch(id, f).status().code() == Code::kFailedPrecondition);  // not claimed
  REQUIRE(store().MarkParsed(id).ok());
  CHECK(State(id) == DocState::kParsed);
  CHECK(store().MarkParsed(id).code() == Code::kFailedPrecondition);
  CHECK(store().MarkParsed(9999).code() == Code::kNotFound);
}

TEST_CASE_FIXTURE(StoreFixture, "a cancelled fetch is not a failure: Fail refuses it and the lease stands") {
  std::int64_t id = Add("http://a.test/cancelled");
  REQUIRE(store().Claim("w", 10, 30'000)->size() == 1);
  Status st = store().Fail(id, FailureRecord{ErrorKind::kCancelled, std::nullopt, "fetcher shut down", std::nullopt, false});
  CHECK(st.code() == Code::kInvalidArgument);
  CHECK(st.message().find("a cancelled fetch is released (Release), not recorded as a failure") != std::string::npos);
  DocumentRow d = Doc(id);
  CHECK(d.state == DocState::kFetching);
  CHECK_FALSE(d.error_kind.has_value());
  REQUIRE(store().Release(id).ok());
  CHECK(Doc(id).state == DocState::kPending);
}

TEST_CASE_FIXTURE(StoreFixture, "failures retry later, stay failed, and are grouped by cause") {
  std::int64_t a = Add("http://a.test/a");
  std::int64_t b = Add("http://a.test/b");
  std::int64_t c = Add("http://a.test/c");
  REQUIRE(store().Claim("w", 10, 30'000)->size() == 3);

  REQUIRE(store().Fail(a, FailureRecord{ErrorKind::kTimeout, std::nullopt, "timed out after 30 s",
                                        testing::kStart + 60'000, false}).ok());
  REQUIRE(store().Fail(b, FailureRecord{ErrorKind::kHttp, 404, "HTTP 404", std::nullopt, true}).ok());
  REQUIRE(store().Fail(c, FailureRecord{ErrorKind::kConnect, std::nullopt, "refused", std::nullopt, false}).ok());
  CHECK(store().Fail(9999, FailureRecord{}).code() == Code::kNotFound);

  DocumentRow da = Doc(a);
  CHECK(da.state == DocState::kPending);
  CHECK(da.next_attempt_at == testing::kStart + 60'000);
  CHECK(da.error_kind == ErrorKind::kTimeout);
  CHECK(da.last_error == "timed out after 30 s");
  DocumentRow db = Doc(b);
  CHECK(db.state == DocState::kFailed);
  CHECK(db.http_status == 404);
  CHECK(db.permanent);

  CHECK(store().Claim("w", 10, 30'000)->empty());  // a is not due yet
  clock_.Advance(60'000);
  auto again = store().Claim("w", 10, 30'000);
  REQUIRE(again.ok());
  CHECK(Ids(*again) == std::vector<std::int64_t>{a});
  CHECK((*again)[0].attempts == 2);

  auto causes = store().FailureCausesSummary();
  REQUIRE(causes.ok());
  REQUIRE(causes->size() == 2);
  auto counts = store().CountDocumentsByState();
  CHECK(counts->failed == 2);
  CHECK(counts->fetching == 1);

  auto retried = store().RetryFailed(false);
  REQUIRE(retried.ok());
  CHECK(*retried == 1);
  CHECK(State(c) == DocState::kPending);
  CHECK(State(b) == DocState::kFailed);
  CHECK(*store().RetryFailed(true) == 1);
  CHECK(State(b) == DocState::kPending);
  CHECK_FALSE(Doc(b).permanent);
}

TEST_CASE_FIXTURE(StoreFixture, "Claim honours priority, the batch size and Release") {
  std::int64_t low = Add("http://a.test/low", DocKind::kArticle, 0, 0);
  std::int64_t high = Add("http://a.test/high", DocKind::kList, 0, 10);
  std::int64_t mid = Add("http://a.test/mid", DocKind::kArticle, 0, 5);
  auto first = store().Claim("w", 2, 30'000);
  REQUIRE(first.ok());
  CHECK(Ids(*first) == std::vector<std::int64_t>{high, mid});
  REQUIRE(store().Release(high).ok());
  DocumentRow h = Doc(high);
  CHECK(h.state == DocState::kPending);
  CHECK(h.attempts == 0);
  CHECK(store().Release(low).ok());  // not fetching: left alone
  CHECK(State(low) == DocState::kPending);
  CHECK(Ids(*store().Claim("w", 5, 30'000)) == std::vector<std::int64_t>{high, low});
  REQUIRE(store().Claim("other", 5, 30'000)->empty());
  auto released = store().ReleaseWorker("w");
  REQUIRE(released.ok());
  CHECK(*released == 3);
  CHECK(*store().ReleaseWorker("w") == 0);
  CHECK(store().CountDocumentsByState()->pending == 3);
}

TEST_CASE_FIXTURE(StoreFixture, "a dead writer's leases expire and the next writer takes the work over") {
  std::int64_t a = Add("http://a.test/a");
  std::int64_t b = Add("http://a.test/b");
  REQUIRE(store().Claim("crashed", 10, 30'000)->size() == 2);
  Reopen();  // the old connection is gone without releasing anything

  CHECK(State(a) == DocState::kFetching);
  CHECK(store().Claim("successor", 10, 30'000)->empty());
  clock_.Advance(29'999);
  CHECK(store().Claim("successor", 10, 30'000)->empty());
  clock_.Advance(1);
  auto taken = store().Claim("successor", 10, 30'000);
  REQUIRE(taken.ok());
  CHECK(Ids(*taken) == std::vector<std::int64_t>{a, b});
  for (const DocumentRow& d : *taken) {
    CHECK(d.lease_owner == "successor");
    CHECK(d.attempts == 2);
  }
}

TEST_CASE_FIXTURE(StoreFixture, "revisions are deduplicated by content hash") {
  std::int64_t id = Add("http://a.test/page", DocKind::kList);
  CompleteOutcome v1 = Fetch(id, "<html>one</html>", "\"e1\"");
  CHECK(v1.is_new);
  CompleteOutcome same = Fetch(id, "<html>one</html>", "\"e1b\"");
  CHECK_FALSE(same.is_new);
  CHECK(same.revision_id == v1.revision_id);
  CHECK(Doc(id).etag == "\"e1b\"");
  CHECK(*store().RevisionCount(id) == 1);

  CompleteOutcome v2 = Fetch(id, "<html>two</html>");
  CHECK(v2.is_new);
  CHECK(*store().RevisionCount(id) == 2);

  CompleteOutcome back = Fetch(id, "<html>one</html>");
  CHECK_FALSE(back.is_new);
  CHECK(back.revision_id == v1.revision_id);
  CHECK(*store().RevisionCount(id) == 2);
  auto latest = store().LatestRevision(id);
  REQUIRE(latest.ok());
  REQUIRE(latest->has_value());
  CHECK((*latest)->body == "<html>one</html>");
  CHECK((*latest)->content_type == "text/html");

  SUBCASE("a 304 keeps the current revision and adds none") {
    clock_.Advance(1000);
    REQUIRE(store().Requeue(id).ok());
    REQUIRE(store().Claim("w", 1, 30'000)->size() == 1);
    FetchRecord nm;
    nm.http_status = 304;
    nm.not_modified = true;
    auto out = store().CompleteFetch(id, nm);
    REQUIRE(out.ok());
    CHECK_FALSE(out->is_new);
    CHECK(out->revision_id == v1.revision_id);
    CHECK(*store().RevisionCount(id) == 2);
    CHECK(Doc(id).fetched_at == testing::kStart + 1000);
    CHECK(Doc(id).http_status == 304);
  }
}

TEST_CASE_FIXTURE(StoreFixture, "a 304 for a never-stored document is refused") {
  std::int64_t id = Add("http://a.test/x");
  REQUIRE(store().Claim("w", 1, 30'000)->size() == 1);
  FetchRecord nm;
  nm.not_modified = true;
  nm.http_status = 304;
  CHECK(store().CompleteFetch(id, nm).status().code() == Code::kFailedPrecondition);
  CHECK(State(id) == DocState::kFetching);  // the failed call changed nothing
}

TEST_CASE_FIXTURE(StoreFixture, "bodies round-trip through compression, empty and large") {
  std::int64_t empty = Add("http://a.test/empty");
  std::int64_t big = Add("http://a.test/big");
  Fetch(empty, "");
  std::string body;
  for (int i = 0; body.size() < 2'000'000; ++i) body += "<tr><td>第" + std::to_string(i * 7919 % 10007) + "行</td></tr>";
  Fetch(big, body);
  CHECK((*store().LatestRevision(empty))->body.empty());
  auto rev = store().LatestRevision(big);
  REQUIRE(rev.ok());
  CHECK((*rev)->body == body);
  CHECK((*rev)->size == static_cast<std::int64_t>(body.size()));
  CHECK_FALSE(store().LatestRevision(9999)->has_value());
}

TEST_CASE_FIXTURE(StoreFixture, "BeginCycle re-queues lists, resumes an unfinished cycle and counts per source") {
  auto src = store().UpsertSource(SourceRow{0, "南岗区", "http://a.test/col/1/index.html", 2020});
  REQUIRE(src.ok());
  std::int64_t list = Add("http://a.test/col/1/index.html", DocKind::kList, *src);
  std::int64_t art = Add("http://a.test/art/1.html", DocKind::kArticle, *src);
  std::int64_t bad = Add("http://a.test/art/2.html", DocKind::kArticle, *src);

  auto c1 = store().BeginCycle(false);
  REQUIRE(c1.ok());
  CHECK_FALSE(c1->resumed);
  Fetch(list, "list v1");
  Fetch(art, "article");
  REQUIRE(store().Claim("w", 10, 30'000)->size() == 1);
  REQUIRE(store().Fail(bad, FailureRecord{ErrorKind::kBlocked, 403, "WAF page", std::nullopt, true}).ok());

  auto stats = store().CycleStats(c1->id);
  REQUIRE(stats.ok());
  REQUIRE(stats->size() == 1);
  CHECK((*stats)[0].source_name == "南岗区");
  CHECK((*stats)[0].pages == 2);
  CHECK((*stats)[0].errors == 1);
  CHECK((*stats)[0].blocked == 1);

  Reopen();  // killed mid-cycle
  auto resumed = store().BeginCycle(false);
  REQUIRE(resumed.ok());
  CHECK(resumed->resumed);
  CHECK(resumed->id == c1->id);
  CHECK(State(list) == DocState::kFetched);  // nothing re-queued by a resume

  REQUIRE(store().FinishCycle(c1->id).ok());
  CHECK(store().FinishCycle(424242).code() == Code::kNotFound);
  auto last = store().LastCycle();
  REQUIRE(last.ok());
  CHECK((*last)->state == CycleState::kFinished);

  auto c2 = store().BeginCycle(false);
  REQUIRE(c2.ok());
  CHECK(c2->id != c1->id);
  CHECK(c2->requeued == 1);
  CHECK(State(list) == DocState::kPending);
  CHECK(State(art) == DocState::kFetched);
  CHECK(State(bad) == DocState::kFailed);  // permanent
  Fetch(list, "list v1");
  auto latest = store().LatestStatsPerSource();
  REQUIRE(latest.ok());
  REQUIRE(latest->size() == 1);
  CHECK((*latest)[0].cycle_id == c2->id);
  CHECK((*latest)[0].pages == 1);
  REQUIRE(store().FinishCycle(c2->id).ok());

  auto c3 = store().BeginCycle(true);
  REQUIRE(c3.ok());
  CHECK(c3->requeued == 2);
  CHECK(State(art) == DocState::kPending);
}

TEST_CASE_FIXTURE(StoreFixture, "a revision's size is known without reading its content") {
  std::int64_t id = Add("http://a.test/sized", DocKind::kList);
  CompleteOutcome v = Fetch(id, std::string(12345, 'x'));
  auto size = store().RevisionSize(v.revision_id);
  REQUIRE(size.ok());
  REQUIRE(size->has_value());
  CHECK(**size == 12345);
  auto none = store().RevisionSize(v.revision_id + 1000);
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
}

TEST_CASE_FIXTURE(StoreFixture, "lists and articles left fetched are unfinished yields until MarkParsed") {
  auto src = store().UpsertSource(SourceRow{0, "道里区", "http://a.test/col/1/index.html", 2020});
  REQUIRE(src.ok());
  std::int64_t list = Add("http://a.test/col/1/index.html", DocKind::kList, *src);
  std::int64_t art = Add("http://a.test/art/1.html", DocKind::kArticle, *src);
  std::int64_t file = Add("http://a.test/f/1.pdf", DocKind::kAttachment, *src);
  std::int64_t later = Add("http://a.test/art/2.html", DocKind::kArticle);
  auto open = store().SourcesWithOpenWork();
  REQUIRE(open.ok());
  CHECK(*open == std::set<std::int64_t>{*src});
  Fetch(list, "list");
  Fetch(art, "article");
  Fetch(file, "%PDF");
  Reopen();  // killed before the yields
  auto unfinished = store().UnfinishedYields(10);
  REQUIRE(unfinished.ok());
  REQUIRE(unfinished->size() == 2);  // not the attachment: it yields nothing
  CHECK((*unfinished)[0].id == list);
  CHECK((*unfinished)[1].id == art);
  REQUIRE(store().MarkParsed(list).ok());
  CHECK(store().UnfinishedYields(10)->size() == 1);
  REQUIRE(store().MarkParsed(art).ok());
  CHECK(store().UnfinishedYields(10)->empty());
  open = store().SourcesWithOpenWork();
  REQUIRE(open.ok());
  CHECK(open->empty());  // `later` has no source; the source's documents are done
  (void)later;
}

}  // namespace
}  // namespace nianbao::storage
