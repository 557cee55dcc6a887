// Reading a report from bytes the crawl fetched or storage kept: an article
// (a page, or the file its link led straight to) and the attachments of an
// article whose report is in a linked file. Everything goes through
// documents::ReadReport, so the crawl, `nianbao parse` and `nianbao reparse`
// read a document the same way.
//
// The rules (README, "Attachments"):
//  - an article whose page has the standard tables keeps the page's numbers;
//    an attachment of it is read and checked against them, a mismatch being a
//    warning on the report;
//  - an article whose report is only linked (status `attachment`) takes its
//    numbers from the first attachment that reads with tables: that report is
//    stored under the article's agency, year and document, at the
//    attachment's revision (a changed attachment is a new version);
//  - a document that cannot be read has a cause (encrypted, unsupported,
//    broken, limit) and a detail; the report then stays `attachment`.
// Every stored report records documents::kReaderVersion and its document kind.
//
// Pure functions of their inputs (no Store, no I/O beyond the reader process
// ReadReport may start); they block while a document is read, which may take
// seconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/fetch_error.h"
#include "documents/report_reader.h"
#include "storage/types.h"

namespace nianbao::crawler {

// The failure cause operators see for a document that could not be read:
// kNoText and kCrashed are `broken`, the others keep their names.
FetchErrorKind CauseOf(const documents::ReadFailure& failure);
// The failure's detail for an operator; a scan says that OCR is unavailable.
std::string DetailOf(const documents::ReadFailure& failure);

// Bytes of one stored or fetched revision.
struct RevisionBytes {
  std::string_view bytes;
  std::string url;           // the document's (final) URL
  std::string charset;       // from the HTTP answer
  std::string content_type;  // from the HTTP answer; never decides a document's form
  std::int64_t revision_id = 0;
};

struct ArticleReading {
  // What to store; nullopt when the bytes are no report that can be keyed
  // (`parse_failure` says why).
  std::optional<storage::StoredReport> report;
  std::string parse_failure;
  // The article itself is a file that could not be read (the report is then
  // `attachment`, naming the article's own URL).
  std::optional<documents::ReadFailure> document_failure;
  // Attachments to fetch (normalised URLs, the article's own excluded): every
  // linked file of a report that has them.
  std::vector<std::string> attachments;
};

// `doc` is the article's row (its hint gives the link's agency and year),
// `roster` its source's agencies.
ArticleReading ReadArticle(const storage::DocumentRow& doc, const RevisionBytes& in,
                           const std::vector<std::string>& roster, const documents::ReaderOptions& reader);

struct AttachmentReading {
  // The report to save: the attachment's own numbers for an `attachment`
  // report, or `current` with a mismatch warning added; nullopt when nothing
  // changes.
  std::optional<storage::StoredReport> report;
  // Set when the attachment could not be read, or was read without tables.
  std::optional<documents::ReadFailure> failure;
  // The failure's stored cause: CauseOf(failure), or kParse for a document
  // read without the standard tables.
  FetchErrorKind cause = FetchErrorKind::kOther;
};

// `current` is the article's current report (with metrics and canonical
// JSON, as Store::ReportOfDocument gives it); `numbers_elsewhere` when its
// numbers were read from another document (the page, or another attachment):
// this one is then only checked against them.
AttachmentReading ReadAttachment(const storage::StoredReport& current, bool numbers_elsewhere,
                                 const RevisionBytes& in, const documents::ReaderOptions& reader);

}  // namespace nianbao::crawler
