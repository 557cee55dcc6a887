// Parsed reports with their metrics and check results. A report row is one
// version: (agency, year, document, revision). Re-saving the same version
// replaces it; a new revision adds a row and moves is_current to it, so the
// metrics a report showed before it was revised stay queryable.
#include "storage/db.h"
#include "storage/store.h"

namespace nianbao::storage {
namespace {

#define NIANBAO_REPORT_COLUMNS                                                                            \
  "id, agency, year, document_id, revision_id, format, title, url, published, status, checks_failed, " \
  "body_text, sections_json, saved_at, canonical_json, document, reader_version"

std::optional<std::int64_t> IdOrNull(std::int64_t id) {
  if (id == 0) return std::nullopt;
  return id;
}

// The id of the row for exactly this version, or 0. A re-reading of the same
// revision by a newer reader is a version of its own.
Result<std::int64_t> FindVersion(Db& db, const StoredReport& r) {
  Result<Query> q = db.Prepare(
      "SELECT id FROM reports WHERE agency = ?1 AND year = ?2 AND document_id = ?3 AND revision_id IS ?4 "
      "AND reader_version = ?5");
  if (!q.ok()) return q.status();
  q->Bind(1, r.agency).Bind(2, r.year).Bind(3, r.document_id).Bind(4, IdOrNull(r.revision_id));
  q->Bind(5, r.reader_version);
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status();
  return *row ? q->Int(0) : 0;
}

Status BindFields(Query& q, const StoredReport& r, UnixMillis now) {
  q.Bind(1, r.agency).Bind(2, r.year).Bind(3, r.document_id).Bind(4, IdOrNull(r.revision_id));
  q.Bind(5, r.format).Bind(6, r.title).Bind(7, r.url).Bind(8, r.published).Bind(9, ToString(r.status));
  q.Bind(10, r.checks_failed).Bind(11, r.body_text).Bind(12, r.sections_json).Bind(13, now);
  q.Bind(15, r.canonical_json);
  q.Bind(16, r.document.empty() ? std::nullopt : std::optional<std::string>(r.document)).Bind(17, r.reader_version);
  return Status::Ok();
}

Result<std::int64_t> WriteRow(Db& db, const StoredReport& r, std::int64_t existing, UnixMillis now) {
  if (existing == 0) {
    Result<Query> q = db.Prepare(
        "INSERT INTO reports(agency, year, document_id, revision_id, format, title, url, published, status, "
        "checks_failed, body_text, sections_json, saved_at, canonical_json, document, reader_version) VALUES(?1, ?2, "
        "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?15, ?16, ?17)");
    if (!q.ok()) return q.status();
    NIANBAO_RETURN_IF_ERROR(BindFields(*q, r, now));
    NIANBAO_RETURN_IF_ERROR(q->Run());
    return db.LastInsertId();
  }
  Result<Query> q = db.Prepare(
      "UPDATE reports SET format = ?5, title = ?6, url = ?7, published = ?8, status = ?9, checks_failed = ?10, "
      "body_text = ?11, sections_json = ?12, saved_at = ?13, canonical_json = ?15, document = ?16, reader_version = ?17 WHERE id = ?14");
  if (!q.ok()) return q.status();
  NIANBAO_RETURN_IF_ERROR(BindFields(*q, r, now));
  NIANBAO_RETURN_IF_ERROR(q->Bind(14, existing).Run());
  for (const char* sql : {"DELETE FROM report_metrics WHERE report_id = ?1",
                          "DELETE FROM report_checks WHERE report_id = ?1"}) {
    Result<Query> del = db.Prepare(sql);
    if (!del.ok()) return del.status();
    NIANBAO_RETURN_IF_ERROR(del->Bind(1, existing).Run());
  }
  return existing;
}

Status WriteDetails(Db& db, std::int64_t id, const StoredReport& r) {
  for (const MetricValue& m : r.metrics) {
    // A key given twice keeps the last value rather than failing the save.
    Result<Query> q = db.Prepare(
        "INSERT INTO report_metrics(report_id, table_name, row_key, column_key, value) VALUES(?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT DO UPDATE SET value = excluded.value");
    if (!q.ok()) return q.status();
    NIANBAO_RETURN_IF_ERROR(q->Bind(1, id).Bind(2, m.table).Bind(3, m.row).Bind(4, m.column).Bind(5, m.value).Run());
  }
  int seq = 0;
  for (const CheckResult& c : r.checks) {
    Result<Query> q = db.Prepare(
        "INSERT INTO report_checks(report_id, seq, rule, scope, status, detail) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    if (!q.ok()) return q.status();
    q->Bind(1, id).Bind(2, seq++).Bind(3, c.rule).Bind(4, c.scope).Bind(5, ToString(c.status)).Bind(6, c.detail);
    NIANBAO_RETURN_IF_ERROR(q->Run());
  }
  return Status::Ok();
}

Status MarkCurrentAndAgency(Db& db, std::int64_t id, const StoredReport& r, UnixMillis now) {
  {
    Result<Query> q = db.Prepare(
        "UPDATE reports SET is_current = (id = ?4) WHERE agency = ?1 AND year = ?2 AND document_id = ?3");
    if (!q.ok()) return q.status();
    NIANBAO_RETURN_IF_ERROR(q->Bind(1, r.agency).Bind(2, r.year).Bind(3, r.document_id).Bind(4, id).Run());
  }
  Result<Query> q = db.Prepare(
      "INSERT INTO agencies(name, source_id, first_year, on_roster, first_seen_at) "
      "SELECT ?1, d.source_id, 0, 0, ?3 FROM documents d WHERE d.id = ?2 ON CONFLICT(name) DO NOTHING");
  if (!q.ok()) return q.status();
  return q->Bind(1, r.agency).Bind(2, r.document_id).Bind(3, now).Run();
}

StoredReport ReadReportRow(const Query& q) {
  StoredReport r;
  r.id = q.Int(0);
  r.agency = q.Text(1);
  r.year = static_cast<int>(q.Int(2));
  r.document_id = q.Int(3);
  r.revision_id = q.OptInt(4).value_or(0);
  r.format = q.Text(5);
  r.title = q.Text(6);
  r.url = q.Text(7);
  r.published = q.OptText(8);
  r.status = ParseReportStatus(q.Text(9)).value_or(ReportStatus::kFailed);  // CHECK admits only the names
  r.checks_failed = static_cast<int>(q.Int(10));
  r.body_text = q.Text(11);
  r.sections_json = q.Text(12);
  r.saved_at = q.Int(13);
  r.canonical_json = q.Text(14);
  r.document = q.OptText(15).value_or("");
  r.reader_version = static_cast<int>(q.Int(16));
  return r;
}

Status ReadDetails(Db& db, StoredReport& r) {
  {
    Result<Query> q = db.Prepare(
        "SELECT table_name, row_key, column_key, value FROM report_metrics WHERE report_id = ?1 "
        "ORDER BY table_name, row_key, column_key");
    if (!q.ok()) return q.status();
    q->Bind(1, r.id);
    NIANBAO_RETURN_IF_ERROR(q->ForEachRow([&](const Query& m) {
      r.metrics.push_back(MetricValue{m.Text(0), m.Text(1), m.Text(2), m.OptReal(3)});
    }));
  }
  Result<Query> q =
      db.Prepare("SELECT rule, scope, status, detail FROM report_checks WHERE report_id = ?1 ORDER BY seq");
  if (!q.ok()) return q.status();
  q->Bind(1, r.id);
  return q->ForEachRow(
      [&](const Query& c) { r.checks.push_back(CheckResult{c.Text(0), c.Text(1), ParseCheckStatus(c.Text(2)).value_or(CheckStatus::kNotAssessable),
                                                   c.Text(3)}); });
}

Result<std::vector<StoredReport>> ReadReports(Db& db, Query& q) {
  Result<std::vector<StoredReport>> out = q.Collect<StoredReport>(ReadReportRow);
  if (!out.ok()) return out;
  for (StoredReport& r : *out) NIANBAO_RETURN_IF_ERROR(ReadDetails(db, r));
  return out;
}

}  // namespace

Result<std::int64_t> Store::SaveReport(const StoredReport& report) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("SaveReport"));
  std::string what = "saving report " + report.agency + " " + std::to_string(report.year);
  if (report.agency.empty()) return InvalidArgument(what + ": empty agency");
  UnixMillis now = clock_.Now();
  Result<Transaction> txn = Transaction::Begin(*db_);
  if (!txn.ok()) return txn.status();
  Result<std::int64_t> existing = FindVersion(*db_, report);
  if (!existing.ok()) return existing.status().WithContext(what);
  Result<std::int64_t> id = WriteRow(*db_, report, *existing, now);
  if (!id.ok()) return id.status().WithContext(what);
  NIANBAO_RETURN_IF_ERROR(WriteDetails(*db_, *id, report).WithContext(what));
  NIANBAO_RETURN_IF_ERROR(MarkCurrentAndAgency(*db_, *id, report, now).WithContext(what));
  NIANBAO_RETURN_IF_ERROR(txn->Commit());
  return id;
}

