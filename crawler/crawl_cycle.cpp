#include "crawler/crawl_cycle.h"

#include <boost/asio/post.hpp>
#include <cassert>

#include "crawler/walkers/block_detect.h"
#include "crawler/walkers/resolve_link.h"
#include "crawler/document_meta.h"
#include "crawler/reparse.h"
#include "crawler/stored_report.h"
#include "net/url.h"
#include "crawler/walkers/walker.h"
#include "parser/decode.h"

namespace nianbao::crawler {
namespace {

using storage::DocKind;
using storage::ErrorKind;

constexpr int kSeedPriority = 100;
constexpr int kListPriority = 50;
constexpr int kArticlePriority = 10;

// Failures that another try cannot fix (a 404, robots forbids it, outside the
// sources, over a limit): the fetcher says which outcomes a later cycle may change.
bool IsPermanent(const net::FetchResult& r) { return !r.transient; }

// Challenge pages are small; a large body is content, and decoding it twice
// to look for a challenge would only cost time.
constexpr std::size_t kChallengeMaxBytes = 64 * 1024;

// A document found on `parent`, in the same source.
storage::NewDocument ChildOf(const storage::DocumentRow& parent, std::string url, DocKind kind, int priority) {
  storage::NewDocument d;
  d.url = std::move(url);
  d.kind = kind;
  d.source_id = parent.source_id;
  d.parent_id = parent.id;
  d.priority = priority;
  return d;
}

FetchedPage ToFetchedPage(const net::FetchResult& r) {
  FetchedPage page;
  page.url = r.final_url.empty() ? r.url : r.final_url;
  page.status = r.http_status;
  if (!r.content_type.empty()) page.headers.push_back({"Content-Type", r.content_type});
  page.body = parser::DecodeToUtf8(r.body, r.charset).utf8;
  return page;
}

}  // namespace

std::set<std::string> ScopeHosts(const std::vector<SourceSpec>& sources) {
  std::set<std::string> hosts;
  for (const SourceSpec& s : sources)
    if (auto h = net::HostOf(s.url); h.ok()) hosts.insert(*h);
  return hosts;
}

CrawlCycle::CrawlCycle(boost::asio::io_context& io, storage::Store& store, net::Fetcher& fetcher,
                       std::vector<SourceSpec> sources, CycleOptions options, const Clock& clock)
    : io_(io),
      store_(store),
      fetcher_(fetcher),
      sources_(std::move(sources)),
      options_(std::move(options)),
      clock_(clock) {}

CrawlCycle::~CrawlCycle() = default;

// Raw `this` in the handlers is safe only while the cycle lives; the token
// tells them whether it still does, and whether they belong to the current run.
template <typename Fn>
auto CrawlCycle::Guarded(Fn fn) {
  return [alive = std::weak_ptr<const int>(run_token_), fn = std::move(fn)](auto&&... args) mutable {
    if (!alive.expired()) fn(std::forward<decltype(args)>(args)...);
  };
}

void CrawlCycle::Start(DoneFn done, ProgressFn progress) {
  assert(finished_ && "CrawlCycle::Start while a run is in progress");
  run_token_ = std::make_shared<const int>(0);
  done_ = std::move(done);
  progress_ = std::move(progress);
  summary_ = CycleSummary{};
  budgets_.clear();
  finished_sources_.clear();
  last_finished_check_ = 0;
  failure_.reset();
  stopping_ = false;
  finished_ = false;
  if (Status s = Seed(); !s.ok()) {
    boost::asio::post(io_, Guarded([this, s] { Finish(s); }));
    return;
  }
  boost::asio::post(io_, Guarded([this] { Pump(); }));
}

void CrawlCycle::Stop() {
  if (finished_ || stopping_) return;
  stopping_ = true;
  // Shutdown may complete the cancelled transfers, and so this run, before it
  // returns; `done` may then have destroyed or restarted the cycle.
  std::weak_ptr<const int> run = run_token_;
  fetcher_.Shutdown();
  if (run.expired()) return;
  if (!finished_ && outstanding_.empty()) boost::asio::post(io_, Guarded([this] { Finish(Status::Ok()); }));
}

Status CrawlCycle::Seed() {
  // Only one process can write this database, so whatever is still leased to
  // our worker name was left by a process that died: take it back at once
  // rather than wait for the leases to run out.
  if (auto released = store_.ReleaseWorker(options_.worker); !released.ok()) return released.status();
  // Before BeginCycle, which would re-queue them and lose the record that
  // their yield is unfinished.
  NIANBAO_RETURN_IF_ERROR(RedoUnfinishedYields());
  auto cycle = store_.BeginCycle(options_.revisit_articles);
  if (!cycle.ok()) return cycle.status();
  summary_.cycle_id = cycle->id;
  summary_.resumed = cycle->resumed;
  for (const SourceSpec& s : sources_) {
    auto url = net::NormalizeUrl(s.url);
    if (!url.ok()) return url.status().WithContext("source '" + s.name + "'");
    storage::NewDocument doc;
    doc.url = *url;
    doc.kind = DocKind::kList;
    doc.source_id = s.source_id;
    doc.priority = kSeedPriority;
    auto id = store_.Enqueue(doc);
    if (!id.ok()) return id.status();
    // A column is looked at every cycle, even one that answered 404 or was
    // refused last time: sites come back after a redesign, and a column never
    // tried again would never count as failing either.
    if (!cycle->resumed) {
      auto row = store_.GetDocument(*id);
      if (!row.ok()) return row.status();
      if (*row && (*row)->state == storage::DocState::kFailed) NIANBAO_RETURN_IF_ERROR(store_.Requeue(*id));
    }
  }
  return Status::Ok();
}

void CrawlCycle::Pump() {
  if (finished_) return;
  while (!stopping_ && outstanding_.size() < static_cast<std::size_t>(options_.max_outstanding)) {
    int room = options_.max_outstanding - static_cast<int>(outstanding_.size());
    auto claimed = store_.Claim(options_.worker, room, options_.lease_ms);
    if (!claimed.ok()) {
      // The cancelled documents may end the run inside Shutdown: with the
      // cause, not as a clean stop.
      stopping_ = true;
      failure_ = claimed.status();
      std::weak_ptr<const int> run = run_token_;
      fetcher_.Shutdown();
      if (!run.expired()) Finish(claimed.status());
      return;
    }
    if (claimed->empty()) break;
    bool progressed = false;
    for (const storage::DocumentRow& doc : *claimed) progressed |= Dispatch(doc);
    // Only documents we already hold came back (their leases had run out
    // while they waited for their host's turn): the claim renewed them.
    if (!progressed) break;
  }
  if (outstanding_.empty()) Finish(failure_.value_or(Status::Ok()));
}

bool CrawlCycle::Dispatch(const storage::DocumentRow& doc) {
  if (outstanding_.count(doc.id)) return false;  // already with the fetcher; the claim renewed its lease
  if (failure_) return false;
  if (SourceBudget& budget = BudgetOf(doc); !budget.BeforeFetch(clock_.Now(), options_.bounds)) {
    // Dispatch runs inside the claim loop, where the run must not end (and
    // `done` destroy the cycle): stopping and progress go to fresh handlers.
    if (Status s = RecordLimit(doc, budget.reason()); !s.ok()) {
      if (!failure_) failure_ = s.WithContext(doc.url);
      boost::asio::post(io_, Guarded([this] {
        if (StopFor(*failure_) && outstanding_.empty()) Finish(*failure_);
      }));
    } else {
      boost::asio::post(io_, Guarded([this] { ReportProgress(); }));
    }
    return true;
  }
  outstanding_[doc.id] = doc;
  std::int64_t id = doc.id;
  Result<net::FetchRequest> req = ToFetchRequest(doc);
  if (!req.ok()) {
    // A damaged stored request cannot be sent: it fails as this document's
    // fetch, permanently, and later, as a Fetcher `done` would.
    net::FetchResult failed;
    failed.tag = static_cast<std::uint64_t>(id);
    failed.url = doc.url;
    failed.error_kind = net::kErrOther;
    failed.error = req.status().message();
    boost::asio::post(io_, Guarded([this, id, failed] { OnFetched(id, failed); }));
    return true;
  }
  req->tag = static_cast<std::uint64_t>(id);
  fetcher_.Fetch(std::move(*req), Guarded([this, id](net::FetchResult r) { OnFetched(id, std::move(r)); }));
  return true;
}

void CrawlCycle::OnFetched(std::int64_t doc_id, net::FetchResult result) {
  auto it = outstanding_.find(doc_id);
  if (it == outstanding_.end()) return;
  storage::DocumentRow doc = std::move(it->second);
  outstanding_.erase(it);
  Status s;
  if (result.error_kind == net::kErrCancelled) {
    s = store_.Release(doc.id);
  } else if (BudgetOf(doc).stopped()) {
    // Its source passed a bound while it was with the fetcher: what it
    // yields would only feed the source further.
    s = RecordLimit(doc, BudgetOf(doc).reason());
  } else if (result.ok) {
    s = HandleFetched(doc, result);
  } else {
    s = RecordFailure(doc, result);
  }
  if (!s.ok()) {
    // The database refused a write: nothing more can be recorded, so stop the
    // cycle rather than fetch pages whose results would be lost.
    if (!StopFor(s.WithContext(doc.url))) return;
    if (outstanding_.empty()) Finish(*failure_);
    return;
  }
  NoteFinishedSources(false);
  if (!ReportProgress()) return;
  if (stopping_) {
    if (outstanding_.empty()) Finish(failure_.value_or(Status::Ok()));
    return;
  }
  boost::asio::post(io_, Guarded([this] { Pump(); }));
}

Status CrawlCycle::HandleFetched(const storage::DocumentRow& doc, const net::FetchResult& result) {
  // Anti-bot answers come with 200 too: look before storing, so a challenge
  // page never becomes the column's content nor an "empty column".
  ListPageResult list;
  if (!result.not_modified && doc.kind == DocKind::kList) {
    list = ReadList(doc, result);
    if (list.blocked.blocked) return RecordBlocked(doc, result, list.blocked.cause);
  } else if (!result.not_modified && doc.kind == DocKind::kArticle && result.body.size() < kChallengeMaxBytes) {
    BlockInfo b = DetectChallenge(ToFetchedPage(result));
    if (b.blocked) return RecordBlocked(doc, result, b.cause);
  }
  storage::FetchRecord rec;
  rec.http_status = result.http_status;
  rec.etag = result.etag;
  rec.last_modified = result.last_modified;
  rec.content_type = result.content_type;
  rec.charset = result.charset;
  rec.body = result.body;
  rec.not_modified = result.not_modified;
  auto outcome = store_.CompleteFetch(doc.id, rec);
  if (!outcome.ok()) return outcome.status();
  ++summary_.fetched;
  summary_.bytes += static_cast<std::int64_t>(result.body.size());
  if (!outcome->is_new) {
    // Same content as before: what it yielded is already stored, since this
    // document was claimable (it was parsed, never left fetched: see Seed).
    ++summary_.not_modified;
    return doc.kind == DocKind::kAttachment ? Status::Ok() : store_.MarkParsed(doc.id);
  }
  ++summary_.new_revisions;
  return Yield(doc, result, outcome->revision_id, list);
}

ListPageResult CrawlCycle::ReadList(const storage::DocumentRow& doc, const net::FetchResult& result) {
  ListContext ctx;
  ctx.last_good_size = LastGoodSize(doc);
  ctx.request = RequestOf(doc);
  return ReadListPage(ToFetchedPage(result), ctx);
}

Status CrawlCycle::Yield(const storage::DocumentRow& doc, const net::FetchResult& result, std::int64_t revision_id,
                         const ListPageResult& list) {
  // A parse failure or a bound passed is recorded as the document's failure
  // (it is failed, not fetched, and has nothing more to yield).
  const std::int64_t failed_before = summary_.failed;
  switch (doc.kind) {
    case DocKind::kList: NIANBAO_RETURN_IF_ERROR(EnqueueListed(doc, list)); break;
    case DocKind::kArticle: NIANBAO_RETURN_IF_ERROR(HandleArticle(doc, result, revision_id)); break;
    case DocKind::kAttachment: NIANBAO_RETURN_IF_ERROR(HandleAttachment(doc, result, revision_id)); break;
    case DocKind::kRobots: return Status::Ok();  // kept as fetched
  }
  if (summary_.failed != failed_before) return Status::Ok();
  return store_.MarkParsed(doc.id);
}

std::size_t CrawlCycle::LastGoodSize(const storage::DocumentRow& doc) {
  if (doc.current_revision_id == 0) return 0;
  // Only the size is needed: no need to read and inflate the old page.
  auto size = store_.RevisionSize(doc.current_revision_id);
  return size.ok() && size->has_value() ? static_cast<std::size_t>(**size) : 0;
}

Status CrawlCycle::EnqueueListed(const storage::DocumentRow& doc, const ListPageResult& list) {
  const std::vector<std::string>& roster = RosterOf(doc);
  std::vector<storage::NewDocument> docs;
  for (const ListItem& item : list.items) {
    std::optional<DocumentHint> hint = HintFromLink(item.title, item.date, roster);
    if (!hint) continue;
    auto url = net::NormalizeUrl(item.url);
    if (!url.ok()) continue;  // javascript:, mailto: and the like
    storage::NewDocument d = ChildOf(doc, *url, DocKind::kArticle, kArticlePriority);
    d.hint = EncodeHint(*hint);
    docs.push_back(std::move(d));
    ++summary_.list_items;
  }
  // The walkers end each chain themselves (totals, page counts, an empty
  // answer), and some pages list nothing but lead on (an xxgk shell page, a
  // /common/search page rendered by script): follow every continuation,
  // within the source's bounds.
  SourceBudget& budget = BudgetOf(doc);
  const bool within = budget.AfterList(doc.parent_id != 0, doc.url, list, options_.bounds);
  for (const PageRequest& next : within ? list.next_pages : std::vector<PageRequest>{}) {
    auto key = DocumentKeyFor(next);
    if (!key.ok()) continue;
    storage::NewDocument d = ChildOf(doc, *key, DocKind::kList, kListPriority);
    d.request = EncodeRequest(next);
    docs.push_back(std::move(d));
  }
  if (!docs.empty()) {
    auto ids = store_.EnqueueMany(docs);
    if (!ids.ok()) return ids.status();
  }
  return within ? Status::Ok() : RecordLimit(doc, budget.reason());
}

Status CrawlCycle::RecordParseFailure(const storage::DocumentRow& doc, const std::string& why) {
  ++summary_.failed;
  storage::FailureRecord f;
  f.kind = ErrorKind::kParse;
  f.error = why;
  f.permanent = true;  // the same bytes will parse the same way; a new revision retries
  return store_.Fail(doc.id, f);
}

Status CrawlCycle::RecordBlocked(const storage::DocumentRow& doc, const net::FetchResult& result,
                                 const std::string& cause) {
  ++summary_.blocked;
  ++summary_.failed;
  storage::FailureRecord f;
  f.kind = ErrorKind::kBlocked;
  if (result.http_status > 0) f.http_status = result.http_status;
  f.error = "blocked: " + cause;
  f.retry_at = clock_.Now() + options_.blocked_backoff_ms;
  return store_.Fail(doc.id, f);
}

Status CrawlCycle::RecordFailure(const storage::DocumentRow& doc, const net::FetchResult& result) {
  // A refused answer may be an anti-bot challenge (412, 521…): say so, since
  // "blocked" and "gone" call for different actions from an operator.
  if (result.http_status > 0 && !result.body.empty() && result.body.size() < kChallengeMaxBytes) {
    BlockInfo b = DetectChallenge(ToFetchedPage(result));
    if (b.blocked) return RecordBlocked(doc, result, b.cause);
  }
  ++summary_.failed;
  storage::FailureRecord f;
  f.kind = result.error_kind.value_or(ErrorKind::kOther);
  if (result.http_status > 0) f.http_status = result.http_status;
  f.error = result.error.empty() ? std::string(ToString(f.kind)) : result.error;
  f.permanent = IsPermanent(result);
  if (!f.permanent) f.retry_at = clock_.Now() + options_.retry_later_ms;
  return store_.Fail(doc.id, f);
}

bool CrawlCycle::ReportProgress() {
  if (!progress_) return true;
  // `progress` may Stop the cycle, and the `done` that Stop runs may destroy
  // it: call a copy, with a copy of the summary, and look before going on.
  std::weak_ptr<const int> run = run_token_;
  ProgressFn progress = progress_;
  progress(CycleSummary(summary_), outstanding_.size());
  return !run.expired();
}

void CrawlCycle::Finish(Status status) {
  if (finished_) return;
  finished_ = true;
  summary_.stopped = stopping_;
  if (status.ok() && !stopping_) NoteFinishedSources(true);
  if (status.ok() && !stopping_) {
    // After the fetches, so that a cause recorded here is what the alerts see
    // (a refetch clears the document's last failure).
    auto reread = ReparseReports(store_, ReparseScope::kStale, options_.reader);
    if (reread.ok()) {
      summary_.reread = reread->reparsed;
      summary_.reread_changed = reread->changed;
    } else {
      status = reread.status().WithContext("re-reading stored reports");
    }
  }
  if (status.ok() && !stopping_) status = store_.FinishCycle(summary_.cycle_id);
  DoneFn done = std::move(done_);
  if (!done) return;
  if (status.ok()) done(summary_);
  else done(status);
}

}  // namespace nianbao::crawler
