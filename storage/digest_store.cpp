// Digest parts and the rate-limit record (schema version 6). A part's body is
// written once, in the transaction that takes its deliveries out of the
// per-alert outbox, and never rewritten: a re-send after a crash is the same
// bytes. Sent state is committed with synchronous=FULL, as for deliveries.
#include "storage/alert_sql.h"
#include "storage/db.h"
#include "storage/store.h"

namespace nianbao::storage {
namespace {

constexpr std::int64_t kSendsKeptMs = 3600 * 1000;

constexpr const char* kPartColumns =
    "id, cycle_id, channel, part, parts, subject, body, alerts, state, attempts, next_attempt_at, last_error";

DigestPartRow ReadPart(const Query& q) {
  DigestPartRow p;
  p.id = q.Int(0);
  p.cycle_id = q.Int(1);
  p.channel = q.Text(2);
  p.part = static_cast<int>(q.Int(3));
  p.parts = static_cast<int>(q.Int(4));
  p.subject = q.Text(5);
  p.body = q.Text(6);
  p.alerts = static_cast<int>(q.Int(7));
  p.state = ParseDeliveryState(q.Text(8)).value_or(DeliveryState::kFailed);
  p.attempts = static_cast<int>(q.Int(9));
  p.next_attempt_at = q.Int(10);
  p.last_error = q.Text(11);
  return p;
}

DeliveryRow ReadDelivery(const Query& r) {
  return DeliveryRow{r.Int(0), r.Int(1), r.Text(2), r.Text(3),
                     ParseDeliveryState(r.Text(4)).value_or(DeliveryState::kFailed), static_cast<int>(r.Int(5)),
                     r.Int(6), r.Text(7)};
}

}  // namespace

Result<std::vector<std::string>> Store::SourcesAwaitingSummary() {
  std::lock_guard lock(mu_);
  if (schema_version_ < 6) return std::vector<std::string>{};
  Result<Query> q = db_->Prepare(
      "SELECT DISTINCT s.name FROM sources s JOIN cycle_source_stats c ON c.source_id = s.id "
      "WHERE c.pages > 0 AND s.name NOT IN (SELECT source_name FROM first_crawls) ORDER BY s.name");
  if (!q.ok()) return q.status();
  return q->Collect<std::string>([](const Query& r) { return r.Text(0); });
}

Result<std::vector<DigestCandidate>> Store::DigestCandidates() {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare(
      std::string("SELECT d.id, d.alert_id, d.channel, d.idempotency_key, d.state, d.attempts, d.next_attempt_at, "
                  "d.last_error, ") +
      kAlertColumnsOfA +
      " FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id "
      "WHERE d.state = 'pending' AND d.digest_part_id IS NULL ORDER BY d.id");
  if (!q.ok()) return q.status();
  return q->Collect<DigestCandidate>(
      [](const Query& r) { return DigestCandidate{ReadDelivery(r), ReadAlertAt(r, 8)}; });
}

Status Store::StoreDigest(std::int64_t cycle_id, const std::string& channel, std::vector<DigestPartRow> parts,
                          const std::vector<std::vector<std::int64_t>>& deliveries) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("StoreDigest"));
  if (parts.size() != deliveries.size()) return InvalidArgument("StoreDigest: parts and deliveries differ in count");
  const UnixMillis now = clock_.Now();
  Result<Transaction> txn = Transaction::Begin(*db_);
  if (!txn.ok()) return txn.status();
  Result<Query> last = db_->Prepare("SELECT COALESCE(MAX(part), 0) FROM digest_parts WHERE cycle_id = ?1 AND channel = ?2");
  if (!last.ok()) return last.status();
  last->Bind(1, cycle_id).Bind(2, channel);
  Result<bool> row = last->Step();
  if (!row.ok()) return row.status();
  const int before = *row ? static_cast<int>(last->Int(0)) : 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    Result<Query> q = db_->Prepare(
        "INSERT INTO digest_parts(cycle_id, channel, part, parts, subject, body, alerts, next_attempt_at, created_at) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)");
    if (!q.ok()) return q.status();
    NIANBAO_RETURN_IF_ERROR(q->Bind(1, cycle_id)
                                .Bind(2, channel)
                                .Bind(3, before + static_cast<int>(i) + 1)
                                .Bind(4, before + parts[i].parts)
                                .Bind(5, parts[i].subject)
                                .Bind(6, parts[i].body)
                                .Bind(7, static_cast<std::int64_t>(deliveries[i].size()))
                                .Bind(8, now)
                                .Run());
    const std::int64_t part_id = db_->LastInsertId();
    for (std::int64_t d : deliveries[i]) {
      Result<Query> u = db_->Prepare(
          "UPDATE alert_deliveries SET state = 'digested', digest_part_id = ?2 "
          "WHERE id = ?1 AND state = 'pending' AND digest_part_id IS NULL");
      if (!u.ok()) return u.status();
      NIANBAO_RETURN_IF_ERROR(u->Bind(1, d).Bind(2, part_id).Run());
    }
  }
  return txn->Commit();
}

Result<std::vector<DigestPartRow>> Store::DueDigestParts(int limit) {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare(std::string("SELECT ") + kPartColumns +
                                 " FROM digest_parts WHERE state = 'pending' AND next_attempt_at <= ?1 "
                                 "ORDER BY cycle_id, channel, part LIMIT ?2");
  if (!q.ok()) return q.status();
  q->Bind(1, clock_.Now()).Bind(2, limit);
  return q->Collect<DigestPartRow>(ReadPart);
}

