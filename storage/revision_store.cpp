// Reading revisions back. Bodies are stored zlib-compressed with their size,
// so a reader can bound the allocation before inflating.
#include "storage/compression.h"
#include "storage/db.h"
#include "storage/store.h"

namespace nianbao::storage {
namespace {

#define NIANBAO_REVISION_COLUMNS \
  "id, document_id, content_hash, body_z, size, http_status, content_type, charset, fetched_at, last_seen_at"

Result<std::optional<Revision>> ReadRevision(Db& db, Query& q) {
  Result<bool> row = q.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Revision>();
  Revision r;
  r.id = q.Int(0);
  r.document_id = q.Int(1);
  r.content_hash = q.Text(2);
  r.size = q.Int(4);
  if (auto s = q.OptInt(5)) r.http_status = static_cast<int>(*s);
  r.content_type = q.Text(6);
  r.charset = q.Text(7);
  r.fetched_at = q.Int(8);
  r.last_seen_at = q.Int(9);
  if (r.size < 0) return Corrupt(db.path() + ": revision " + std::to_string(r.id) + " has a negative size");
  Result<std::string> body = Decompress(q.Blob(3), static_cast<std::size_t>(r.size));
  if (!body.ok()) return body.status().WithContext(db.path() + ": revision " + std::to_string(r.id));
  r.body = std::move(body).value();
  return std::optional<Revision>(std::move(r));
}

}  // namespace

Result<std::optional<Revision>> Store::LatestRevision(std::int64_t doc_id) {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare(
      "SELECT " NIANBAO_REVISION_COLUMNS " FROM revisions WHERE id = "
      "(SELECT current_revision_id FROM documents WHERE id = ?1)");
  if (!q.ok()) return q.status();
  q->Bind(1, doc_id);
  return ReadRevision(*db_, *q);
}

Result<std::optional<Revision>> Store::GetRevision(std::int64_t revision_id) {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare("SELECT " NIANBAO_REVISION_COLUMNS " FROM revisions WHERE id = ?1");
  if (!q.ok()) return q.status();
  q->Bind(1, revision_id);
  return ReadRevision(*db_, *q);
}

Result<std::optional<std::int64_t>> Store::RevisionSize(std::int64_t revision_id) {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare("SELECT size FROM revisions WHERE id = ?1");
  if (!q.ok()) return q.status();
  q->Bind(1, revision_id);
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(q->Int(0));
}

Result<std::int64_t> Store::RevisionCount(std::int64_t doc_id) {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare("SELECT COUNT(*) FROM revisions WHERE document_id = ?1");
  if (!q.ok()) return q.status();
  q->Bind(1, doc_id);
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status();
  return q->Int(0);
}

}  // namespace nianbao::storage
