// Store: the one door to nianbao's SQLite database, which is both the crawl
// queue and the history (documents, revisions, reports, alerts). app/ and
// crawler/ use only this header and types.h; no SQL leaves storage/.
//
// Writers and readers. Exactly one process writes, through one connection
// (OpenMode::kWriter). It holds an flock on "<db>.lock"; a second writer is
// refused with kBusy naming the holder's pid. Every other connection (the CLI's)
// is kReadOnly: SQLITE_OPEN_READONLY, so it can neither write nor checkpoint.
// This is deliberate: Debian 12's SQLite 3.40.1 predates the fix (3.51.3) for
// the WAL-reset race, which needs two connections that write or checkpoint.
// Write methods on a read-only Store return kReadOnly. WAL mode lets readers
// run while the writer commits, so the CLI never stalls the daemon.
//
// Durability. WAL with synchronous=NORMAL: a killed process loses no commit;
// a power cut may drop the last few, which the queue simply redoes. Alert
// deliveries are marked sent with synchronous=FULL (on disk when the call
// returns).
// Every state change is one transaction (claims use BEGIN IMMEDIATE), so a
// process killed at any instant leaves each document either before or after a
// change, never half-way. Work claimed by a process that died is leased: once
// the lease passes, Claim hands it out again.
//
// Yields. What a document yields (the documents a list page links, the report
// an article holds and the attachments it names) is committed after the fetch
// result (CompleteFetch), in transactions of its own, and MarkParsed records
// the yield as complete. So a list or article that is `fetched` while no
// process works on it holds an unfinished yield: UnfinishedYields lists them,
// and the writer must redo their yield from LatestRevision (every yield write
// is idempotent: EnqueueMany keeps existing URLs, SaveReport of the same
// revision replaces it) and then MarkParsed them, before BeginCycle, which
// re-queues fetched documents and so would erase that record. `parsed` thus
// always means "fetched and everything it yields is stored". Attachments and
// robots.txt yield nothing: `fetched` is their final state.
//
// Alerts. An alert's sent state is recorded by MarkDeliverySent, in the same
// transaction that updates alerts.last_sent_at/delivered_to. A crash between
// sending and that commit re-sends the delivery on restart; receivers
// de-duplicate by the delivery's idempotency key, which is UNIQUE in
// alert_deliveries, so re-delivery after a crash is idempotent.
//
// Errors: kCorrupt for a damaged file or one that is not SQLite (the message
// names the file); kNotFound when a read-only open names a missing file;
// kBusy for a second writer; kIoError for OS failures; kFailedPrecondition for
// a call that breaks the state machine (e.g. completing a document nobody
// claimed), a violated constraint, or a schema this build cannot read or migrate.
// "Nothing to claim" and "no such report" are empty results, not errors.
//
// Thread-safety: all methods may be called from any thread; they are
// serialised by an internal mutex (one connection is used by one thread at a time).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "storage/types.h"

namespace nianbao::storage {

class Db;
class WriterLock;

enum class OpenMode { kWriter, kReadOnly };

class Store {
 public:
  // Opens the database at `path`. kWriter creates the file if absent, takes
  // the writer lock, sets WAL/foreign_keys/busy_timeout/synchronous=NORMAL, runs
  // PRAGMA quick_check and migrates to the current schema. kReadOnly needs an
  // existing file and reads any schema from kOldestReadableVersion on.
  // `clock` must outlive the Store.
  static Result<std::unique_ptr<Store>> Open(const std::string& path, OpenMode mode, const Clock& clock);

  // Only Open can make the key, so only Open constructs a Store.
  class PassKey {
    friend class Store;
    PassKey() = default;
  };
  Store(PassKey, std::unique_ptr<WriterLock> lock, std::unique_ptr<Db> db, OpenMode mode, const Clock& clock,
        int schema_version);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const;
  OpenMode mode() const { return mode_; }
  int schema_version() const { return schema_version_; }