Result<std::vector<DigestPartRow>> Store::DigestParts(std::int64_t cycle_id) {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare(std::string("SELECT ") + kPartColumns +
                                 " FROM digest_parts WHERE cycle_id = ?1 ORDER BY channel, part");
  if (!q.ok()) return q.status();
  q->Bind(1, cycle_id);
  return q->Collect<DigestPartRow>(ReadPart);
}

Status Store::MarkDigestPartSent(std::int64_t part_id) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("MarkDigestPartSent"));
  const UnixMillis now = clock_.Now();
  NIANBAO_RETURN_IF_ERROR(db_->Exec("PRAGMA synchronous = FULL"));
  struct RestoreNormal {
    Db& db;
    ~RestoreNormal() { (void)db.Exec("PRAGMA synchronous = NORMAL"); }
  } restore{*db_};
  Result<Transaction> txn = Transaction::Begin(*db_);
  if (!txn.ok()) return txn.status();
  {
    Result<Query> q = db_->Prepare(
        "UPDATE digest_parts SET state = 'sent', sent_at = ?2, attempts = attempts + 1 WHERE id = ?1");
    if (!q.ok()) return q.status();
    NIANBAO_RETURN_IF_ERROR(q->Bind(1, part_id).Bind(2, now).Run());
  }
  if (db_->Changes() == 0) return NotFound(db_->path() + ": digest part " + std::to_string(part_id) + " does not exist");
  {
    Result<Query> q = db_->Prepare(AlertsDeliveredSql(
        "SELECT DISTINCT alert_id, channel FROM alert_deliveries WHERE digest_part_id = ?1"));
    if (!q.ok()) return q.status();
    NIANBAO_RETURN_IF_ERROR(q->Bind(1, part_id).Bind(2, now).Run());
  }
  {
    Result<Query> q = db_->Prepare(
        "UPDATE alert_deliveries SET state = 'sent', sent_at = ?2, attempts = attempts + 1 WHERE digest_part_id = ?1");
    if (!q.ok()) return q.status();
    NIANBAO_RETURN_IF_ERROR(q->Bind(1, part_id).Bind(2, now).Run());
  }
  return txn->Commit();
}

Status Store::MarkDigestPartFailed(std::int64_t part_id, const std::string& error,
                                   std::optional<UnixMillis> retry_at) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("MarkDigestPartFailed"));
  Result<Transaction> txn = Transaction::Begin(*db_);
  if (!txn.ok()) return txn.status();
  const std::string_view state = ToString(retry_at ? DeliveryState::kPending : DeliveryState::kFailed);
  {
    Result<Query> q = db_->Prepare(
        "UPDATE digest_parts SET state = ?2, next_attempt_at = COALESCE(?3, next_attempt_at), "
        "attempts = attempts + 1, last_error = ?4 WHERE id = ?1");
    if (!q.ok()) return q.status();
    NIANBAO_RETURN_IF_ERROR(q->Bind(1, part_id).Bind(2, state).Bind(3, retry_at).Bind(4, error).Run());
  }
  if (db_->Changes() == 0) return NotFound(db_->path() + ": digest part " + std::to_string(part_id) + " does not exist");
  if (!retry_at) {
    Result<Query> q = db_->Prepare(
        "UPDATE alert_deliveries SET state = 'failed', last_error = ?2 WHERE digest_part_id = ?1");
    if (!q.ok()) return q.status();
    NIANBAO_RETURN_IF_ERROR(q->Bind(1, part_id).Bind(2, error).Run());
  }
  return txn->Commit();
}

Status Store::DelayDigestPart(std::int64_t part_id, UnixMillis until) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("DelayDigestPart"));
  Result<Query> q = db_->Prepare("UPDATE digest_parts SET next_attempt_at = ?2 WHERE id = ?1");
  if (!q.ok()) return q.status();
  return q->Bind(1, part_id).Bind(2, until).Run();
}

Status Store::RecordChannelSend(const std::string& target) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("RecordChannelSend"));
  const UnixMillis now = clock_.Now();
  Result<Transaction> txn = Transaction::Begin(*db_);
  if (!txn.ok()) return txn.status();
  {
    Result<Query> q = db_->Prepare("DELETE FROM channel_sends WHERE target = ?1 AND sent_at < ?2");
    if (!q.ok()) return q.status();
    NIANBAO_RETURN_IF_ERROR(q->Bind(1, target).Bind(2, now - kSendsKeptMs).Run());
  }
  {
    Result<Query> q = db_->Prepare("INSERT INTO channel_sends(target, sent_at) VALUES(?1, ?2)");
    if (!q.ok()) return q.status();
    NIANBAO_RETURN_IF_ERROR(q->Bind(1, target).Bind(2, now).Run());
  }
  return txn->Commit();
}

Result<std::vector<UnixMillis>> Store::ChannelSendsSince(const std::string& target, UnixMillis since) {
  std::lock_guard lock(mu_);
  Result<Query> q =
      db_->Prepare("SELECT sent_at FROM channel_sends WHERE target = ?1 AND sent_at >= ?2 ORDER BY sent_at");
  if (!q.ok()) return q.status();
  q->Bind(1, target).Bind(2, since);
  return q->Collect<UnixMillis>([](const Query& r) { return r.Int(0); });
}

}  // namespace nianbao::storage
