// Alerts and their delivery outbox. "Open" means resolved_at IS NULL; a
// partial UNIQUE index allows one open alert per (kind, agency, year), which
// makes RaiseAlert idempotent even across restarts. Sent state is committed
// together with the alert's last_sent_at (synchronous=FULL), see store.h.
#include "storage/alert_sql.h"
#include "storage/db.h"
#include "storage/store.h"

namespace nianbao::storage {
namespace {

#define NIANBAO_ALERT_COLUMNS \
  "id, kind, agency, year, detail, first_seen_at, last_seen_at, last_sent_at, delivered_to, resolved_at, "

AlertRow ReadAlert(const Query& q) { return ReadAlertAt(q, 0); }

// The open alert's id after resolving it at `now`; 0 if none was open.
Result<std::int64_t> ResolveRow(Db& db, const std::string& kind, const std::string& agency, int year, UnixMillis now) {
  Result<Query> q = db.Prepare(
      "UPDATE alerts SET resolved_at = ?4 WHERE kind = ?1 AND agency = ?2 AND year = ?3 AND resolved_at IS NULL "
      "RETURNING id");
  if (!q.ok()) return q.status();
  q->Bind(1, kind).Bind(2, agency).Bind(3, year).Bind(4, now);
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status();
  return *row ? q->Int(0) : std::int64_t{0};
}

// Queues "<alert>:<channel>:<period>" unless that key is already queued.
Status InsertDelivery(Db& db, std::int64_t alert_id, const DeliveryRequest& d, UnixMillis now) {
  const std::string key = std::to_string(alert_id) + ":" + d.channel + ":" + d.period;
  Result<Query> q = db.Prepare(
      "INSERT INTO alert_deliveries(alert_id, channel, idempotency_key, state, next_attempt_at, created_at) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT(idempotency_key) DO NOTHING");
  if (!q.ok()) return q.status();
  const DeliveryState state = d.withheld ? DeliveryState::kWithheld : DeliveryState::kPending;
  Status st = q->Bind(1, alert_id).Bind(2, d.channel).Bind(3, key).Bind(4, ToString(state)).Bind(5, now).Run();
  return st.ok() ? st : st.WithContext("delivery " + key);
}

}  // namespace

Result<RaiseOutcome> Store::RaiseAlert(const std::string& kind, const std::string& agency, int year,
                                       const std::string& detail, int versions) {
  AlertRecord a;
  a.kind = kind;
  a.agency = agency;
  a.year = year;
  a.detail = detail;
  a.versions = versions;
  return RecordAlert(a);
}

Result<RaiseOutcome> Store::RecordAlert(const AlertRecord& a) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("RecordAlert"));
  if (a.kind.empty()) return InvalidArgument("RecordAlert: empty kind");
  UnixMillis now = clock_.Now();
  Result<Transaction> txn = Transaction::Begin(*db_);
  if (!txn.ok()) return txn.status();
  RaiseOutcome out;
  {
    Result<Query> q = db_->Prepare(
        "UPDATE alerts SET detail = ?4, last_seen_at = ?5, versions = ?6 "
        "WHERE kind = ?1 AND agency = ?2 AND year = ?3 AND resolved_at IS NULL RETURNING id");
    if (!q.ok()) return q.status();
    q->Bind(1, a.kind).Bind(2, a.agency).Bind(3, a.year).Bind(4, a.detail).Bind(5, now).Bind(6, a.versions);
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status();
    if (*row) out.alert_id = q->Int(0);
  }
  if (out.alert_id == 0) {
    Result<Query> q = db_->Prepare(
        "INSERT INTO alerts(kind, agency, year, detail, first_seen_at, last_seen_at, versions) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?5, ?6)");
    if (!q.ok()) return q.status();
    NIANBAO_RETURN_IF_ERROR(
        q->Bind(1, a.kind).Bind(2, a.agency).Bind(3, a.year).Bind(4, a.detail).Bind(5, now).Bind(6, a.versions).Run());
    out.alert_id = db_->LastInsertId();
    out.is_new = true;
  }
  for (const DeliveryRequest& d : a.deliveries) {
    NIANBAO_RETURN_IF_ERROR(InsertDelivery(*db_, out.alert_id, d, now));
  }
  if (!a.summarises_source.empty()) {
    Result<Query> q = db_->Prepare(
        "INSERT INTO first_crawls(source_name, alert_id) VALUES(?1, ?2) "
        "ON CONFLICT(source_name) DO UPDATE SET alert_id = excluded.alert_id");
    if (!q.ok()) return q.status();
    NIANBAO_RETURN_IF_ERROR(q->Bind(1, a.summarises_source).Bind(2, out.alert_id).Run());
  }
  if (a.event) NIANBAO_RETURN_IF_ERROR(ResolveRow(*db_, a.kind, a.agency, a.year, now).status());
  NIANBAO_RETURN_IF_ERROR(txn->Commit());
  return out;
}

