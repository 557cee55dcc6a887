// The queue half of Store. Each state change is a single UPDATE or a short
// BEGIN IMMEDIATE transaction, so a SIGKILL at any instant leaves every
// document wholly before or after a change. The CHECK in the schema ties
// state 'fetching' to a lease, so a row can never be fetching without an expiry.
#include <algorithm>

#include "common/sha256.h"
#include "storage/compression.h"
#include "storage/db.h"
#include "storage/store.h"

namespace nianbao::storage {
namespace {

#define NIANBAO_DOC_COLUMNS                                                                                 \
  "id, url, kind, source_id, parent_id, priority, state, attempts, next_attempt_at, lease_owner, "        \
  "lease_until, http_status, error_kind, last_error, permanent, etag, last_modified, content_type, "      \
  "current_revision_id, discovered_at, fetched_at, hint, request"

DocumentRow ReadDocument(const Query& q) {
  DocumentRow d;
  d.id = q.Int(0);
  d.url = q.Text(1);
  d.kind = ParseDocKind(q.Text(2)).value_or(DocKind::kArticle);
  d.source_id = q.OptInt(3).value_or(0);
  d.parent_id = q.OptInt(4).value_or(0);
  d.priority = static_cast<int>(q.Int(5));
  d.state = ParseDocState(q.Text(6)).value_or(DocState::kPending);
  d.attempts = static_cast<int>(q.Int(7));
  d.next_attempt_at = q.Int(8);
  d.lease_owner = q.Text(9);
  d.lease_until = q.OptInt(10).value_or(0);
  if (auto s = q.OptInt(11)) d.http_status = static_cast<int>(*s);
  if (auto k = q.OptText(12)) d.error_kind = ParseFetchErrorKind(*k);
  d.last_error = q.Text(13);
  d.permanent = q.Int(14) != 0;
  d.etag = q.Text(15);
  d.last_modified = q.Text(16);
  d.content_type = q.Text(17);
  d.current_revision_id = q.OptInt(18).value_or(0);
  d.discovered_at = q.Int(19);
  d.fetched_at = q.OptInt(20);
  d.hint = q.Text(21);
  d.request = q.Text(22);
  return d;
}

Result<std::vector<DocumentRow>> ReadDocuments(Query& q) { return q.Collect<DocumentRow>(ReadDocument); }

std::optional<std::int64_t> IdOrNull(std::int64_t id) {
  if (id == 0) return std::nullopt;
  return id;
}

std::optional<std::string> TextOrNull(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

// The state and source of a document, inside a transaction.
struct DocHead {
  std::string state;
  std::int64_t current_revision_id = 0;
};

Result<DocHead> ReadHead(Db& db, std::int64_t doc_id) {
  Result<Query> q = db.Prepare("SELECT state, current_revision_id FROM documents WHERE id = ?1");
  if (!q.ok()) return q.status();
  q->Bind(1, doc_id);
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status();
  if (!*row) return NotFound(db.path() + ": document " + std::to_string(doc_id) + " does not exist");
  return DocHead{q->Text(0), q->OptInt(1).value_or(0)};
}

Result<std::int64_t> InsertDocument(Db& db, const NewDocument& doc, UnixMillis now) {
  if (doc.url.empty()) return InvalidArgument("Enqueue: empty URL");
  {
    Result<Query> ins = db.Prepare(
        "INSERT INTO documents(url, kind, source_id, parent_id, priority, next_attempt_at, discovered_at, hint, "
        "request) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8) ON CONFLICT(url) DO NOTHING");
    if (!ins.ok()) return ins.status();
    ins->Bind(1, doc.url).Bind(2, ToString(doc.kind)).Bind(3, IdOrNull(doc.source_id));
    ins->Bind(4, IdOrNull(doc.parent_id)).Bind(5, doc.priority).Bind(6, now).Bind(7, doc.hint).Bind(8, doc.request);
    Status st = ins->Run();
    if (!st.ok()) return st.WithContext("enqueueing " + doc.url);
    if (db.Changes() > 0) return db.LastInsertId();
  }
  Result<Query> find = db.Prepare("SELECT id FROM documents WHERE url = ?1");
  if (!find.ok()) return find.status();
  find->Bind(1, doc.url);
  Result<bool> row = find->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Internal(db.path() + ": " + doc.url + " neither inserted nor found");
  return find->Int(0);
}

// Inserts a revision for new content, or touches the existing one with the
// same hash. Returns (revision id, is_new).
Result<CompleteOutcome> StoreContent(Db& db, std::int64_t doc_id, const FetchRecord& fetch, const std::string& hash,
                                     UnixMillis now) {
  {
    Result<Query> seen = db.Prepare(
        "UPDATE revisions SET last_seen_at = ?3 WHERE document_id = ?1 AND content_hash = ?2 RETURNING id");
    if (!seen.ok()) return seen.status();
    seen->Bind(1, doc_id).Bind(2, hash).Bind(3, now);
    Result<bool> row = seen->Step();
    if (!row.ok()) return row.status();
    if (*row) return CompleteOutcome{seen->Int(0), false};
  }
  Result<std::string> z = Compress(fetch.body);
  if (!z.ok()) return z.status();
  Result<Query> ins = db.Prepare(
      "INSERT INTO revisions(document_id, content_hash, body_z, size, http_status, content_type, charset, "
      "fetched_at, last_seen_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)");
  if (!ins.ok()) return ins.status();
  ins->Bind(1, doc_id).Bind(2, hash).Bind(3, BlobRef{z->data(), z->size()});
  ins->Bind(4, static_cast<std::int64_t>(fetch.body.size())).Bind(5, fetch.http_status);
  ins->Bind(6, TextOrNull(fetch.content_type)).Bind(7, TextOrNull(fetch.charset)).Bind(8, now);
  NIANBAO_RETURN_IF_ERROR(ins->Run());
  return CompleteOutcome{db.LastInsertId(), true};
}

Status MarkFetched(Db& db, std::int64_t doc_id, const FetchRecord& fetch, std::int64_t revision_id, UnixMillis now) {
  // A 304 carries no new validators as a rule; keep the stored ones then.
  Result<Query> q = db.Prepare(
      "UPDATE documents SET state = 'fetched', lease_owner = NULL, lease_until = NULL, attempts = 0, "
      "http_status = ?2, etag = COALESCE(?3, etag), last_modified = COALESCE(?4, last_modified), "
      "content_type = COALESCE(?5, content_type), current_revision_id = ?6, fetched_at = ?7, "
      "error_kind = NULL, last_error = NULL, permanent = 0 WHERE id = ?1");
  if (!q.ok()) return q.status();
  q->Bind(1, doc_id).Bind(2, fetch.http_status).Bind(3, TextOrNull(fetch.etag));
  q->Bind(4, TextOrNull(fetch.last_modified)).Bind(5, TextOrNull(fetch.content_type));
  q->Bind(6, revision_id).Bind(7, now);
  return q->Run();
}

}  // namespace

Result<std::int64_t> Store::Enqueue(const NewDocument& doc) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("Enqueue"));
  return InsertDocument(*db_, doc, clock_.Now());
}