Result<std::vector<ReportSummary>> Store::ListReports(const ReportFilter& filter) {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare(
      "SELECT r.id, r.agency, r.year, r.title, r.url, r.published, r.status, r.format, r.checks_failed, "
      "r.document_id, r.revision_id, (SELECT COUNT(*) FROM revisions v WHERE v.document_id = r.document_id), "
      "r.document, r.reader_version "
      "FROM reports r WHERE r.is_current = 1 AND (?1 IS NULL OR r.year = ?1) AND (?2 IS NULL OR r.agency = ?2) "
      "ORDER BY r.year, r.agency, r.id");
  if (!q.ok()) return q.status();
  q->Bind(1, filter.year ? std::optional<std::int64_t>(*filter.year) : std::nullopt).Bind(2, filter.agency);
  return q->Collect<ReportSummary>([](const Query& r) {
    ReportSummary s;
    s.id = r.Int(0);
    s.agency = r.Text(1);
    s.year = static_cast<int>(r.Int(2));
    s.title = r.Text(3);
    s.url = r.Text(4);
    s.published = r.OptText(5);
    s.status = ParseReportStatus(r.Text(6)).value_or(ReportStatus::kFailed);
    s.format = r.Text(7);
    s.checks_failed = static_cast<int>(r.Int(8));
    s.document_id = r.Int(9);
    s.revision_id = r.OptInt(10).value_or(0);
    s.revisions = r.Int(11);
    s.document = r.OptText(12).value_or("");
    s.reader_version = static_cast<int>(r.Int(13));
    return s;
  });
}

