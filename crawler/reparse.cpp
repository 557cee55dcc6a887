// The re-read replays the crawl's two steps (article, then its attachments)
// from storage. Which reports it takes is decided here and not in SQL, since
// the reader version to compare with is this build's.
#include "crawler/reparse.h"

#include <algorithm>
#include <tuple>

#include "crawler/report_reading.h"
#include "documents/reader_version.h"
#include "parser/report_json.h"

namespace nianbao::crawler {
namespace {

bool InScope(const storage::ReportSummary& r, ReparseScope scope) {
  switch (scope) {
    case ReparseScope::kStale:
      return r.reader_version < documents::kReaderVersion || r.status == storage::ReportStatus::kAttachment;
    case ReparseScope::kAttachment: return r.status == storage::ReportStatus::kAttachment;
    case ReparseScope::kFailed: return r.status == storage::ReportStatus::kFailed;
    case ReparseScope::kAll: return true;
  }
  return false;
}

bool SameNumbers(const storage::StoredReport& a, const storage::StoredReport& b) {
  auto key = [](const storage::MetricValue& m) { return std::tie(m.table, m.row, m.column); };
  auto sorted = [&](std::vector<storage::MetricValue> v) {
    std::sort(v.begin(), v.end(), [&](const auto& x, const auto& y) { return key(x) < key(y); });
    return v;
  };
  std::vector<storage::MetricValue> x = sorted(a.metrics), y = sorted(b.metrics);
  if (x.size() != y.size()) return false;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (key(x[i]) != key(y[i]) || x[i].value != y[i].value) return false;
  return true;
}

Status RecordReadFailure(storage::Store& store, std::int64_t doc_id, FetchErrorKind cause,
                         const std::string& detail) {
  storage::FailureRecord f;
  f.kind = cause;
  f.error = detail;
  f.permanent = false;  // failed until the next cycle fetches it again
  return store.Fail(doc_id, f);
}

std::vector<std::string> RosterOf(const std::vector<storage::AgencyRow>& agencies, std::int64_t source_id) {
  std::vector<std::string> roster;
  for (const storage::AgencyRow& a : agencies)
    if (a.on_roster && a.source_id == source_id) roster.push_back(a.name);
  return roster;
}

// The attachments' reading applied to `report` (the page's): the first that
// reads with tables gives an `attachment` report its numbers, the others are
// checked against them. Their failures are recorded.
Status ApplyAttachments(storage::Store& store, const std::vector<std::string>& urls,
                        const documents::ReaderOptions& reader, storage::StoredReport* report) {
  for (const std::string& url : urls) {
    auto doc = store.FindDocument(url);
    if (!doc.ok()) return doc.status();
    if (!*doc) continue;  // not fetched yet: the cycle reads it when it is
    auto rev = store.LatestRevision((*doc)->id);
    if (!rev.ok()) return rev.status();
    if (!*rev) continue;
    RevisionBytes in{(*rev)->body, url, (*rev)->charset, (*rev)->content_type, (*rev)->id};
    AttachmentReading read = ReadAttachment(*report, report->status == storage::ReportStatus::kParsed, in, reader);
    if (read.failure)
      NIANBAO_RETURN_IF_ERROR(RecordReadFailure(store, (*doc)->id, read.cause, DetailOf(*read.failure)));
    if (read.report) *report = std::move(*read.report);
  }
  return Status::Ok();
}

// `note` added to the stored canonical form's warnings.
void AddNote(storage::StoredReport* report, const std::string& note) {
  auto r = parser::ReportFromJson(report->canonical_json);
  if (!r.ok()) return;
  r->warnings.push_back(note);
  report->canonical_json = parser::ReportToJsonText(*r, -1);
}

}  // namespace

Result<ReparseSummary> ReparseReports(storage::Store& store, ReparseScope scope,
                                      const documents::ReaderOptions& reader) {
  ReparseSummary summary;
  auto reports = store.ListReports(storage::ReportFilter{});
  if (!reports.ok()) return reports.status();
  auto agencies = store.ListAgencies();
  if (!agencies.ok()) return agencies.status();
  for (const storage::ReportSummary& r : *reports) {
    if (!InScope(r, scope)) continue;
    auto current = store.ReportOfDocument(r.document_id);
    if (!current.ok()) return current.status();
    auto doc = store.GetDocument(r.document_id);
    if (!doc.ok()) return doc.status();
    auto rev = store.LatestRevision(r.document_id);
    if (!rev.ok()) return rev.status();
    if (!*current || !*doc || !*rev) continue;  // nothing stored to read again
    ++summary.reparsed;
    RevisionBytes page{(*rev)->body, r.url.empty() ? (*doc)->url : r.url, (*rev)->charset, (*rev)->content_type,
                       (*rev)->id};
    ArticleReading article = ReadArticle(**doc, page, RosterOf(*agencies, (*doc)->source_id), reader);
    if (!article.report) {
      ++summary.unreadable;
      continue;
    }
    storage::StoredReport fresh = std::move(*article.report);
    if (article.document_failure) {
      NIANBAO_RETURN_IF_ERROR(
          RecordReadFailure(store, (*doc)->id, CauseOf(*article.document_failure), DetailOf(*article.document_failure)));
    }
    NIANBAO_RETURN_IF_ERROR(ApplyAttachments(store, article.attachments, reader, &fresh));
    const storage::StoredReport& old = **current;
    if (fresh.status != storage::ReportStatus::kParsed) {
      ++summary.unreadable;
      NIANBAO_RETURN_IF_ERROR(store.SetReaderVersion(old.id, documents::kReaderVersion, old.document));
      continue;
    }
    if (old.status == storage::ReportStatus::kParsed && SameNumbers(old, fresh)) {
      ++summary.unchanged;
      NIANBAO_RETURN_IF_ERROR(store.SetReaderVersion(old.id, documents::kReaderVersion, fresh.document));
      continue;
    }
    ++summary.changed;
    AddNote(&fresh, "re-read from the stored revision by reader version " + std::to_string(documents::kReaderVersion) +
                        " (was " + std::to_string(old.reader_version) +
                        "): the numbers changed, the document did not");
    auto saved = store.SaveReport(fresh);
    if (!saved.ok()) return saved.status();
  }
  return summary;
}

}  // namespace nianbao::crawler