Result<std::vector<std::int64_t>> Store::EnqueueMany(const std::vector<NewDocument>& docs) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("EnqueueMany"));
  Result<Transaction> txn = Transaction::Begin(*db_);
  if (!txn.ok()) return txn.status();
  std::vector<std::int64_t> ids;
  ids.reserve(docs.size());
  UnixMillis now = clock_.Now();
  for (const NewDocument& doc : docs) {
    Result<std::int64_t> id = InsertDocument(*db_, doc, now);
    if (!id.ok()) return id.status();
    ids.push_back(*id);
  }
  NIANBAO_RETURN_IF_ERROR(txn->Commit());
  return ids;
}

Result<std::vector<DocumentRow>> Store::Claim(const std::string& worker, int max, std::int64_t lease_ms) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("Claim"));
  if (max <= 0 || lease_ms <= 0) return InvalidArgument("Claim: max and lease_ms must be > 0");
  UnixMillis now = clock_.Now();
  Result<Transaction> txn = Transaction::Begin(*db_);
  if (!txn.ok()) return txn.status();
  {
    // Work whose holder died (or overran) is pending again from this instant.
    // INDEXED BY: left to itself the planner walks every fetching row through
    // documents_due, which made each claim O(documents in flight).
    Result<Query> expire = db_->Prepare(
        "UPDATE documents INDEXED BY documents_lease SET state = 'pending', lease_owner = NULL, lease_until = NULL "
        "WHERE state = 'fetching' AND lease_until <= ?1");
    if (!expire.ok()) return expire.status();
    NIANBAO_RETURN_IF_ERROR(expire->Bind(1, now).Run());
  }
  Result<std::vector<DocumentRow>> claimed = [&]() -> Result<std::vector<DocumentRow>> {
    Result<Query> q = db_->Prepare(
        "UPDATE documents SET state = 'fetching', lease_owner = ?1, lease_until = ?2, attempts = attempts + 1 "
        "WHERE id IN (SELECT id FROM documents WHERE state = 'pending' AND next_attempt_at <= ?3 "
        "ORDER BY priority DESC, next_attempt_at, id LIMIT ?4) RETURNING " NIANBAO_DOC_COLUMNS);
    if (!q.ok()) return q.status();
    q->Bind(1, worker).Bind(2, now + lease_ms).Bind(3, now).Bind(4, max);
    return ReadDocuments(*q);
  }();
  if (!claimed.ok()) return claimed.status();
  NIANBAO_RETURN_IF_ERROR(txn->Commit());
  // RETURNING gives no order; callers expect the claim order.
  std::sort(claimed->begin(), claimed->end(), [](const DocumentRow& a, const DocumentRow& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.next_attempt_at != b.next_attempt_at) return a.next_attempt_at < b.next_attempt_at;
    return a.id < b.id;
  });
  return claimed;
}

