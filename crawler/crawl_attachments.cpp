// What an article and an attachment yield: their reading (report_reading.h)
// stored. Both are read here, on the io thread, synchronously: a document
// read may take seconds, during which no transfer completes; moving it off
// the io thread is the speed issue's job.
#include "crawler/crawl_cycle.h"
#include "crawler/report_reading.h"

namespace nianbao::crawler {
namespace {

constexpr int kAttachmentPriority = 1;

}  // namespace

Status CrawlCycle::HandleArticle(const storage::DocumentRow& doc, const net::FetchResult& result,
                                 std::int64_t revision_id) {
  RevisionBytes in{result.body, result.final_url.empty() ? doc.url : result.final_url, result.charset,
                   result.content_type, revision_id};
  ArticleReading read = ReadArticle(doc, in, RosterOf(doc), options_.reader);
  if (!read.report) return RecordParseFailure(doc, read.parse_failure);
  auto id = store_.SaveReport(*read.report);
  if (!id.ok()) return id.status();
  ++summary_.reports_saved;
  std::vector<storage::NewDocument> files;
  for (const std::string& url : read.attachments) {
    storage::NewDocument d;
    d.url = url;
    d.kind = storage::DocKind::kAttachment;
    d.source_id = doc.source_id;
    d.parent_id = doc.id;
    d.priority = kAttachmentPriority;
    files.push_back(std::move(d));
  }
  if (!files.empty()) {
    auto ids = store_.EnqueueMany(files);
    if (!ids.ok()) return ids.status();
  }
  if (read.document_failure)
    return RecordReadFailure(doc, CauseOf(*read.document_failure), DetailOf(*read.document_failure));
  return Status::Ok();
}

Status CrawlCycle::HandleAttachment(const storage::DocumentRow& doc, const net::FetchResult& result,
                                    std::int64_t revision_id) {
  if (doc.parent_id == 0) return Status::Ok();
  auto current = store_.ReportOfDocument(doc.parent_id);
  if (!current.ok()) return current.status();
  if (!*current) return Status::Ok();  // the article named no report: nothing to read it for
  RevisionBytes in{result.body, result.final_url.empty() ? doc.url : result.final_url, result.charset,
                   result.content_type, revision_id};
  // Numbers read from this very attachment are replaced by its new revision's;
  // numbers read from the page or another attachment stand.
  bool numbers_elsewhere = false;
  if ((*current)->status == storage::ReportStatus::kParsed) {
    auto from = store_.GetRevision((*current)->revision_id);
    if (!from.ok()) return from.status();
    numbers_elsewhere = !*from || (*from)->document_id != doc.id;
  }
  AttachmentReading read = ReadAttachment(**current, numbers_elsewhere, in, options_.reader);
  if (read.report) {
    auto id = store_.SaveReport(*read.report);
    if (!id.ok()) return id.status();
    ++summary_.reports_saved;
  }
  if (read.failure) return RecordReadFailure(doc, read.cause, DetailOf(*read.failure));
  return Status::Ok();
}

Status CrawlCycle::RecordReadFailure(const storage::DocumentRow& doc, FetchErrorKind cause,
                                     const std::string& detail) {
  ++summary_.failed;
  storage::FailureRecord f;
  f.kind = cause;
  f.error = detail;
  // Failed for this cycle; the next one fetches it again (a new revision may
  // read), and the end-of-cycle re-read records the cause again after a 304.
  f.permanent = false;
  return store_.Fail(doc.id, f);
}

}  // namespace nianbao::crawler
