// The crawl cycle's per-source side: which source a document belongs to
// (its roster), and of the bounds (source_bounds.h): which
// budget a document draws on, how a document refused by a bound is recorded,
// and which sources have finished, the progress the daemon's stall watchdog
// measures (documents keep finishing in a column that pages for ever;
// sources do not).
#include <algorithm>

#include "crawler/crawl_cycle.h"

namespace nianbao::crawler {

const SourceSpec* CrawlCycle::SourceOf(const storage::DocumentRow& doc) const {
  for (const SourceSpec& s : sources_)
    if (s.source_id == doc.source_id) return &s;
  return nullptr;
}

const std::vector<std::string>& CrawlCycle::RosterOf(const storage::DocumentRow& doc) const {
  static const std::vector<std::string> kNoRoster;
  const SourceSpec* source = SourceOf(doc);
  return source ? source->roster : kNoRoster;
}

SourceBudget& CrawlCycle::BudgetOf(const storage::DocumentRow& doc) {
  auto it = budgets_.find(doc.source_id);
  if (it != budgets_.end()) return it->second;
  const SourceSpec* source = SourceOf(doc);
  std::string name = source ? source->name : "#" + std::to_string(doc.source_id);
  return budgets_.emplace(doc.source_id, SourceBudget(std::move(name))).first->second;
}

Status CrawlCycle::RecordLimit(const storage::DocumentRow& doc, const std::string& reason) {
  if (std::find(summary_.limits.begin(), summary_.limits.end(), reason) == summary_.limits.end())
    summary_.limits.push_back(reason);
  ++summary_.failed;
  storage::FailureRecord f;
  f.kind = storage::ErrorKind::kLimit;
  f.error = reason;
  // Failed, not permanent: the next cycle (BeginCycle) tries it again, with
  // fresh bounds; this one can end.
  f.permanent = false;
  return store_.Fail(doc.id, f);
}

bool CrawlCycle::StopFor(Status failure) {
  // Recorded before Shutdown, whose cancellations may end the run at once.
  if (!failure_) failure_ = std::move(failure);
  if (stopping_) return true;
  stopping_ = true;
  std::weak_ptr<const int> run = run_token_;
  fetcher_.Shutdown();
  return !run.expired();
}

void CrawlCycle::NoteFinishedSources(bool force) {
  const UnixMillis now = clock_.Now();
  if (!force && now - last_finished_check_ < 1000) return;
  last_finished_check_ = now;
  auto open = store_.SourcesWithOpenWork();
  if (!open.ok()) return;  // only a measure of progress: the next check tries again
  for (const SourceSpec& s : sources_)
    if (!open->count(s.source_id)) finished_sources_.insert(s.source_id);
  summary_.sources_finished = static_cast<std::int64_t>(finished_sources_.size());
}

}  // namespace nianbao::crawler
