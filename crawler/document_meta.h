// What the crawler remembers about a queued document beyond its URL, kept in
// the document's row as small JSON texts (storage stores them verbatim):
//  - the request that fetches it, when it is not a plain GET of the URL (the
//    Hanweb dataproxy.jsp windows are POSTs with a form body);
//  - the hint a list page gave about an article: the link title, the agency
//    and year read from it, the date the list shows.
// A document's URL is its dedup key; for a POST the key carries the body in
// the fragment ("#POST:" + body), which NormalizeUrl would otherwise drop,
// so two windows of one endpoint stay two documents.
#pragma once

#include <optional>
#include <string>

#include "common/status.h"
#include "net/fetcher.h"
#include "crawler/walkers/list_page.h"
#include "storage/types.h"

namespace nianbao::crawler {

struct DocumentHint {
  std::string title;
  std::string agency;  // the roster name when matched, else as the title gives it
  std::optional<int> year;
  std::optional<std::string> date;  // "YYYY-MM-DD" from the list
  bool image_edition = false;        // the title marks the report as published in images (图片版)
};

// Stored JSON is read without throwing: a damaged or hand-edited row is a
// kCorrupt Result naming the field, never an exception (which would escape
// the io_context's run()). Encoding never throws either (invalid UTF-8 is
// replaced by U+FFFD).
std::string EncodeHint(const DocumentHint& hint);
// An empty hint for ""; kCorrupt for text that is not such a JSON object.
Result<DocumentHint> ReadHint(const std::string& text);
// ReadHint, with an empty hint for unreadable text (a hint only helps).
DocumentHint DecodeHint(const std::string& text);

// "" for a plain GET (nothing to remember).
std::string EncodeRequest(const PageRequest& request);
// The stored request of `doc`, nullopt for a plain GET of its URL, kCorrupt
// for a request column that is not what EncodeRequest writes.
Result<std::optional<PageRequest>> ReadRequest(const storage::DocumentRow& doc);
// ReadRequest, with nullopt also for an unreadable request.
std::optional<PageRequest> RequestOf(const storage::DocumentRow& doc);

// The queue key of a request: its normalised URL, plus "#POST:"+body for POSTs.
Result<std::string> DocumentKeyFor(const PageRequest& request);

// The FetchRequest that fetches `doc`, with its stored validators; kCorrupt
// when its stored request cannot be read (then it cannot be fetched at all).
Result<net::FetchRequest> ToFetchRequest(const storage::DocumentRow& doc);

}  // namespace nianbao::crawler
