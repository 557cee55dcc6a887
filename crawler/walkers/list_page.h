// The data a list-page walker reads and returns: one fetched response in, the
// items it lists, the follow-up requests that continue the column, and whether
// the answer was an anti-bot challenge instead of the column.
//
// All strings are UTF-8. URLs in results are absolute (resolved against the
// page). A ListPageResult never owns anything beyond its values.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/request.h"

namespace nianbao::crawler {

using net::HttpHeaders;

// One fetched response, body already decoded to UTF-8 (parser::DecodeToUtf8).
struct FetchedPage {
  std::string url;  // the final URL, after redirects
  int status = 0;   // HTTP status code
  HttpHeaders headers;
  std::string body;
};

// A request the walker asks for next: the fetcher's own request type (walkers
// leave validators and tag empty). POST bodies are form-urlencoded.
using PageRequest = net::FetchRequest;

struct ListItem {
  std::string url;                  // absolute
  std::string title;                // a@title when present, else the link text
  std::optional<std::string> date;  // "YYYY-MM-DD" when the list shows one
};

struct BlockInfo {
  bool blocked = false;
  std::string cause;  // e.g. "HTTP 412 with Ruishu $_ts challenge"; empty when not blocked
};

enum class ColumnKind {
  kHanwebDatastore,  // Hanweb JCMS jpage column or dataproxy.jsp response
  kHanwebXxgk,       // Hanweb xxgk module shell or search.jsp result page
  kCommonSearch,     // the /common/search JSON platform (list page or JSON)
  kTrs,              // TRS WCM static list with createPageHTML(...)
  kGeneric,          // any other HTML list: links plus a 下一页 link
  kUnknown,          // nothing readable (blocked, error, not a list)
};
std::string_view ColumnKindName(ColumnKind kind);

// What the caller knows about the page beyond the response itself.
struct ListContext {
  // Body size of the last page at this URL that had items; 0 when unknown.
  std::size_t last_good_size = 0;
  // The request that fetched the page, when it was one of our next_pages:
  // continuations (dataproxy windows, xxgk currpage, JSON page=N) are
  // computed from it. Absent: a plain GET of page.url.
  std::optional<PageRequest> request;
};

struct ListPageResult {
  ColumnKind kind = ColumnKind::kUnknown;
  std::vector<ListItem> items;  // deduplicated by URL, in page order
  std::vector<PageRequest> next_pages;
  BlockInfo blocked;
  std::string error;  // why the page could not be read; empty when fine
  // The record count the page claims for the whole column (Hanweb
  // totalrecord), when it states one; the caller bounds what it believes.
  std::optional<long long> total_records;
};

}  // namespace nianbao::crawler
