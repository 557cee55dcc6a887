// Crawl cycles. At most one cycle is 'running' (a partial UNIQUE index says
// so), which is how BeginCycle recognises the cycle a killed process left.
#include "storage/db.h"
#include "storage/store.h"

namespace nianbao::storage {
namespace {

Result<std::optional<CycleInfo>> ReadCycle(Query& q) {
  Result<bool> row = q.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<CycleInfo>();
  CycleInfo c;
  c.id = q.Int(0);
  c.started_at = q.Int(1);
  c.finished_at = q.OptInt(2);
  // The schema's CHECK admits only the three names.
  c.state = ParseCycleState(q.Text(3)).value_or(CycleState::kAbandoned);
  return std::optional<CycleInfo>(std::move(c));
}

Result<std::vector<SourceCycleStats>> ReadStats(Query& q) {
  return q.Collect<SourceCycleStats>([](const Query& r) {
    return SourceCycleStats{r.Int(0), r.Int(1), r.Text(2), r.Int(3), r.Int(4), r.Int(5)};
  });
}

// Puts back to pending what a new cycle must look at again.
Result<std::int64_t> RequeueForCycle(Db& db, bool revisit_articles, UnixMillis now) {
  Result<Query> q = db.Prepare(
      "UPDATE documents SET state = 'pending', next_attempt_at = ?2, attempts = 0 "
      "WHERE (state IN ('fetched', 'parsed') OR (state = 'failed' AND permanent = 0)) "
      "AND (kind IN ('list', 'robots') OR ?1)");
  if (!q.ok()) return q.status();
  NIANBAO_RETURN_IF_ERROR(q->Bind(1, revisit_articles ? 1 : 0).Bind(2, now).Run());
  return static_cast<std::int64_t>(db.Changes());
}

}  // namespace

Result<CycleInfo> Store::BeginCycle(bool revisit_articles) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("BeginCycle"));
  UnixMillis now = clock_.Now();
  Result<Transaction> txn = Transaction::Begin(*db_);
  if (!txn.ok()) return txn.status();
  {
    Result<Query> running =
        db_->Prepare("SELECT id, started_at, finished_at, state FROM cycles WHERE state = 'running'");
    if (!running.ok()) return running.status();
    Result<std::optional<CycleInfo>> found = ReadCycle(*running);
    if (!found.ok()) return found.status();
    if (found->has_value()) {
      CycleInfo c = **found;
      c.resumed = true;
      return c;  // nothing changed; the transaction rolls back harmlessly
    }
  }
  Result<Query> ins = db_->Prepare("INSERT INTO cycles(started_at, state) VALUES(?1, 'running')");
  if (!ins.ok()) return ins.status();
  NIANBAO_RETURN_IF_ERROR(ins->Bind(1, now).Run());
  CycleInfo c;
  c.id = db_->LastInsertId();
  c.started_at = now;
  c.state = CycleState::kRunning;
  Result<std::int64_t> requeued = RequeueForCycle(*db_, revisit_articles, now);
  if (!requeued.ok()) return requeued.status();
  c.requeued = *requeued;
  NIANBAO_RETURN_IF_ERROR(txn->Commit());
  return c;
}

Status Store::FinishCycle(std::int64_t cycle_id) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("FinishCycle"));
  Result<Query> q = db_->Prepare(
      "UPDATE cycles SET state = 'finished', finished_at = COALESCE(finished_at, ?2) WHERE id = ?1");
  if (!q.ok()) return q.status();
  NIANBAO_RETURN_IF_ERROR(q->Bind(1, cycle_id).Bind(2, clock_.Now()).Run());
  if (db_->Changes() == 0) return NotFound(db_->path() + ": crawl cycle " + std::to_string(cycle_id) + " does not exist");
  return Status::Ok();
}

Result<std::optional<CycleInfo>> Store::LastCycle() {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare("SELECT id, started_at, finished_at, state FROM cycles ORDER BY id DESC LIMIT 1");
  if (!q.ok()) return q.status();
  return ReadCycle(*q);
}

Result<std::vector<SourceCycleStats>> Store::CycleStats(std::int64_t cycle_id) {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare(
      "SELECT st.cycle_id, st.source_id, s.name, st.pages, st.errors, st.blocked FROM cycle_source_stats st "
      "JOIN sources s ON s.id = st.source_id WHERE st.cycle_id = ?1 ORDER BY s.id");
  if (!q.ok()) return q.status();
  q->Bind(1, cycle_id);
  return ReadStats(*q);
}

Result<std::vector<SourceCycleStats>> Store::LatestStatsPerSource() {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare(
      "SELECT st.cycle_id, st.source_id, s.name, st.pages, st.errors, st.blocked FROM cycle_source_stats st "
      "JOIN sources s ON s.id = st.source_id WHERE st.cycle_id = "
      "(SELECT MAX(cycle_id) FROM cycle_source_stats x WHERE x.source_id = st.source_id) ORDER BY s.id");
  if (!q.ok()) return q.status();
  return ReadStats(*q);
}

Result<std::set<std::int64_t>> Store::SourcesWithOpenWork() {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare(
      "SELECT DISTINCT source_id FROM documents WHERE source_id IS NOT NULL "
      "AND (state = 'fetching' OR (state = 'pending' AND next_attempt_at <= ?1))");
  if (!q.ok()) return q.status();
  q->Bind(1, clock_.Now());
  std::set<std::int64_t> out;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.insert(q->Int(0));
  }
}

Status Store::BumpCycleCounters(std::int64_t doc_id, int pages, int errors, int blocked) {
  Result<Query> q = db_->Prepare(
      "INSERT INTO cycle_source_stats(cycle_id, source_id, pages, errors, blocked) "
      "SELECT c.id, d.source_id, ?2, ?3, ?4 FROM cycles c, documents d "
      "WHERE c.state = 'running' AND d.id = ?1 AND d.source_id IS NOT NULL "
      "ON CONFLICT(cycle_id, source_id) DO UPDATE SET pages = pages + excluded.pages, "
      "errors = errors + excluded.errors, blocked = blocked + excluded.blocked");
  if (!q.ok()) return q.status();
  return q->Bind(1, doc_id).Bind(2, pages).Bind(3, errors).Bind(4, blocked).Run();
}

}  // namespace nianbao::storage