Result<CompleteOutcome> Store::CompleteFetch(std::int64_t doc_id, const FetchRecord& fetch) {
  // Hash outside the lock: it is the only CPU-heavy step for big bodies.
  std::string hash = fetch.not_modified ? std::string() : Sha256Hex(fetch.body);
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("CompleteFetch"));
  UnixMillis now = clock_.Now();
  Result<Transaction> txn = Transaction::Begin(*db_);
  if (!txn.ok()) return txn.status();
  Result<DocHead> head = ReadHead(*db_, doc_id);
  if (!head.ok()) return head.status();
  std::string where = db_->path() + ": document " + std::to_string(doc_id);
  if (head->state != "fetching") {
    return FailedPrecondition(where + ": CompleteFetch while " + head->state + " (it must be claimed first)");
  }
  CompleteOutcome outcome;
  if (fetch.not_modified) {
    if (head->current_revision_id == 0) return FailedPrecondition(where + ": 304 Not Modified but no stored revision");
    Result<Query> touch = db_->Prepare("UPDATE revisions SET last_seen_at = ?2 WHERE id = ?1");
    if (!touch.ok()) return touch.status();
    NIANBAO_RETURN_IF_ERROR(touch->Bind(1, head->current_revision_id).Bind(2, now).Run());
    outcome.revision_id = head->current_revision_id;
  } else {
    Result<CompleteOutcome> stored = StoreContent(*db_, doc_id, fetch, hash, now);
    if (!stored.ok()) return stored.status().WithContext(where);
    outcome = *stored;
  }
  NIANBAO_RETURN_IF_ERROR(MarkFetched(*db_, doc_id, fetch, outcome.revision_id, now));
  NIANBAO_RETURN_IF_ERROR(BumpCycleCounters(doc_id, 1, 0, 0));
  NIANBAO_RETURN_IF_ERROR(txn->Commit());
  return outcome;
}

