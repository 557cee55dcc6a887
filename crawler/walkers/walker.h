// ReadListPage: the front door of the list-page walkers. Pure logic, no
// network: given one fetched response of a disclosure column (or of a paging
// endpoint the walker asked for earlier) it says what kind of column it is,
// which items it lists, which requests continue the column, and whether the
// answer was an anti-bot block instead (never reported as an empty column).
//
// The kind is recognised from the page itself, in this order (sites.md §1):
// challenge → dataproxy XML → inline <datastore> → JSON → xxgk → /common/search
// → createPageHTML → generic links.
//
// Continuations are a chain: fetch each next_pages entry and call again with
// ListContext::request set to it. Follow next_pages even when items is empty:
// shells (xxgk, /common/search pages) list nothing themselves, and an empty
// dataproxy POST answer asks for its GET retry. The walker ends each chain
// itself (an empty answer yields no next page; totals, page counts and pager
// links bound the rest). Items repeat across pages (overlap records, PC +
// mobile lists): the caller dedupes by URL.
#pragma once

#include "crawler/walkers/list_page.h"

namespace nianbao::crawler {

ListPageResult ReadListPage(const FetchedPage& page, const ListContext& ctx);

}  // namespace nianbao::crawler