  // ---- sources and agencies ----
  // Inserts or updates the source named `source.name`; returns its id.
  Result<std::int64_t> UpsertSource(const SourceRow& source);
  Result<std::vector<SourceRow>> ListSources();
  // Marks `agencies` as the roster of `source_id` (creating agencies as needed);
  // agencies of that source not in the list leave the roster but are kept.
  Status SetRoster(std::int64_t source_id, const std::vector<std::string>& agencies, int first_year);
  // Every agency on a roster or ever seen publishing.
  Result<std::vector<AgencyRow>> ListAgencies();

  // ---- the queue ----
  // Adds a pending document, or returns the id of the one with the same URL
  // (unchanged). REQUIRES: doc.url is non-empty.
  Result<std::int64_t> Enqueue(const NewDocument& doc);
  // Enqueue for many documents in one transaction; ids in input order.
  Result<std::vector<std::int64_t>> EnqueueMany(const std::vector<NewDocument>& docs);
  // Leases up to `max` documents to `worker` until now + lease_ms: pending ones
  // that are due, highest priority first, and any whose lease has expired.
  // Each claim counts one attempt. An empty vector means nothing is due.
  Result<std::vector<DocumentRow>> Claim(const std::string& worker, int max, std::int64_t lease_ms);
  // Records a successful transfer of a document being fetched: stores a new
  // revision unless this content (same SHA-256) was already seen at the document
  // or the response is not_modified, in which case only fetched-at, status and
  // validators change. The document becomes fetched.
  // Errors: kFailedPrecondition if the document is not being fetched, or a 304
  // arrives for a document with no stored revision.
  Result<CompleteOutcome> CompleteFetch(std::int64_t doc_id, const FetchRecord& fetch);
  // fetched -> parsed: the document's yield is stored (see "Yields" above).
  // Errors: kFailedPrecondition from any other state.
  Status MarkParsed(std::int64_t doc_id);
  // The sources that still have documents due now or being fetched.
  Result<std::set<std::int64_t>> SourcesWithOpenWork();
  // Lists and articles left fetched, their yield unfinished (a process died
  // between CompleteFetch and MarkParsed), oldest first, at most `limit`.
  Result<std::vector<DocumentRow>> UnfinishedYields(int limit);
  // Records a failure (of a fetch, or of parsing a fetched document): back to
  // pending at retry_at, or failed when retry_at is absent or permanent is set.
  // Errors: kNotFound; kInvalidArgument for kind kCancelled (nothing failed:
  // Release the document instead), and the document is left as it was.
  Status Fail(std::int64_t doc_id, const FailureRecord& failure);
  // fetching -> pending, giving back the attempt (e.g. at shutdown). A document
  // in another state is left alone.
  Status Release(std::int64_t doc_id);
  // Puts one document back to pending, due now, attempts reset (e.g. a list page
  // to revisit). A document being fetched is left alone. Errors: kNotFound.
  Status Requeue(std::int64_t doc_id);
  // Release for every document `worker` holds, in one transaction (e.g. at
  // shutdown, for transfers that were aborted). Returns how many were released.
  Result<std::int64_t> ReleaseWorker(const std::string& worker);
  // failed -> pending, due now, attempts reset. Without `include_permanent`,
  // permanent failures stay failed. Returns how many were re-queued.
  Result<std::int64_t> RetryFailed(bool include_permanent);

  Result<std::optional<DocumentRow>> GetDocument(std::int64_t doc_id);
  Result<std::optional<DocumentRow>> FindDocument(const std::string& url);
  // The attachments found on the document `doc_id` (kind attachment, parent
  // `doc_id`), oldest first.
  Result<std::vector<DocumentRow>> AttachmentsOf(std::int64_t doc_id);
  // Documents in `state`, oldest first, at most `limit` (for `queue ls`).
  Result<std::vector<DocumentRow>> ListDocuments(DocState state, int limit);
  Result<StateCounts> CountDocumentsByState();
  // Documents whose last attempt failed (failed, or pending a retry) grouped
  // by error kind, most frequent first.
  Result<std::vector<FailureCause>> FailureCausesSummary();