Result<bool> Store::ResolveAlertAndQueue(const std::string& kind, const std::string& agency, int year,
                                         const std::vector<std::string>& channels) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("ResolveAlertAndQueue"));
  UnixMillis now = clock_.Now();
  Result<Transaction> txn = Transaction::Begin(*db_);
  if (!txn.ok()) return txn.status();
  Result<std::int64_t> id = ResolveRow(*db_, kind, agency, year, now);
  if (!id.ok()) return id.status();
  if (*id == 0) return false;
  for (const std::string& channel : channels) {
    NIANBAO_RETURN_IF_ERROR(InsertDelivery(*db_, *id, DeliveryRequest{channel, "resolved", false}, now));
  }
  NIANBAO_RETURN_IF_ERROR(txn->Commit());
  return true;
}

Status Store::DelayDelivery(std::int64_t delivery_id, UnixMillis until) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("DelayDelivery"));
  Result<Query> q = db_->Prepare("UPDATE alert_deliveries SET next_attempt_at = ?2 WHERE id = ?1");
  if (!q.ok()) return q.status();
  return q->Bind(1, delivery_id).Bind(2, until).Run();
}

Result<bool> Store::ResolveAlert(const std::string& kind, const std::string& agency, int year) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("ResolveAlert"));
  Result<std::int64_t> id = ResolveRow(*db_, kind, agency, year, clock_.Now());
  if (!id.ok()) return id.status();
  return *id != 0;
}

Result<std::vector<AlertRow>> Store::ListAlerts(bool open_only) {
  std::lock_guard lock(mu_);
  // A reader of a version-2 file (not yet migrated) sees no counts.
  const char* versions = schema_version_ >= 3 ? "versions" : "0";
  Result<Query> q = db_->Prepare(std::string("SELECT " NIANBAO_ALERT_COLUMNS) + versions +
                                 " FROM alerts WHERE (?1 = 0 OR resolved_at IS NULL) ORDER BY first_seen_at DESC, id DESC");
  if (!q.ok()) return q.status();
  q->Bind(1, open_only ? 1 : 0);
  return q->Collect<AlertRow>(ReadAlert);
}

Result<std::int64_t> Store::EnqueueDelivery(std::int64_t alert_id, const std::string& channel,
                                            const std::string& idempotency_key) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("EnqueueDelivery"));
  UnixMillis now = clock_.Now();
  {
    Result<Query> q = db_->Prepare(
        "INSERT INTO alert_deliveries(alert_id, channel, idempotency_key, next_attempt_at, created_at) "
        "VALUES(?1, ?2, ?3, ?4, ?4) ON CONFLICT(idempotency_key) DO NOTHING");
    if (!q.ok()) return q.status();
    Status st = q->Bind(1, alert_id).Bind(2, channel).Bind(3, idempotency_key).Bind(4, now).Run();
    if (!st.ok()) return st.WithContext("delivery " + idempotency_key + " of alert " + std::to_string(alert_id));
    if (db_->Changes() > 0) return db_->LastInsertId();
  }
  Result<Query> q = db_->Prepare("SELECT id FROM alert_deliveries WHERE idempotency_key = ?1");
  if (!q.ok()) return q.status();
  q->Bind(1, idempotency_key);
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Internal(db_->path() + ": delivery " + idempotency_key + " neither inserted nor found");
  return q->Int(0);
}

