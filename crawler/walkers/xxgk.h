// Hanweb xxgk (政府信息公开) module: the column page is a shell whose list is
// loaded from /module/xxgk/search.jsp (POST, paged by `currpage`); the answer
// is an HTML table of tr.tr_main_value_odd/even rows (sites.md §2.8).
#pragma once

#include <optional>
#include <string_view>

#include "crawler/walkers/list_page.h"

namespace nianbao::crawler {

// True for a search.jsp result page (it has tr_main_value rows).
bool IsXxgkResultPage(std::string_view body);
// True for an xxgk shell page that loads its list from search.jsp.
bool IsXxgkShell(std::string_view body);

// The shell: one POST to search.jsp for page 1, plus any rows it renders itself.
ListPageResult ReadXxgkShell(const FetchedPage& page);
// A result page: its rows, and the request for currpage + 1 until the last page.
ListPageResult ReadXxgkResults(const FetchedPage& page, const std::optional<PageRequest>& request);

}  // namespace nianbao::crawler