  // ---- revisions ----
  // The document's current content, decompressed; nullopt before any fetch.
  Result<std::optional<Revision>> LatestRevision(std::int64_t doc_id);
  Result<std::optional<Revision>> GetRevision(std::int64_t revision_id);
  // The size in bytes of a revision's content, without reading it; nullopt
  // for an unknown id.
  Result<std::optional<std::int64_t>> RevisionSize(std::int64_t revision_id);
  // Distinct contents seen at the document.
  Result<std::int64_t> RevisionCount(std::int64_t doc_id);

  // ---- crawl cycles ----
  // Resumes the running cycle a killed process left behind, or starts one and
  // re-queues what a new cycle revisits: list and robots documents always,
  // articles and attachments when `revisit_articles`; non-permanent failures too.
  Result<CycleInfo> BeginCycle(bool revisit_articles);
  // Marks the cycle finished. Errors: kNotFound for an unknown id.
  Status FinishCycle(std::int64_t cycle_id);
  // The most recent cycle, or nullopt before the first.
  Result<std::optional<CycleInfo>> LastCycle();
  // Counters per source for one cycle. CompleteFetch and Fail maintain them for
  // the running cycle (the document's source), so callers need not.
  Result<std::vector<SourceCycleStats>> CycleStats(std::int64_t cycle_id);
  // Each source's counters in the latest cycle that touched it.
  Result<std::vector<SourceCycleStats>> LatestStatsPerSource();

  // ---- reports ----
  // Saves the report for (agency, year, document_id). Saving again from the
  // same revision by the same reader version replaces its fields, metrics and
  // checks; saving from a new revision, or a re-reading by a newer reader
  // (reader_version), adds a version and makes it current, keeping the old one (with its
  // metrics) for ListReportVersions. The agency is recorded as seen publishing.
  // One transaction. Returns the report id.
  Result<std::int64_t> SaveReport(const StoredReport& report);
  // Current versions, ordered by year, agency.
  Result<std::vector<ReportSummary>> ListReports(const ReportFilter& filter);
  // The current report for agency and year, with metrics and checks; when
  // several documents carry one, the most recently saved. nullopt if none.
  Result<std::optional<StoredReport>> GetReport(const std::string& agency, int year);
  // The current report stored from document `document_id` (the most recently
  // saved when several agencies or years have one), with metrics and checks.
  Result<std::optional<StoredReport>> ReportOfDocument(std::int64_t document_id);
  // Records that the reader of `reader_version` read report `report_id` again
  // and found the same numbers (and the form `document`, unless ""): no new
  // version. Unknown ids are no error.
  Status SetReaderVersion(std::int64_t report_id, int reader_version, const std::string& document);
  // Every version ever saved for agency and year, oldest first, with metrics.
  Result<std::vector<StoredReport>> ListReportVersions(const std::string& agency, int year);

  // ---- alerts ----
  // Opens an alert, or refreshes (detail, last_seen_at) the open one with the
  // same kind/agency/year.
  Result<RaiseOutcome> RaiseAlert(const std::string& kind, const std::string& agency, int year,
                                  const std::string& detail, int versions = 0);
  // Resolves the open alert with this kind/agency/year; false if none was open.
  Result<bool> ResolveAlert(const std::string& kind, const std::string& agency, int year);
  // Newest first; only unresolved ones when `open_only`.
  Result<std::vector<AlertRow>> ListAlerts(bool open_only);
  // Adds a delivery of `alert_id` over `channel` to the outbox; a key already
  // present returns the existing delivery's id.
  Result<std::int64_t> EnqueueDelivery(std::int64_t alert_id, const std::string& channel,
                                       const std::string& idempotency_key);
  // Pending deliveries due now, oldest first.
  Result<std::vector<DeliveryRow>> DueDeliveries(int limit);
  // Records a delivery as sent and the alert as delivered over its channel.
  Status MarkDeliverySent(std::int64_t delivery_id);
  // Records a failed attempt: pending again at retry_at, or failed if nullopt.
  Status MarkDeliveryFailed(std::int64_t delivery_id, const std::string& error, std::optional<UnixMillis> retry_at);
  // Raises (or refreshes) the alert, queues its deliveries (keys already
  // present are kept as they are) and, for an event, resolves it: one
  // transaction, so a crash leaves either all of it or none.
  Result<RaiseOutcome> RecordAlert(const AlertRecord& alert);
  // Resolves the open alert and queues the announcements of its resolution
  // (period "resolved"), in one transaction; false (and nothing queued) if
  // none was open.
  Result<bool> ResolveAlertAndQueue(const std::string& kind, const std::string& agency, int year,
                                    const std::vector<std::string>& channels);
  // Leaves a pending delivery pending but not before `until` (a rate limit);
  // no attempt is counted.
  Status DelayDelivery(std::int64_t delivery_id, UnixMillis until);

