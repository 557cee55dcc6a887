// CrawlCycle: one whole crawl cycle over every configured source — the loop
// that takes documents from the storage queue, fetches them politely, hands
// list pages to the walkers and articles to the parser, and stores what comes
// out (revisions, reports with metrics and checks, new documents to fetch).
//
// The queue in storage/ is the only state: a cycle killed at any moment is
// resumed by the next Start() (BeginCycle finds it unfinished; the documents
// this process held are released at once, since only one writer exists).
// A cycle ends when nothing is due and nothing is in flight; documents whose
// retry time lies beyond that wait for the next cycle.
//
// Durability of a document's yield: its fetch result is committed first
// (Store::CompleteFetch), then what it yields (the documents a list page or a
// Hanweb window links, an article's report and attachments), then MarkParsed.
// A process killed in between leaves the document `fetched`; the next Start
// redoes that yield from the stored revision before anything else, so a
// refetch that brings nothing new (304, same hash) may rightly conclude that
// what the document yields is stored: every list or article that can be
// claimed again was parsed, i.e. its yield is complete. An attachment's
// yield is its reading (crawl_attachments.cpp): the report it gives, or the
// cause it could not be read; one that comes back unchanged is not read
// again by the fetch but by the re-read at the end of the cycle (reparse.h),
// which takes every report still `attachment` or read by an older reader.
//
// Documents (PDF, DOCX, …) are read through documents::ReadReport
// synchronously on the io thread: a read may take seconds.
//
// Threading: everything runs on the io_context's thread; the caller runs it.
// Ownership: borrows the io_context, the Store, the Fetcher and the Clock.
// Lifetime: every handler the cycle queues (on the io_context, or as a
// Fetcher `done`) holds a weak reference to the run that queued it and does
// nothing once the cycle is destroyed or started again (a late handler of a
// finished run finds nothing left to do). So the cycle may be destroyed at
// any time on the io thread, from inside its own `done` too; documents it
// still held stay leased until the next Start (ReleaseWorker) or until their
// lease runs out.
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/fetch_error.h"
#include "common/status.h"
#include "documents/report_reader.h"
#include "net/fetcher.h"
#include "crawler/source_bounds.h"
#include "crawler/walkers/list_page.h"
#include "storage/store.h"

namespace nianbao::crawler {

// One disclosure column as the cycle needs it.
struct SourceSpec {
  std::int64_t source_id = 0;  // in the Store
  std::string name;
  std::string url;
  std::vector<std::string> roster;  // the agencies expected there
  int first_year = 0;
};

// Reader options that read documents in this process (reader_exe "").
inline documents::ReaderOptions InProcessReader() {
  documents::ReaderOptions r;
  r.reader_exe.clear();
  return r;
}

struct CycleOptions {
  std::string worker = "nianbao";       // lease owner; one writer per database
  std::int64_t lease_ms = 15 * 60000;   // longer than any transfer can wait and run
  // Claimed and not yet finished. Large, so that every host's documents
  // reach the fetcher's per-host queues and one big column cannot keep the
  // others waiting (a cycle then runs at the busiest host's politeness pace).
  // A document that waits past its lease is simply claimed again, which
  // renews the lease.
  int max_outstanding = 4096;
  bool revisit_articles = true;         // re-check known articles (conditional GET)
  std::int64_t retry_later_ms = 3600000;  // a failed document is due again after this
  std::int64_t blocked_backoff_ms = 6 * 3600000;  // an anti-bot answer backs off this long
  SourceBounds bounds;  // per source and cycle; a source past one fails with cause `limit`
  // How documents are read. The default reads them in this process (tests);
  // the daemon and `nianbao crawl` set reader_exe "/proc/self/exe".
  documents::ReaderOptions reader = InProcessReader();
};

// What one cycle did, for logs, STATUS= lines and metrics.
struct CycleSummary {
  std::int64_t cycle_id = 0;
  bool resumed = false;
  std::int64_t fetched = 0;        // documents fetched (new or unchanged)
  std::int64_t not_modified = 0;   // of which 304 or same content
  std::int64_t new_revisions = 0;
  std::int64_t failed = 0;         // fetch or parse failures recorded
  std::int64_t blocked = 0;        // anti-bot answers
  std::int64_t reports_saved = 0;
  std::int64_t reread = 0;          // reports read again at the end of the cycle (reparse.h)
  std::int64_t reread_changed = 0;  // of which gave other numbers
  std::int64_t list_items = 0;     // report links found on list pages
  std::int64_t bytes = 0;
  bool stopped = false;            // Stop() ended it early
  // Sources with nothing left due or in flight in this cycle (stopped ones
  // included): the progress the stall watchdog measures.
  std::int64_t sources_finished = 0;
  std::vector<std::string> limits;  // why each source past a bound was stopped (SourceBudget::reason)
};

class CrawlCycle {
 public:
  using DoneFn = std::function<void(Result<CycleSummary>)>;
  using ProgressFn = std::function<void(const CycleSummary&, std::size_t in_flight)>;

  CrawlCycle(boost::asio::io_context& io, storage::Store& store, net::Fetcher& fetcher, std::vector<SourceSpec> sources,
             CycleOptions options, const Clock& clock);

