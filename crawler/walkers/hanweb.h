// Hanweb JCMS jpage columns: items of the inline <datastore> first group, and
// the dataproxy.jsp requests that page through the rest (sites.md §2.2-2.7).
//
// Paging is a chain: the column page yields the first window request; each
// dataproxy answer, read with the request that fetched it (ListContext), yields
// the next one. Windows are 3 × perPage records, POSTed as the browser does
// (startrecord/endrecord/perpage in the query, the param_ fields as form);
// an empty POST answer is retried once as GET with every field in the query.
// The GET `page=N` form via <nextgroup> is used when the page carries no
// param_ object (opaque/encrypted nextgroup sites).
// A server that ignores the window would repeat itself until totalrecord; the
// caller stops a chain whose answer adds no new URL.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "crawler/walkers/list_page.h"

namespace nianbao::crawler {

// A column page that embeds a jpage <datastore>.
ListPageResult ReadHanwebColumn(const FetchedPage& page);

// A dataproxy.jsp answer (an XML <datastore> document). `request` is the
// request that fetched it; absent: a GET of page.url.
ListPageResult ReadDataproxyAnswer(const FetchedPage& page, const std::optional<PageRequest>& request);

}  // namespace nianbao::crawler