Result<std::vector<DeliveryRow>> Store::DueDeliveries(int limit) {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare(
      "SELECT id, alert_id, channel, idempotency_key, state, attempts, next_attempt_at, last_error "
      "FROM alert_deliveries WHERE state = 'pending' AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?2");
  if (!q.ok()) return q.status();
  q->Bind(1, clock_.Now()).Bind(2, limit);
  return q->Collect<DeliveryRow>([](const Query& r) {
    return DeliveryRow{r.Int(0), r.Int(1), r.Text(2), r.Text(3), ParseDeliveryState(r.Text(4)).value_or(DeliveryState::kFailed),
                       static_cast<int>(r.Int(5)), r.Int(6),
                       r.Text(7)};
  });
}

Status Store::MarkDeliverySent(std::int64_t delivery_id) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("MarkDeliverySent"));
  UnixMillis now = clock_.Now();
  // This commit (and with it every earlier one in the WAL) reaches the disk
  // before the call returns, so a sent alert is never sent again after a
  // power cut; the connection goes back to NORMAL afterwards.
  NIANBAO_RETURN_IF_ERROR(db_->Exec("PRAGMA synchronous = FULL"));
  struct RestoreNormal {
    Db& db;
    ~RestoreNormal() { (void)db.Exec("PRAGMA synchronous = NORMAL"); }
  } restore{*db_};
  Result<Transaction> txn = Transaction::Begin(*db_);
  if (!txn.ok()) return txn.status();
  {
    Result<Query> q = db_->Prepare(
        "UPDATE alert_deliveries SET state = 'sent', sent_at = ?2, attempts = attempts + 1 WHERE id = ?1");
    if (!q.ok()) return q.status();
    NIANBAO_RETURN_IF_ERROR(q->Bind(1, delivery_id).Bind(2, now).Run());
  }
  if (db_->Changes() == 0) {
    return NotFound(db_->path() + ": alert delivery " + std::to_string(delivery_id) + " does not exist");
  }
  {
    // delivered_to lists each channel once.
    Result<Query> q = db_->Prepare(
        AlertsDeliveredSql("SELECT alert_id, channel FROM alert_deliveries WHERE id = ?1"));
    if (!q.ok()) return q.status();
    NIANBAO_RETURN_IF_ERROR(q->Bind(1, delivery_id).Bind(2, now).Run());
  }
  return txn->Commit();
}

Status Store::MarkDeliveryFailed(std::int64_t delivery_id, const std::string& error,
                                 std::optional<UnixMillis> retry_at) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("MarkDeliveryFailed"));
  Result<Query> q = db_->Prepare(
      "UPDATE alert_deliveries SET state = ?2, next_attempt_at = COALESCE(?3, next_attempt_at), "
      "attempts = attempts + 1, last_error = ?4 WHERE id = ?1");
  if (!q.ok()) return q.status();
  NIANBAO_RETURN_IF_ERROR(
      q->Bind(1, delivery_id).Bind(2, ToString(retry_at ? DeliveryState::kPending : DeliveryState::kFailed)).Bind(3, retry_at).Bind(4, error).Run());
  if (db_->Changes() == 0) {
    return NotFound(db_->path() + ": alert delivery " + std::to_string(delivery_id) + " does not exist");
  }
  return Status::Ok();
}

}  // namespace nianbao::storage
