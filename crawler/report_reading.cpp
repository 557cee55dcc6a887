// Why the article and its attachments are read by separate functions: they
// are fetched separately (an attachment is a queued document of its own,
// often behind /module/download/downfile.jsp as application/octet-stream),
// and the re-read (reparse.h) replays the same two steps from storage.
#include "crawler/report_reading.h"

#include <cmath>
#include <map>
#include <tuple>

#include "crawler/document_meta.h"
#include "crawler/stored_report.h"
#include "crawler/walkers/resolve_link.h"
#include "net/url.h"
#include "parser/labels.h"
#include "parser/report_json.h"

namespace nianbao::crawler {
namespace {

constexpr std::size_t kMismatchesNamed = 10;

documents::DocumentInput InputOf(const RevisionBytes& in) {
  documents::DocumentInput d;
  d.bytes = in.bytes;
  d.url = in.url;
  d.http_charset = in.charset;
  d.content_type = in.content_type;
  d.resolve_link = ResolveLink;
  return d;
}

// The page's and the attachment's values that differ, as "key: page A, attachment B".
std::vector<std::string> Mismatches(const storage::StoredReport& page, const parser::Report& file) {
  std::map<std::tuple<std::string, std::string, std::string>, double> on_page;
  for (const storage::MetricValue& m : page.metrics)
    if (m.value) on_page[{m.table, m.row, m.column}] = *m.value;
  std::vector<std::string> out;
  for (const parser::Metric& m : file.metrics) {
    auto it = on_page.find({m.table, m.row, m.column});
    // A cell blank on either side is not a disagreement: one of them could not say.
    if (!m.value || it == on_page.end() || std::fabs(it->second - *m.value) < 1e-9) continue;
    out.push_back(m.table + "." + m.row + "." + m.column + ": stored " + parser::FormatNumber(it->second) +
                  ", attachment " + parser::FormatNumber(*m.value));
  }
  return out;
}

}  // namespace

FetchErrorKind CauseOf(const documents::ReadFailure& failure) {
  switch (failure.kind) {
    case documents::ReadFailureKind::kEncrypted: return FetchErrorKind::kEncrypted;
    case documents::ReadFailureKind::kUnsupported: return FetchErrorKind::kUnsupported;
    case documents::ReadFailureKind::kLimit: return FetchErrorKind::kLimit;
    case documents::ReadFailureKind::kBroken:
    case documents::ReadFailureKind::kNoText:
    case documents::ReadFailureKind::kCrashed: return FetchErrorKind::kBroken;
  }
  return FetchErrorKind::kBroken;
}

std::string DetailOf(const documents::ReadFailure& failure) {
  switch (failure.kind) {
    case documents::ReadFailureKind::kNoText: return "no text layer (a scan; OCR unavailable): " + failure.detail;
    case documents::ReadFailureKind::kCrashed: return "the reader crashed: " + failure.detail;
    default: return failure.detail;
  }
}

ArticleReading ReadArticle(const storage::DocumentRow& doc, const RevisionBytes& in,
                           const std::vector<std::string>& roster, const documents::ReaderOptions& reader) {
  ArticleReading out;
  DocumentHint hint = DecodeHint(doc.hint);
  documents::ReportRead read = documents::ReadReport(InputOf(in), reader);
  parser::Report report;
  if (read.report) {
    report = std::move(*read.report);
  } else if (read.form == documents::DocumentForm::kPage) {
    out.parse_failure = read.failure ? read.failure->detail : "unreadable page";
    return out;
  } else {
    out.document_failure = read.failure;
  }
  if (read.form != documents::DocumentForm::kPage && !report.tables_found) {
    // The link led straight to a file: the report is that attachment, read or not.
    if (report.title.empty()) report.title = hint.title;
    report.attachments.push_back({in.url, hint.title, documents::FormName(read.form)});
    if (!out.document_failure) {
      out.document_failure = documents::ReadFailure{
          documents::ReadFailureKind::kBroken,
          std::string(documents::FormName(read.form)) + " read, but it has none of the standard tables"};
    }
  }
  ReportKey key = StoredIdentity(hint, report, roster);
  if (key.agency.empty() || !key.year) {
    out.parse_failure = "cannot tell which agency and year the report is for (title '" +
                        (report.title.empty() ? hint.title : report.title) + "')";
    return out;
  }
  for (const parser::Attachment& a : report.attachments) {
    auto file_url = net::NormalizeUrl(a.url);
    if (!file_url.ok() || *file_url == doc.url || *file_url == in.url) continue;
    out.attachments.push_back(*file_url);
  }
  out.report = ToStoredReport(std::move(report), key.agency, *key.year, doc.id, in.revision_id, in.url);
  if (!out.report->published && hint.date) out.report->published = hint.date;
  return out;
}

AttachmentReading ReadAttachment(const storage::StoredReport& current, bool numbers_elsewhere,
                                 const RevisionBytes& in, const documents::ReaderOptions& reader) {
  AttachmentReading out;
  documents::ReportRead read = documents::ReadReport(InputOf(in), reader);
  if (!read.report) {
    out.failure = read.failure.value_or(documents::ReadFailure{documents::ReadFailureKind::kBroken, "unreadable"});
    out.cause = CauseOf(*out.failure);
    return out;
  }
  parser::Report& file = *read.report;
  if (!file.tables_found) {
    out.failure = documents::ReadFailure{
        documents::ReadFailureKind::kBroken,
        std::string(documents::FormName(read.form)) + " read, but it has none of the standard tables"};
    out.cause = FetchErrorKind::kParse;
    return out;
  }
  if (!numbers_elsewhere) {
    if (file.title.empty()) file.title = current.title;
    if (!file.published) file.published = current.published;
    out.report = ToStoredReport(std::move(file), current.agency, current.year, current.document_id, in.revision_id,
                                current.url);
    if (!out.report->published) out.report->published = current.published;
    return out;
  }
  // The numbers already read stand; this attachment only confirms or contradicts them.
  std::vector<std::string> diffs = Mismatches(current, file);
  if (diffs.empty()) return out;
  auto page = parser::ReportFromJson(current.canonical_json);
  if (!page.ok()) return out;
  std::string warning = "attachment " + in.url + " disagrees with the numbers stored: ";
  for (std::size_t i = 0; i < diffs.size() && i < kMismatchesNamed; ++i) warning += (i ? "; " : "") + diffs[i];
  if (diffs.size() > kMismatchesNamed) warning += "; and " + std::to_string(diffs.size() - kMismatchesNamed) + " more";
  for (const std::string& w : page->warnings)
    if (w == warning) return out;
  page->warnings.push_back(warning);
  out.report = ToStoredReport(std::move(*page), current.agency, current.year, current.document_id,
                              current.revision_id, current.url);
  // The same version, annotated: not a new reading of the page.
  out.report->reader_version = current.reader_version;
  if (!current.document.empty()) out.report->document = current.document;
  return out;
}

}  // namespace nianbao::crawler
