// TRS WCM static lists: the pager is written by createPageHTML(...), whose
// arguments give the page count and the current page (sites.md §4.1):
//   createPageHTML(count, current, "index", "html" [, …])  0-based: page 2 is index_1.html
//   createPageHTML('paging', count, current, 'index', 'html' [, …])  1-based: page 2 is index_2.html
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "crawler/walkers/list_page.h"

namespace nianbao::crawler {

struct TrsPager {
  long long count = 0;    // pages in the column
  long long current = 0;  // this page, in the variant's own numbering
  bool one_based = false;
  std::string name;  // "index"
  std::string ext;   // "html", "shtml"
};

// The first createPageHTML call with literal arguments (not its definition).
std::optional<TrsPager> FindTrsPager(std::string_view body);

// The list rows and the request for the next index_N page, if any.
ListPageResult ReadTrsList(const FetchedPage& page, const TrsPager& pager);

}  // namespace nianbao::crawler
