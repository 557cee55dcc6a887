#include "crawler/stored_report.h"

#include "documents/reader_version.h"
#include "parser/identity/agency_match.h"
#include "parser/identity/report_identity.h"
#include "parser/report_json.h"

namespace nianbao::crawler {
namespace {

storage::CheckStatus StoredCheckStatus(parser::CheckStatus s) {
  switch (s) {
    case parser::CheckStatus::kOk: return storage::CheckStatus::kOk;
    case parser::CheckStatus::kFailed: return storage::CheckStatus::kFailed;
    case parser::CheckStatus::kNotAssessable: return storage::CheckStatus::kNotAssessable;
  }
  return storage::CheckStatus::kNotAssessable;
}

}  // namespace

std::string ResolveAgency(const std::string& named, const std::vector<std::string>& roster) {
  if (!named.empty()) {
    if (auto m = parser::MatchAgency(named, roster)) return *m;
    return named;
  }
  return roster.size() == 1 ? roster.front() : std::string();
}

std::optional<DocumentHint> HintFromLink(const std::string& title, const std::optional<std::string>& date,
                                         const std::vector<std::string>& roster) {
  parser::ReportIdentity id = parser::IdentityFromTitle(title);
  if (!id.is_report()) return std::nullopt;
  DocumentHint hint;
  hint.title = title;
  hint.year = id.year;
  hint.date = date;
  hint.agency = ResolveAgency(id.agency, roster);
  hint.image_edition = id.kind == parser::ReportKind::kImageEdition;
  return hint;
}

ReportKey StoredIdentity(const DocumentHint& hint, const parser::Report& report,
                         const std::vector<std::string>& roster) {
  ReportKey key;
  key.agency = hint.agency.empty() ? ResolveAgency(report.agency, roster) : hint.agency;
  key.year = hint.year ? hint.year : report.year;
  return key;
}

storage::StoredReport ToStoredReport(parser::Report report, const std::string& agency, int year,
                                     std::int64_t document_id, std::int64_t revision_id, const std::string& url) {
  // The canonical form names the crawler's agency and year, so `show` agrees
  // with `reports` even where the title spelt the agency differently.
  report.agency = agency;
  report.year = year;
  report.url = url;
  storage::StoredReport s;
  s.agency = agency;
  s.year = year;
  s.document_id = document_id;
  s.revision_id = revision_id;
  s.format = report.format == parser::ReportFormat::kUnknown ? "" : parser::FormatName(report.format);
  s.title = report.title;
  s.url = url;
  s.published = report.published;
  s.status = report.tables_found           ? storage::ReportStatus::kParsed
             : !report.attachments.empty() ? storage::ReportStatus::kAttachment
                                           : storage::ReportStatus::kFailed;
  s.body_text = report.body_text;
  // The form the numbers were read from: none for a report without them.
  s.document = s.status == storage::ReportStatus::kParsed ? parser::DocumentKindName(report.document) : "";
  s.reader_version = documents::kReaderVersion;
  // The whole canonical form is kept, so `show` prints exactly what `parse`
  // would, sections, attachments and warnings included.
  s.canonical_json = parser::ReportToJsonText(report, -1);
  for (const parser::Metric& m : report.metrics) s.metrics.push_back({m.table, m.row, m.column, m.value});
  for (const parser::CheckResult& c : report.checks) {
    s.checks.push_back({c.rule, c.scope, StoredCheckStatus(c.status), c.detail});
    if (c.status == parser::CheckStatus::kFailed) ++s.checks_failed;
  }
  return s;
}

}  // namespace nianbao::crawler