Result<std::optional<StoredReport>> Store::GetReport(const std::string& agency, int year) {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare("SELECT " NIANBAO_REPORT_COLUMNS
                                 " FROM reports WHERE agency = ?1 AND year = ?2 AND is_current = 1 "
                                 "ORDER BY saved_at DESC, id DESC LIMIT 1");
  if (!q.ok()) return q.status();
  q->Bind(1, agency).Bind(2, year);
  Result<std::vector<StoredReport>> rows = ReadReports(*db_, *q);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<StoredReport>();
  return std::optional<StoredReport>(std::move(rows->front()));
}

Result<std::optional<StoredReport>> Store::ReportOfDocument(std::int64_t document_id) {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare("SELECT " NIANBAO_REPORT_COLUMNS
                                 " FROM reports WHERE document_id = ?1 AND is_current = 1 "
                                 "ORDER BY saved_at DESC, id DESC LIMIT 1");
  if (!q.ok()) return q.status();
  q->Bind(1, document_id);
  Result<std::vector<StoredReport>> rows = ReadReports(*db_, *q);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<StoredReport>();
  return std::optional<StoredReport>(std::move(rows->front()));
}

Status Store::SetReaderVersion(std::int64_t report_id, int reader_version, const std::string& document) {
  std::lock_guard lock(mu_);
  NIANBAO_RETURN_IF_ERROR(RequireWriter("SetReaderVersion"));
  Result<Query> q = db_->Prepare(
      "UPDATE reports SET reader_version = ?2, document = COALESCE(?3, document) WHERE id = ?1");
  if (!q.ok()) return q.status();
  q->Bind(1, report_id).Bind(2, reader_version);
  q->Bind(3, document.empty() ? std::nullopt : std::optional<std::string>(document));
  return q->Run();
}

Result<std::vector<StoredReport>> Store::ListReportVersions(const std::string& agency, int year) {
  std::lock_guard lock(mu_);
  Result<Query> q = db_->Prepare("SELECT " NIANBAO_REPORT_COLUMNS
                                 " FROM reports WHERE agency = ?1 AND year = ?2 ORDER BY id");
  if (!q.ok()) return q.status();
  q->Bind(1, agency).Bind(2, year);
  return ReadReports(*db_, *q);
}

}  // namespace nianbao::storage