  // REQUIRES: the io_context, Store, Fetcher and Clock outlive the cycle, or
  // at least every run of it (Start until `done`).
  CrawlCycle(const CrawlCycle&) = delete;
  CrawlCycle& operator=(const CrawlCycle&) = delete;
  ~CrawlCycle();

  // Begins (or resumes) the cycle; `done` runs exactly once (unless the cycle
  // is destroyed first), on the io thread and never inside Start, when it
  // ends or fails. `progress` (optional) runs after every finished document
  // and after every document a bound refused, and may call Stop. `done` may destroy the cycle, or Start it again (the
  // cycle touches no member after calling it, even when `done` runs inside a
  // Stop called from `progress`).
  // REQUIRES: no run in progress (the first Start, or `done` already called);
  // asserted.
  void Start(DoneFn done, ProgressFn progress = nullptr);

  // Stops claiming; documents already handed to the fetcher come back as
  // cancelled and are released to pending, so the next Start resumes them.
  // `done` may run inside Stop (the Fetcher cancels the last documents at
  // once) or later from the io_context; a caller that destroys the cycle in
  // `done` must not touch it after Stop returns. A no-op when not running.
  void Stop();

 private:

  Status Seed();
  void Pump();
  // Hands `doc` to the fetcher, or records it failed when its source is past
  // a bound; false when it was already with the fetcher.
  bool Dispatch(const storage::DocumentRow& doc);
  SourceBudget& BudgetOf(const storage::DocumentRow& doc);
  // The document fails with cause `limit` and its source's reason.
  Status RecordLimit(const storage::DocumentRow& doc, const std::string& reason);
  // Counts, at most once a second and at the end, the sources with nothing
  // left to do in this cycle.
  void NoteFinishedSources(bool force);
  // A store error while the cycle goes on: stop and report it at the end.
  // False when the run ended inside (the fetcher's cancellations finished it,
  // and `done` may have destroyed the cycle): touch no member then.
  bool StopFor(Status failure);
  // Runs `progress`; false when the run ended inside it, as for StopFor.
  bool ReportProgress();
  void OnFetched(std::int64_t doc_id, net::FetchResult result);
  Status HandleFetched(const storage::DocumentRow& doc, const net::FetchResult& result);
  ListPageResult ReadList(const storage::DocumentRow& doc, const net::FetchResult& result);
  // Stores what a fetched document yields, then marks it parsed.
  Status Yield(const storage::DocumentRow& doc, const net::FetchResult& result, std::int64_t revision_id,
               const ListPageResult& list);
  // Redoes, from the stored revision, the yield of every list and article a
  // dead process left fetched (crawl_recovery.cpp).
  Status RedoUnfinishedYields();
  std::size_t LastGoodSize(const storage::DocumentRow& doc);
  Status EnqueueListed(const storage::DocumentRow& doc, const ListPageResult& list);
  Status HandleArticle(const storage::DocumentRow& doc, const net::FetchResult& result, std::int64_t revision_id);
  Status RecordFailure(const storage::DocumentRow& doc, const net::FetchResult& result);
  Status RecordBlocked(const storage::DocumentRow& doc, const net::FetchResult& result, const std::string& cause);
  Status RecordParseFailure(const storage::DocumentRow& doc, const std::string& why);
  // An attachment's reading stored (crawl_attachments.cpp).
  Status HandleAttachment(const storage::DocumentRow& doc, const net::FetchResult& result, std::int64_t revision_id);
  // A document that could not be read: failed with its cause, not permanently.
  Status RecordReadFailure(const storage::DocumentRow& doc, FetchErrorKind cause, const std::string& detail);
  // The source `doc` belongs to; nullptr when none of this cycle's has it.
  const SourceSpec* SourceOf(const storage::DocumentRow& doc) const;
  // The roster of the source `doc` belongs to; empty when no source has it.
  const std::vector<std::string>& RosterOf(const storage::DocumentRow& doc) const;
  void Finish(Status status);
  // `fn` wrapped to do nothing once the cycle is gone or restarted (see Lifetime).
  template <typename Fn>
  auto Guarded(Fn fn);

  boost::asio::io_context& io_;
  storage::Store& store_;
  net::Fetcher& fetcher_;
  std::vector<SourceSpec> sources_;
  CycleOptions options_;
  const Clock& clock_;
  DoneFn done_;
  ProgressFn progress_;
  CycleSummary summary_;
  std::map<std::int64_t, storage::DocumentRow> outstanding_;  // by document id
  std::optional<Status> failure_;  // a store error that is stopping the cycle
  std::map<std::int64_t, SourceBudget> budgets_;  // by source id, for this run of the cycle
  std::set<std::int64_t> finished_sources_;
  UnixMillis last_finished_check_ = 0;
  bool stopping_ = false;
  bool finished_ = true;
  // One per run: replaced by Start, dropped with the cycle. Handlers hold a
  // weak_ptr to it; the pointee means nothing.
  std::shared_ptr<const int> run_token_;
};

// The hosts of the sources' URLs: the crawl's scope.
std::set<std::string> ScopeHosts(const std::vector<SourceSpec>& sources);

}  // namespace nianbao::crawler