Status Store::MarkParsed(std::int64_t doc_id) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("MarkParsed"));
  Result<Query> q = db_->Prepare("UPDATE documents SET state = 'parsed' WHERE id = ?1 AND state = 'fetched'");
  if (!q.ok()) return q.status();
  NIANBAO_RETURN_IF_ERROR(q->Bind(1, doc_id).Run());
  if (db_->Changes() == 1) return Status::Ok();
  Result<DocHead> head = ReadHead(*db_, doc_id);
  if (!head.ok()) return head.status();
  return FailedPrecondition(db_->path() + ": document " + std::to_string(doc_id) + ": MarkParsed while " +
                            head->state + " (only a fetched document can be parsed)");
}

Status Store::Fail(std::int64_t doc_id, const FailureRecord& failure) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("Fail"));
  if (failure.kind == ErrorKind::kCancelled) {
    // Nothing failed: the document goes back to the queue untouched.
    return InvalidArgument(db_->path() + ": document " + std::to_string(doc_id) +
                           ": a cancelled fetch is released (Release), not recorded as a failure");
  }
  Result<Transaction> txn = Transaction::Begin(*db_);
  if (!txn.ok()) return txn.status();
  bool retry = failure.retry_at.has_value() && !failure.permanent;
  {
    Result<Query> q = db_->Prepare(
        "UPDATE documents SET state = ?2, next_attempt_at = COALESCE(?3, next_attempt_at), lease_owner = NULL, "
        "lease_until = NULL, http_status = COALESCE(?4, http_status), error_kind = ?5, last_error = ?6, "
        "permanent = ?7 WHERE id = ?1");
    if (!q.ok()) return q.status();
    q->Bind(1, doc_id).Bind(2, ToString(retry ? DocState::kPending : DocState::kFailed));
    q->Bind(3, retry ? std::optional<std::int64_t>(*failure.retry_at) : std::nullopt);
    q->Bind(4, failure.http_status ? std::optional<std::int64_t>(*failure.http_status) : std::nullopt);
    q->Bind(5, ToString(failure.kind)).Bind(6, failure.error).Bind(7, failure.permanent ? 1 : 0);
    NIANBAO_RETURN_IF_ERROR(q->Run());
  }
  if (db_->Changes() == 0) {
    return NotFound(db_->path() + ": document " + std::to_string(doc_id) + " does not exist");
  }
  NIANBAO_RETURN_IF_ERROR(BumpCycleCounters(doc_id, 0, 1, failure.kind == ErrorKind::kBlocked ? 1 : 0));
  return txn->Commit();
}

Status Store::Release(std::int64_t doc_id) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("Release"));
  Result<Query> q = db_->Prepare(
      "UPDATE documents SET state = 'pending', lease_owner = NULL, lease_until = NULL, "
      "attempts = MAX(attempts - 1, 0) WHERE id = ?1 AND state = 'fetching'");
  if (!q.ok()) return q.status();
  return q->Bind(1, doc_id).Run();
}

Result<std::int64_t> Store::ReleaseWorker(const std::string& worker) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("ReleaseWorker"));
  Result<Query> q = db_->Prepare(
      "UPDATE documents SET state = 'pending', lease_owner = NULL, lease_until = NULL, "
      "attempts = MAX(attempts - 1, 0) WHERE state = 'fetching' AND lease_owner = ?1");
  if (!q.ok()) return q.status();
  NIANBAO_RETURN_IF_ERROR(q->Bind(1, worker).Run());
  return static_cast<std::int64_t>(db_->Changes());
}

Status Store::Requeue(std::int64_t doc_id) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("Requeue"));
  Result<Query> q = db_->Prepare(
      "UPDATE documents SET state = 'pending', next_attempt_at = ?2, attempts = 0 "
      "WHERE id = ?1 AND state <> 'fetching'");
  if (!q.ok()) return q.status();
  NIANBAO_RETURN_IF_ERROR(q->Bind(1, doc_id).Bind(2, clock_.Now()).Run());
  if (db_->Changes() > 0) return Status::Ok();
  return ReadHead(*db_, doc_id).status();
}

