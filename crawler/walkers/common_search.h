// The "/common/search/" platform (www.harbin.gov.cn since its migration, all
// of hlj.gov.cn): list pages name a 32-hex channel whose items come from
// GET /common/search/{channelId}?_isJson=true…&page=N as JSON
// {"data": {"total", "rows", "results": [{title, url, publishedTimeStr}]}}.
#pragma once

#include <optional>
#include <string_view>

#include "crawler/walkers/list_page.h"

namespace nianbao::crawler {

// True for an HTML page that references a /common/search/{32-hex} channel.
bool IsCommonSearchPage(std::string_view body);

// The list page: its server-rendered rows, plus page 1 of each channel's JSON.
ListPageResult ReadCommonSearchPage(const FetchedPage& page);

// A JSON answer: its results, and page N+1 while total is not reached.
// Not the JSON shape: result.error says so and kind is kUnknown.
ListPageResult ReadCommonSearchJson(const FetchedPage& page, const std::optional<PageRequest>& request);

}  // namespace nianbao::crawler