  // ---- digests and rate limits (digest_store.cpp) ----
  // Names of the sources that have fetched a page in some cycle but whose
  // first crawl has not been summarised yet (AlertRecord::summarises_source).
  Result<std::vector<std::string>> SourcesAwaitingSummary();
  // Pending deliveries not yet in a digest part, oldest first, with their alerts.
  Result<std::vector<DigestCandidate>> DigestCandidates();
  // Stores the parts of one digest of `cycle_id` over `channel`, numbered
  // after any part that (cycle, channel) already has, and marks the deliveries
  // each carries (`deliveries[i]` for parts[i]) as digested by it. One
  // transaction: either every part is stored with its deliveries, or none is.
  // Only `subject`, `body` and `parts` of each DigestPartRow are read.
  Status StoreDigest(std::int64_t cycle_id, const std::string& channel, std::vector<DigestPartRow> parts,
                     const std::vector<std::vector<std::int64_t>>& deliveries);
  // Pending parts due now, by cycle, channel and part.
  Result<std::vector<DigestPartRow>> DueDigestParts(int limit);
  // Every part stored for `cycle_id` (any state), by channel and part.
  Result<std::vector<DigestPartRow>> DigestParts(std::int64_t cycle_id);
  // Records a part as sent (synchronous=FULL, like MarkDeliverySent), and the
  // deliveries it carries as sent with their alerts delivered over its channel.
  Status MarkDigestPartSent(std::int64_t part_id);
  // A failed attempt: pending again at retry_at, or failed for good (with the
  // deliveries it carries) if nullopt.
  Status MarkDigestPartFailed(std::int64_t part_id, const std::string& error, std::optional<UnixMillis> retry_at);
  Status DelayDigestPart(std::int64_t part_id, UnixMillis until);
  // Records one request to a rate-limited `target` at now (committed before
  // the request is made, so a crash mid-request still counts it); records
  // older than an hour are dropped.
  Status RecordChannelSend(const std::string& target);
  // When `target` was sent to at or after `since`, oldest first.
  Result<std::vector<UnixMillis>> ChannelSendsSince(const std::string& target, UnixMillis since);

  // ---- maintenance ----
  // PRAGMA wal_checkpoint(TRUNCATE) (writer only): call at clean shutdown.
  Status Checkpoint();
  // PRAGMA integrity_check; ok or kCorrupt with SQLite's findings.
  Status IntegrityCheck();

 private:
  Status RequireWriter(const char* what) const;
  // Adds to the running cycle's counters for the document's source (no-op when
  // no cycle runs or the document has no source). REQUIRES: inside a transaction.
  Status BumpCycleCounters(std::int64_t doc_id, int pages, int errors, int blocked);

  // Declared first so it is released last, after the connection closes.
  std::unique_ptr<WriterLock> lock_;
  std::unique_ptr<Db> db_;
  OpenMode mode_;
  const Clock& clock_;
  int schema_version_;
  std::mutex mu_;
};

}  // namespace nianbao::storage