Result<std::int64_t> Store::RetryFailed(bool include_permanent) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("RetryFailed"));
  Result<Query> q = db_->Prepare(
      "UPDATE documents SET state = 'pending', next_attempt_at = ?2, attempts = 0, permanent = 0 "
      "WHERE state = 'failed' AND (?1 OR permanent = 0)");
  if (!q.ok()) return q.status();
  NIANBAO_RETURN_IF_ERROR(q->Bind(1, include_permanent ? 1 : 0).Bind(2, clock_.Now()).Run());
  return static_cast<std::int64_t>(db_->Changes());
}

Result<std::optional<DocumentRow>> Store::GetDocument(std::int64_t doc_id) {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare("SELECT " NIANBAO_DOC_COLUMNS " FROM documents WHERE id = ?1");
  if (!q.ok()) return q.status();
  q->Bind(1, doc_id);
  Result<std::vector<DocumentRow>> rows = ReadDocuments(*q);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<DocumentRow>();
  return std::optional<DocumentRow>(std::move(rows->front()));
}

Result<std::vector<DocumentRow>> Store::AttachmentsOf(std::int64_t doc_id) {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare("SELECT " NIANBAO_DOC_COLUMNS
                                 " FROM documents WHERE parent_id = ?1 AND kind = 'attachment' ORDER BY id");
  if (!q.ok()) return q.status();
  q->Bind(1, doc_id);
  return q->Collect<DocumentRow>(ReadDocument);
}

Result<std::optional<DocumentRow>> Store::FindDocument(const std::string& url) {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare("SELECT " NIANBAO_DOC_COLUMNS " FROM documents WHERE url = ?1");
  if (!q.ok()) return q.status();
  q->Bind(1, url);
  Result<std::vector<DocumentRow>> rows = ReadDocuments(*q);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<DocumentRow>();
  return std::optional<DocumentRow>(std::move(rows->front()));
}

Result<std::vector<DocumentRow>> Store::ListDocuments(DocState state, int limit) {
  std::lock_guard lock(mu_);
  Result<Query> q =
      db_->Prepare("SELECT " NIANBAO_DOC_COLUMNS " FROM documents WHERE state = ?1 ORDER BY id LIMIT ?2");
  if (!q.ok()) return q.status();
  q->Bind(1, ToString(state)).Bind(2, limit);
  return ReadDocuments(*q);
}

Result<std::vector<DocumentRow>> Store::UnfinishedYields(int limit) {
  std::lock_guard lock(mu_);
  // Attachments and robots.txt yield nothing: fetched is their final state.
  Result<Query> q = db_->Prepare("SELECT " NIANBAO_DOC_COLUMNS " FROM documents "
                                 "WHERE state = 'fetched' AND kind IN ('list', 'article') ORDER BY id LIMIT ?1");
  if (!q.ok()) return q.status();
  q->Bind(1, limit);
  return ReadDocuments(*q);
}

Result<StateCounts> Store::CountDocumentsByState() {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare("SELECT state, COUNT(*) FROM documents GROUP BY state");
  if (!q.ok()) return q.status();
  StateCounts c;
  NIANBAO_RETURN_IF_ERROR(q->ForEachRow([&](const Query& r) {
    std::int64_t n = r.Int(1);
    switch (ParseDocState(r.Text(0)).value_or(DocState::kPending)) {
      case DocState::kPending: c.pending += n; break;
      case DocState::kFetching: c.fetching += n; break;
      case DocState::kFetched: c.fetched += n; break;
      case DocState::kParsed: c.parsed += n; break;
      case DocState::kFailed: c.failed += n; break;
    }
  }));
  return c;
}

Result<std::vector<FailureCause>> Store::FailureCausesSummary() {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare(
      "SELECT COALESCE(error_kind, 'other'), COUNT(*) FROM documents "
      "WHERE state = 'failed' OR (state = 'pending' AND error_kind IS NOT NULL) "
      "GROUP BY 1 ORDER BY 2 DESC, 1");
  if (!q.ok()) return q.status();
  return q->Collect<FailureCause>([](const Query& r) {
    return FailureCause{ParseFetchErrorKind(r.Text(0)).value_or(ErrorKind::kOther), r.Int(1)};
  });
}

}  // namespace nianbao::storage
